/**
 * @module test/e2e/edit-parity.test
 * `pictograph generate --image/--mask/--strength` (through the real CLI, as a multipart /v3/images/edits request)
 * against OpenVINO GenAI's Image2ImagePipeline and InpaintingPipeline on the same tiny models and the same input files:
 * every image must decode to exactly GenAI's pixels. Image-to-image, inpainting (4-channel blend, 9-channel UNet, LCM)
 * and outpainting, with the OVMS demo images sent whole (GenAI's bicubic resize runs) and pre-shrunk to 64x64.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from 'fast-png';
import { runCli, type CliResult } from '../support/cli.js';
import {
  decodeRgbPng, genaiGenerateBatch, type GenaiMode, type GenaiOutcome, type GenaiRequest, type RgbImage,
} from '../support/genai-reference.js';
import { withSchedulerConfig } from '../support/model-variants.js';
import { sharedDataDir } from '../support/paths.js';
import { pixelDifference } from '../support/pixel-difference.js';
import { tinyModel } from '../support/tiny-models.js';

type ModelKey = 'sd15' | 'sd15-euler' | 'sd15-euler-trailing' | 'sd15-euler-ancestral' | 'sd15-ddim' | 'sd15-lms'
  | 'sd15-inpaint' | 'sd15-inpaint-euler-ancestral' | 'lcm';

async function modelDirs(): Promise<Record<ModelKey, string>> {
  const sd15 = await tinyModel('sd15');
  const inpaint = await tinyModel('sd15-inpaint');
  return {
    'sd15': sd15,
    'sd15-euler': withSchedulerConfig(sd15, { _class_name: 'EulerDiscreteScheduler' }),
    'sd15-euler-trailing': withSchedulerConfig(sd15, { _class_name: 'EulerDiscreteScheduler', timestep_spacing: 'trailing' }),
    'sd15-euler-ancestral': withSchedulerConfig(sd15, { _class_name: 'EulerAncestralDiscreteScheduler' }),
    'sd15-ddim': withSchedulerConfig(sd15, { _class_name: 'DDIMScheduler' }),
    'sd15-lms': withSchedulerConfig(sd15, { _class_name: 'LMSDiscreteScheduler' }),
    'sd15-inpaint': inpaint,
    'sd15-inpaint-euler-ancestral': withSchedulerConfig(inpaint, { _class_name: 'EulerAncestralDiscreteScheduler' }),
    'lcm': await tinyModel('lcm'),
  };
}

/**
 * The input files: the demo images whole (cat 512², its RGBA mask, outpainting 768²), shrunk 8x to 64x64 (box
 * filter; the mask stays RGBA, its grey edges exercise the binarisation), and an odd-sized 69x45 crop.
 */
type InputKey = 'cat' | 'catMask' | 'outpaint' | 'outpaintMask' | 'cat64' | 'catMask64' | 'odd69x45';

interface Png {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Uint8Array;
}

function readPng(path: string): Png {
  const png = decode(readFileSync(path));
  if (png.depth !== 8) throw new Error(`${path}: expected 8-bit samples`);
  return { width: png.width, height: png.height, channels: png.channels, data: new Uint8Array(png.data) };
}

function writePng(path: string, png: Png): string {
  writeFileSync(path, encode({ width: png.width, height: png.height, channels: png.channels, depth: 8, data: png.data }));
  return path;
}

/** Mean of each factor×factor block, rounded: any resize will do, both sides get the same file. */
function shrink(png: Png, factor: number): Png {
  const width = Math.floor(png.width / factor);
  const height = Math.floor(png.height / factor);
  const data = new Uint8Array(width * height * png.channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < png.channels; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          for (let dx = 0; dx < factor; dx++) sum += png.data[((y * factor + dy) * png.width + x * factor + dx) * png.channels + c] ?? 0;
        }
        data[(y * width + x) * png.channels + c] = Math.round(sum / (factor * factor));
      }
    }
  }
  return { width, height, channels: png.channels, data };
}

function crop(png: Png, left: number, top: number, width: number, height: number): Png {
  const data = new Uint8Array(width * height * png.channels);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * png.width + left) * png.channels;
    data.set(png.data.subarray(from, from + width * png.channels), y * width * png.channels);
  }
  return { width, height, channels: png.channels, data };
}

