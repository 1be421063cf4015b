/**
 * @module test/e2e/generate-parity.test
 * `pictograph generate` (through the real CLI) against OpenVINO GenAI's Text2ImagePipeline on the same tiny generated
 * models: every image must decode to exactly GenAI's pixels. The cases cover each scheduler (edited
 * scheduler_config.json), SD 2.1 (v-prediction), LCM, f16 and int8 weights, square and non-square sizes, steps 1, 2, 3,
 * 9 and 20, guidance 1.0 and 7.5, n = 1 and 2, seeds 0, 42, 409 and above 2^32, a negative prompt and a prompt longer
 * than 77 tokens. GenAI runs once for all of them (the harness's batch mode).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import {
  decodeRgbPng, genaiGenerateBatch, type GenaiOutcome, type GenaiRequest, type RgbImage,
} from '../support/genai-reference.js';
import { withSchedulerConfig } from '../support/model-variants.js';
import { pixelDifference } from '../support/pixel-difference.js';
import { tinyModel } from '../support/tiny-models.js';

type ModelKey = 'sd15' | 'sd15-flow-match' | 'sd15-ddim' | 'sd15-lms' | 'sd15-euler' | 'sd15-euler-trailing' | 'sd15-euler-ancestral'
  | 'sd15-lcm' | 'sd15-f16' | 'sd15-int8' | 'sd21' | 'lcm';

async function modelDirs(): Promise<Record<ModelKey, string>> {
  const sd15 = await tinyModel('sd15');
  return {
    'sd15': sd15,
    'sd15-flow-match': withSchedulerConfig(sd15, { _class_name: 'FlowMatchEulerDiscreteScheduler' }),
    'sd15-ddim': withSchedulerConfig(sd15, { _class_name: 'DDIMScheduler' }),
    'sd15-lms': withSchedulerConfig(sd15, { _class_name: 'LMSDiscreteScheduler' }),
    'sd15-euler': withSchedulerConfig(sd15, { _class_name: 'EulerDiscreteScheduler' }),
    'sd15-euler-trailing': withSchedulerConfig(sd15, { _class_name: 'EulerDiscreteScheduler', timestep_spacing: 'trailing' }),
    'sd15-euler-ancestral': withSchedulerConfig(sd15, { _class_name: 'EulerAncestralDiscreteScheduler' }),
    'sd15-lcm': withSchedulerConfig(sd15, { _class_name: 'LCMScheduler' }),
    'sd15-f16': await tinyModel('sd15', { weights: 'f16' }),
    'sd15-int8': await tinyModel('sd15', { weights: 'int8' }),
    'sd21': await tinyModel('sd21'),
    'lcm': await tinyModel('lcm'),
  };
}

interface ParityCase extends Pick<GenaiRequest, 'prompt' | 'negativePrompt' | 'width' | 'height' | 'steps' | 'guidance' | 'n'> {
  readonly label: string;
  readonly model: ModelKey;
  readonly seed?: bigint;
  /** Ours runs the base model with `--scheduler`; GenAI the model whose config names that class. */
  readonly scheduler?: { readonly flag: string; readonly genaiModel: ModelKey };
}

const LONG_PROMPT = Array.from({ length: 40 }, (_, i) => `word${i} painted in oil, highly detailed`).join(', ');

const CASES: readonly ParityCase[] = [
  { label: 'PNDM (the model\'s own), 64x64, 3 steps, guidance 7.5, seed 42', model: 'sd15', prompt: 'a cat on a mat', width: 64, height: 64, steps: 3, guidance: 7.5, seed: 42n },
  { label: 'PNDM, 1 step', model: 'sd15', prompt: 'a red house', width: 64, height: 64, steps: 1 },
  { label: 'PNDM, non-square 96x64, 2 steps, seed 0', model: 'sd15', prompt: 'mountains at dawn', width: 96, height: 64, steps: 2, seed: 0n },
  { label: 'PNDM, 20 steps, seed 409, negative prompt', model: 'sd15', prompt: 'portrait of an owl', negativePrompt: 'blurry, dark', width: 64, height: 64, steps: 20, seed: 409n },
  { label: 'PNDM, a prompt longer than 77 tokens', model: 'sd15', prompt: LONG_PROMPT, width: 64, height: 64, steps: 2 },
  { label: 'PNDM, model defaults (size from unet.sample_size, guidance 7.5), seed 2^64-1', model: 'sd15', prompt: 'a lighthouse', steps: 2, seed: 2n ** 64n - 1n },
  { label: 'DDIM, 9 steps, seed 2^32 + 409', model: 'sd15-ddim', prompt: 'a field of flowers', width: 64, height: 64, steps: 9, seed: 2n ** 32n + 409n },
  { label: 'LMSDiscrete (GenAI: DDIM), 2 steps', model: 'sd15-lms', prompt: 'a field of flowers', width: 64, height: 64, steps: 2 },
  { label: 'Euler, guidance 1.0 (no CFG), n = 2', model: 'sd15-euler', prompt: 'a bowl of fruit', width: 64, height: 64, steps: 2, guidance: 1, n: 2 },
  { label: 'Euler, trailing spacing, 9 steps (GenAI\'s extra t = -1 step)', model: 'sd15-euler-trailing', prompt: 'a bowl of fruit', width: 64, height: 64, steps: 9 },
  { label: 'Euler ancestral, n = 2, negative prompt, seed 0', model: 'sd15-euler-ancestral', prompt: 'a sailing ship', negativePrompt: 'people', width: 64, height: 64, steps: 3, n: 2, seed: 0n },
  { label: 'LCM scheduler on SD 1.5, 3 steps', model: 'sd15-lcm', prompt: 'a teapot', width: 64, height: 64, steps: 3 },
  { label: '--scheduler euler_ancestral overrides the model\'s PNDM', model: 'sd15', prompt: 'a sailing ship', width: 64, height: 64, steps: 2, scheduler: { flag: 'euler_ancestral', genaiModel: 'sd15-euler-ancestral' } },
  { label: 'f16 weights, 2 steps', model: 'sd15-f16', prompt: 'a cat on a mat', width: 64, height: 64, steps: 2 },
  { label: 'int8 weights, 2 steps', model: 'sd15-int8', prompt: 'a cat on a mat', width: 64, height: 64, steps: 2 },
  { label: 'SD 2.1 (DDIM, v-prediction), 3 steps', model: 'sd21', prompt: 'a castle', width: 64, height: 64, steps: 3, seed: 409n },
  { label: 'LCM, 4 steps, default guidance 8.5, n = 2, seed 409', model: 'lcm', prompt: 'a robot', steps: 4, n: 2, seed: 409n },
  { label: 'LCM, 1 step, 96x64', model: 'lcm', prompt: 'a robot', width: 96, height: 64, steps: 1 },
];

function cliArgs(testCase: ParityCase, model: string, out: string): string[] {
  const args = ['generate', '--model', model, '--prompt', testCase.prompt, '--out', out];
  if (testCase.negativePrompt !== undefined) args.push('--negative_prompt', testCase.negativePrompt);
  if (testCase.width !== undefined) args.push('--size', `${testCase.width}x${testCase.height}`);
  if (testCase.steps !== undefined) args.push('--steps', String(testCase.steps));
  if (testCase.guidance !== undefined) args.push('--guidance', String(testCase.guidance));
  if (testCase.seed !== undefined) args.push('--seed', String(testCase.seed));
  if (testCase.n !== undefined) args.push('--n', String(testCase.n));
  if (testCase.scheduler !== undefined) args.push('--scheduler', testCase.scheduler.flag);
  return args;
}

describe('pictograph generate: pixels identical to OpenVINO GenAI (tiny models)', function () {
  this.timeout(900_000);
  let scratch = '';
  let genai: GenaiOutcome[] = [];
  /** GenAI on the first case with another seed; and on a FlowMatch scheduler config. */
  let otherSeed: GenaiOutcome | undefined;
  let flowMatch: GenaiOutcome | undefined;
  let ourFlowMatch = '';
  const ours: (RgbImage[] | string)[] = [];

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'generate-parity-'));
    const dirs = await modelDirs();
    const requests: GenaiRequest[] = CASES.map((testCase) => ({
      modelDir: dirs[testCase.scheduler?.genaiModel ?? testCase.model], mode: 'text2image', prompt: testCase.prompt,
      negativePrompt: testCase.negativePrompt, width: testCase.width, height: testCase.height, steps: testCase.steps,
      guidance: testCase.guidance, seed: testCase.seed, n: testCase.n,
    }));
    const first = requests[0] as GenaiRequest;
    const outcomes = await genaiGenerateBatch([...requests, { ...first, seed: 43n }, { ...first, modelDir: dirs['sd15-flow-match'] }]);
    genai = outcomes.slice(0, CASES.length);
    [otherSeed, flowMatch] = outcomes.slice(CASES.length);
    const refused = await runCli(['generate', '--model', dirs['sd15-flow-match'], '--prompt', 'x', '--out', join(scratch, 'no.png')]);
    ourFlowMatch = `exit ${refused.code}: ${refused.stderr}`;
    for (const [i, testCase] of CASES.entries()) {
      const out = join(scratch, `case-${i}.png`);
      const result = await runCli(cliArgs(testCase, dirs[testCase.model], out));
      if (result.code !== 0) {
        ours.push(`exit ${result.code}: ${result.stderr}`);
        continue;
      }
      ours.push(result.stdout.trim().split('\n').map((path) => decodeRgbPng(readFileSync(path))));
    }
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  CASES.forEach((testCase, i) => {
    it(testCase.label, () => {
      const reference = genai[i];
      const images = ours[i];
      if (reference === undefined || 'error' in reference) expect.fail(`GenAI failed: ${reference?.error ?? 'no result'}`);
      if (typeof images === 'string' || images === undefined) expect.fail(`pictograph generate failed: ${images ?? 'not run'}`);
      expect(images.length, 'image count').to.equal(reference.result.images.length);
      images.forEach((image, k) => {
        expect(pixelDifference(image, reference.result.images[k] as RgbImage), `image ${k}`).to.equal('');
      });
    });
  });

  it('control: another seed gives other pixels (the comparison can fail)', () => {
    const images = ours[0];
    if (otherSeed === undefined || 'error' in otherSeed || typeof images === 'string' || images === undefined) return expect.fail('no images');
    expect(pixelDifference(images[0] as RgbImage, otherSeed.result.images[0] as RgbImage)).to.not.equal('');
  });

  it('FlowMatch on a Stable Diffusion model: GenAI throws at generate(), we refuse at load naming the config', () => {
    expect(flowMatch !== undefined && 'error' in flowMatch ? flowMatch.error : 'no error').to.contain("doesn't support int timesteps");
    expect(ourFlowMatch).to.match(/^exit 1: .*scheduler_config\.json: '_class_name': FlowMatchEulerDiscreteScheduler needs a SD3 or FLUX pipeline/);
  });
});