function inputFiles(scratch: string): Record<InputKey, string> {
  const whole = {
    cat: join(sharedDataDir, 'cat.png'), catMask: join(sharedDataDir, 'cat_mask.png'),
    outpaint: join(sharedDataDir, 'outpaint_input.png'), outpaintMask: join(sharedDataDir, 'outpaint_mask.png'),
  };
  const cat = readPng(whole.cat);
  return {
    ...whole,
    cat64: writePng(join(scratch, 'cat64.png'), shrink(cat, 8)),
    catMask64: writePng(join(scratch, 'cat_mask64.png'), shrink(readPng(whole.catMask), 8)),
    odd69x45: writePng(join(scratch, 'odd69x45.png'), crop(shrink(cat, 4), 20, 40, 69, 45)),
  };
}

type Group = 'image-to-image' | 'inpainting' | 'outpainting' | 'image size rules';

interface EditCase {
  readonly group: Group;
  readonly label: string;
  readonly model: ModelKey;
  readonly image: InputKey;
  readonly mask?: InputKey;
  readonly size?: readonly [width: number, height: number];
  readonly steps: number;
  readonly guidance?: number;
  readonly strength?: number;
  readonly seed?: bigint;
  readonly n?: number;
  /** Ours runs `model` with `--scheduler flag`; GenAI the model whose config names that class. */
  readonly scheduler?: { readonly flag: string; readonly genaiModel: ModelKey };
  /** Both refuse: our message (exit 1), and GenAI's exception. */
  readonly refused?: { readonly ours: RegExp; readonly genai: RegExp };
}

const SEED_64 = 2n ** 64n - 1n;
const SEED_ABOVE_32 = 2n ** 32n + 409n;

const CASES: readonly EditCase[] = [
  { group: 'image-to-image', label: 'PNDM (the model\'s own), strength 0.3, 4 steps (1 runs), seed 42', model: 'sd15', image: 'cat64', steps: 4, strength: 0.3, seed: 42n },
  { group: 'image-to-image', label: 'PNDM, strength omitted (GenAI\'s image-to-image default 0.8), 3 steps, seed 409', model: 'sd15', image: 'cat64', steps: 3, seed: 409n },
  { group: 'image-to-image', label: 'PNDM, strength 0.8 given, 3 steps, seed 409', model: 'sd15', image: 'cat64', steps: 3, strength: 0.8, seed: 409n },
  { group: 'image-to-image', label: 'Euler discrete, strength 1.0, n = 2, seed 2^64-1', model: 'sd15', image: 'cat64', steps: 3, strength: 1, seed: SEED_64, n: 2, scheduler: { flag: 'euler', genaiModel: 'sd15-euler' } },
  { group: 'image-to-image', label: 'Euler ancestral, strength 0.8, n = 2, seed 2^32 + 409', model: 'sd15', image: 'cat64', steps: 3, strength: 0.8, seed: SEED_ABOVE_32, n: 2, scheduler: { flag: 'euler_ancestral', genaiModel: 'sd15-euler-ancestral' } },
  { group: 'image-to-image', label: 'DDIM, strength 0.3, 4 steps, seed 0', model: 'sd15', image: 'cat64', steps: 4, strength: 0.3, seed: 0n, scheduler: { flag: 'ddim', genaiModel: 'sd15-ddim' } },
  { group: 'image-to-image', label: 'LMS (GenAI: DDIM), strength 0.5, 2 steps', model: 'sd15', image: 'cat64', steps: 2, strength: 0.5, scheduler: { flag: 'lms', genaiModel: 'sd15-lms' } },
  { group: 'image-to-image', label: 'LCM, strength 0.5, 4 steps, n = 2, seed 409', model: 'lcm', image: 'cat64', steps: 4, strength: 0.5, seed: 409n, n: 2 },
  { group: 'image-to-image', label: 'the whole 512x512 cat with --size 32x48 (bicubic resize, non-square), Euler ancestral', model: 'sd15', image: 'cat', size: [32, 48], steps: 2, strength: 0.6, scheduler: { flag: 'euler_ancestral', genaiModel: 'sd15-euler-ancestral' } },
  { group: 'image-to-image', label: 'Euler, trailing spacing, 9 steps (GenAI\'s extra t = -1 step), strength 0.5, --size 32x32', model: 'sd15-euler-trailing', image: 'cat64', size: [32, 32], steps: 9, strength: 0.5 },
  { group: 'image-to-image', label: 'DDIM, strength 0.3 with 3 steps leaves none: both refuse', model: 'sd15', image: 'cat64', steps: 3, strength: 0.3, scheduler: { flag: 'ddim', genaiModel: 'sd15-ddim' },
    refused: { ours: /node "Scheduler": strength 0\.3 with num_inference_steps 3 leaves no denoising step; .*\(--strength\)/, genai: /After adjusting the num_inference_steps by strength parameter/ } },

  { group: 'image size rules', label: 'a 69x45 image without --size generates 68x44 (rounded down to the VAE scale 2)', model: 'sd15', image: 'odd69x45', steps: 2, scheduler: { flag: 'euler', genaiModel: 'sd15-euler' } },
  { group: 'image size rules', label: 'a 512x512 mask on a 64x64 image is resized (9-channel, size from the model: 64x64)', model: 'sd15-inpaint', image: 'cat64', mask: 'catMask', steps: 2, seed: 409n },

  { group: 'inpainting', label: '4-channel SD 1.5 (blend), PNDM, strength 1.0 (default), 64x64 files, seed 42', model: 'sd15', image: 'cat64', mask: 'catMask64', steps: 3, seed: 42n },
  { group: 'inpainting', label: '4-channel, Euler (decodes the unblended x0), strength 0.6, whole 512x512 files with --size 64x64, seed 409', model: 'sd15', image: 'cat', mask: 'catMask', size: [64, 64], steps: 3, strength: 0.6, seed: 409n, scheduler: { flag: 'euler', genaiModel: 'sd15-euler' } },
  { group: 'inpainting', label: '4-channel, DDIM, strength 0.75, 4 steps, seed 2^64-1', model: 'sd15', image: 'cat64', mask: 'catMask64', steps: 4, strength: 0.75, seed: SEED_64, scheduler: { flag: 'ddim', genaiModel: 'sd15-ddim' } },
  { group: 'inpainting', label: '4-channel, PNDM, strength 0.5, 4 steps', model: 'sd15', image: 'cat64', mask: 'catMask64', steps: 4, strength: 0.5 },
  { group: 'inpainting', label: '4-channel, Euler ancestral (draws per step, decodes the unblended x0), strength 0.8, seed 409', model: 'sd15', image: 'cat64', mask: 'catMask64', steps: 3, strength: 0.8, seed: 409n, scheduler: { flag: 'euler_ancestral', genaiModel: 'sd15-euler-ancestral' } },
  { group: 'inpainting', label: '4-channel, n = 2: GenAI fails blending, we refuse naming the field', model: 'sd15', image: 'cat64', mask: 'catMask64', steps: 2, n: 2,
    refused: { ours: /num_images_per_prompt must be 1 for inpainting with a 4-channel UNet \(got 2; .*\(--n\)/, genai: /must match/ } },
  { group: 'inpainting', label: '9-channel SD 1.5 inpainting model, DDIM (its own), strength 1.0, n = 2, 64x64 files', model: 'sd15-inpaint', image: 'cat64', mask: 'catMask64', steps: 3, n: 2 },
  { group: 'inpainting', label: '9-channel, strength 0.7, n = 2, whole files with --size 64x64, seed 2^64-1', model: 'sd15-inpaint', image: 'cat', mask: 'catMask', size: [64, 64], steps: 3, strength: 0.7, n: 2, seed: SEED_64 },
  { group: 'inpainting', label: '9-channel, Euler ancestral, strength 0.9, seed 0', model: 'sd15-inpaint', image: 'cat64', mask: 'catMask64', steps: 3, strength: 0.9, seed: 0n, scheduler: { flag: 'euler_ancestral', genaiModel: 'sd15-inpaint-euler-ancestral' } },
  { group: 'inpainting', label: '9-channel, guidance 1.0 (no CFG: mask and masked latent repeated n times only), n = 2', model: 'sd15-inpaint', image: 'cat64', mask: 'catMask64', steps: 2, guidance: 1, n: 2 },
  { group: 'inpainting', label: 'LCM, strength 1.0 (default), 3 steps, 64x64 files', model: 'lcm', image: 'cat64', mask: 'catMask64', steps: 3 },
  { group: 'inpainting', label: 'LCM, strength 0.5, 4 steps, whole files with --size 32x32, seed 2^32 + 409', model: 'lcm', image: 'cat', mask: 'catMask', size: [32, 32], steps: 4, strength: 0.5, seed: SEED_ABOVE_32 },

  { group: 'outpainting', label: '4-channel SD 1.5, the 768x768 canvas and mask with --size 64x64', model: 'sd15', image: 'outpaint', mask: 'outpaintMask', size: [64, 64], steps: 3, seed: 409n },
  { group: 'outpainting', label: '9-channel inpainting model, the 768x768 canvas and mask with --size 64x64, n = 2', model: 'sd15-inpaint', image: 'outpaint', mask: 'outpaintMask', size: [64, 64], steps: 3, n: 2 },
];

const PROMPT = 'a cat wearing a hat';

function genaiRequest(testCase: EditCase, dirs: Record<ModelKey, string>, files: Record<InputKey, string>): GenaiRequest {
  const mode: GenaiMode = testCase.mask === undefined ? 'image2image' : 'inpainting';
  return {
    modelDir: dirs[testCase.scheduler?.genaiModel ?? testCase.model], mode, prompt: PROMPT,
    width: testCase.size?.[0], height: testCase.size?.[1], steps: testCase.steps, guidance: testCase.guidance, strength: testCase.strength,
    seed: testCase.seed, n: testCase.n, image: files[testCase.image],
    ...(testCase.mask === undefined ? {} : { mask: files[testCase.mask] }),
  };
}

function cliArgs(testCase: EditCase, dirs: Record<ModelKey, string>, files: Record<InputKey, string>, out: string): string[] {
  const args = ['generate', '--model', dirs[testCase.model], '--prompt', PROMPT, '--out', out, '--image', files[testCase.image],
    '--steps', String(testCase.steps)];
  if (testCase.mask !== undefined) args.push('--mask', files[testCase.mask]);
  if (testCase.size !== undefined) args.push('--size', `${testCase.size[0]}x${testCase.size[1]}`);
  if (testCase.guidance !== undefined) args.push('--guidance', String(testCase.guidance));
  if (testCase.strength !== undefined) args.push('--strength', String(testCase.strength));
  if (testCase.seed !== undefined) args.push('--seed', String(testCase.seed));
  if (testCase.n !== undefined) args.push('--n', String(testCase.n));
  if (testCase.scheduler !== undefined) args.push('--scheduler', testCase.scheduler.flag);
  return args;
}

/** Runs `jobs` with at most `limit` at a time (the CLI runs are mostly model compilation: two cores, two runs). */
async function inPool<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) results[i] = await (jobs[i] as () => Promise<T>)();
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe('pictograph generate --image/--mask: pixels identical to OpenVINO GenAI (tiny models)', function () {
  this.timeout(600_000);
  let scratch = '';
  let genai: GenaiOutcome[] = [];
  let otherSeed: GenaiOutcome | undefined;
  let ours: CliResult[] = [];

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'edit-parity-'));
    const dirs = await modelDirs();
    const files = inputFiles(scratch);
    const requests = CASES.map((testCase) => genaiRequest(testCase, dirs, files));
    const first = requests[0] as GenaiRequest;
    const reference = genaiGenerateBatch([...requests, { ...first, seed: 43n }]);
    const runs = inPool(CASES.map((testCase, i) => () => runCli(cliArgs(testCase, dirs, files, join(scratch, `case-${i}.png`)))), 2);
    const [outcomes, results] = await Promise.all([reference, runs]);
    genai = outcomes.slice(0, CASES.length);
    otherSeed = outcomes[CASES.length];
    ours = results;
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const groups: readonly Group[] = ['image-to-image', 'inpainting', 'outpainting', 'image size rules'];
  for (const group of groups) {
    describe(group, () => {
      CASES.forEach((testCase, i) => {
        if (testCase.group !== group) return;
        it(testCase.label, () => {
          const reference = genai[i];
          const result = ours[i];
          if (reference === undefined || result === undefined) return expect.fail('not run');
          if (testCase.refused !== undefined) {
            expect('error' in reference ? reference.error : 'GenAI succeeded').to.match(testCase.refused.genai);
            expect(result.code, result.stdout).to.equal(1);
            expect(result.stderr).to.match(testCase.refused.ours);
            return;
          }
          if ('error' in reference) return expect.fail(`GenAI failed: ${reference.error}`);
          if (result.code !== 0) return expect.fail(`pictograph generate failed: exit ${result.code}: ${result.stderr}`);
          const images = result.stdout.trim().split('\n').map((path) => decodeRgbPng(readFileSync(path)));
          expect(images.length, 'image count').to.equal(reference.result.images.length);
          images.forEach((image, k) => {
            expect(pixelDifference(image, reference.result.images[k] as RgbImage), `image ${k}`).to.equal('');
          });
        });
      });
    });
  }

  it('control: another seed gives other pixels (the comparison can fail)', () => {
    const result = ours[0];
    if (otherSeed === undefined || 'error' in otherSeed || result === undefined || result.code !== 0) return expect.fail('no images');
    const image = decodeRgbPng(readFileSync(result.stdout.trim()));
    expect(pixelDifference(image, otherSeed.result.images[0] as RgbImage)).to.not.equal('');
  });
});
