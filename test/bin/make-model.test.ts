import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Arch } from '../../calculators/model-generator/configs/index.js';
import { runCli } from '../support/cli.js';
import { genaiGenerate, type RgbImage } from '../support/genai-reference.js';
import { readIrFile } from '../../calculators/openvino/ir/index.js';
import { type InputSpec, type IrRun, runIrs } from '../support/ir-runner.js';

const ARCHS: readonly Arch[] = ['sd15', 'sd21', 'lcm', 'sd15-inpaint'];
const COMPONENT_FOLDERS = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'] as const;

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/** Inputs of the shapes GenAI feeds, for a model directory's component (batch 2 where CFG doubles it). */
function componentInputs(dir: string, component: (typeof COMPONENT_FOLDERS)[number]): Record<string, InputSpec> {
  const unet = readJson(join(dir, 'unet', 'config.json'));
  const text = readJson(join(dir, 'text_encoder', 'config.json'));
  const vocab = text.vocab_size as number;
  switch (component) {
    case 'text_encoder': {
      const row = (tokens: number[]) => [vocab - 2, ...tokens, ...new Array<number>(76 - tokens.length).fill(vocab - 1)];
      return { input_ids: { shape: [2, 77], elementType: 'i64', values: [...row([]), ...row([320, 719, 528, 320, 662])] } };
    }
    case 'unet': {
      const inputs: Record<string, InputSpec> = {
        sample: { shape: [2, unet.in_channels as number, 32, 32], elementType: 'f32', random: { seed: 1 } },
        timestep: { shape: [1], elementType: 'i64', values: [500] },
        encoder_hidden_states: { shape: [2, 77, unet.cross_attention_dim as number], elementType: 'f32', random: { seed: 2 } },
      };
      if (unet.time_cond_proj_dim !== null) {
        inputs.timestep_cond = { shape: [1, unet.time_cond_proj_dim as number], elementType: 'f32', random: { seed: 3 } };
      }
      return inputs;
    }
    case 'vae_encoder': return { sample: { shape: [1, 3, 64, 64], elementType: 'f32', random: { seed: 4, scale: 0.5 } } };
    case 'vae_decoder': return { latent_sample: { shape: [1, 4, 32, 32], elementType: 'f32', random: { seed: 5, scale: 5 } } };
  }
}

/**
 * Parameters as written: elements of the `self.<module>.<param>` weight Consts (f32, f16 `_compressed`, int8 u8
 * weights; not zero points or scales, `.../zero_point`, nor integer buffers such as position_ids).
 */
function writtenParameterCount(xml: string): number {
  return readIrFile(xml).nodes
    .filter((node) => node.type === 'Const' && node.name.startsWith('self.') && !node.name.includes('/') &&
      !['i64', 'i32'].includes(node.outputs[0]!.elementType))
    .reduce((total, node) => total + node.outputs[0]!.shape.reduce((a, b) => a * b, 1), 0);
}

function relativeL2(actual: Float32Array, expected: Float32Array): number {
  let difference = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    difference += (actual[i]! - expected[i]!) ** 2;
    norm += expected[i]! ** 2;
  }
  return Math.sqrt(difference / norm);
}

function pixelSpread(image: RgbImage): number {
  let min = 255;
  let max = 0;
  for (const value of image.pixels) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return max - min;
}

describe('pictograph make-model', function () {
  this.timeout(600_000);
  let root: string;
  const dirOf = (name: string): string => join(root, name);

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'pictograph-make-model-'));
    const runs: [string, string[]][] = [
      ...ARCHS.map((arch): [string, string[]] => [arch, ['--arch', arch]]),
      ['sd15-int8', ['--arch', 'sd15', '--weights', 'int8']],
      ['sd15-f16', ['--arch', 'sd15', '--weights', 'f16']],
      ['sd15-again', ['--arch', 'sd15']],
      ['sd15-seed8', ['--arch', 'sd15', '--seed', '8']],
    ];
    for (const [name, flags] of runs) {
      const seed = flags.includes('--seed') ? [] : ['--seed', '7'];
      const result = await runCli(['make-model', ...flags, ...seed, '--out', dirOf(name)]);
      expect(result.code, `${name}: ${result.stderr}`).to.equal(0);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes an optimum-style directory and reports each component', async () => {
    const result = await runCli(['make-model', '--arch', 'lcm', '--seed', '7', '--out', dirOf('lcm-report')]);
    expect(result.stdout).to.match(/^lcm tiny \(f32 weights, seed 7\) → .*lcm-report\n/);
    expect(result.stdout).to.match(/ {2}unet +18,592 parameters/);
    for (const arch of ARCHS) {
      const dir = dirOf(arch);
      expect(readdirSync(dir).sort(), arch).to.deep.equal(
        ['model_index.json', 'scheduler', 'text_encoder', 'tokenizer', 'unet', 'vae_decoder', 'vae_encoder']);
      expect(readdirSync(join(dir, 'tokenizer')).sort()).to.deep.equal(
        ['merges.txt', 'special_tokens_map.json', 'tokenizer_config.json', 'vocab.json']);
      for (const folder of COMPONENT_FOLDERS) {
        expect(readdirSync(join(dir, folder)).sort(), `${arch}/${folder}`).to.deep.equal(
          ['config.json', 'openvino_model.bin', 'openvino_model.xml']);
      }
    }
  });

  it('writes the pipeline, scheduler and component configs each real model ships', () => {
    const summary = ARCHS.map((arch) => {
      const dir = dirOf(arch);
      const index = readJson(join(dir, 'model_index.json'));
      const unet = readJson(join(dir, 'unet', 'config.json'));
      return [arch, index._class_name, (index.scheduler as string[])[1], readJson(join(dir, 'scheduler', 'scheduler_config.json')).prediction_type,
        unet.in_channels, unet.time_cond_proj_dim, unet.use_linear_projection,
        readJson(join(dir, 'tokenizer', 'special_tokens_map.json')).pad_token];
    });
    expect(summary).to.deep.equal([
      ['sd15', 'StableDiffusionPipeline', 'PNDMScheduler', 'epsilon', 4, null, false, '<|endoftext|>'],
      ['sd21', 'StableDiffusionPipeline', 'DDIMScheduler', 'v_prediction', 4, null, true,
        { content: '!', lstrip: false, normalized: false, rstrip: false, single_word: false }],
      ['lcm', 'LatentConsistencyModelPipeline', 'LCMScheduler', 'epsilon', 4, 32, false, '<|endoftext|>'],
      ['sd15-inpaint', 'StableDiffusionInpaintPipeline', 'DDIMScheduler', 'epsilon', 9, null, false, '<|endoftext|>'],
    ]);
    // VAE configs are the full AutoencoderKL config in both folders; GenAI reads the scale factor from vae_decoder.
    expect(readFileSync(join(dirOf('sd15'), 'vae_encoder', 'config.json'), 'utf8'))
      .to.equal(readFileSync(join(dirOf('sd15'), 'vae_decoder', 'config.json'), 'utf8'));
    expect(readFileSync(join(dirOf('sd21'), 'vae_decoder', 'openvino_model.xml'), 'utf8'))
      .to.contain('<runtime_options>\n\t\t\t<ACTIVATIONS_SCALE_FACTOR value="8.0" />');
  });

  it('is deterministic for a seed: the same files again, other weights for another seed', () => {
    for (const folder of COMPONENT_FOLDERS) {
      for (const file of ['openvino_model.bin', 'openvino_model.xml']) {
        const first = readFileSync(join(dirOf('sd15'), folder, file));
        expect(first.equals(readFileSync(join(dirOf('sd15-again'), folder, file))), `${folder}/${file}`).to.equal(true);
      }
      const other = readFileSync(join(dirOf('sd15-seed8'), folder, 'openvino_model.bin'));
      expect(other.equals(readFileSync(join(dirOf('sd15'), folder, 'openvino_model.bin'))), folder).to.equal(false);
    }
  });

  it('writes IRs that OpenVINO reads and compiles, with the reference tensors and finite outputs; int8 and f16 stay close to f32', async () => {
    const names = [...ARCHS, 'sd15-int8', 'sd15-f16'];
    const runs: IrRun[] = names.flatMap((name) => COMPONENT_FOLDERS.map((component) => ({
      xml: join(dirOf(name), component, 'openvino_model.xml'),
      inputs: componentInputs(dirOf(name), component),
    })));
    const reports = await runIrs(runs);
    const byName = (name: string, component: string) => reports[names.indexOf(name) * 4 + COMPONENT_FOLDERS.indexOf(component as never)]!;
    // Parameter counts in the written files: hf-internal-testing/tiny-stable-diffusion-torch's, in every format.
    for (const name of ['sd15', 'sd15-int8', 'sd15-f16']) {
      expect(COMPONENT_FOLDERS.map((component) => writtenParameterCount(join(dirOf(name), component, 'openvino_model.xml'))), name)
        .to.deep.equal([68_473, 1_427_012, 256_304, 402_071]);
    }
    for (const arch of ARCHS) {
      const unet = readJson(join(dirOf(arch), 'unet', 'config.json'));
      const hidden = readJson(join(dirOf(arch), 'text_encoder', 'config.json')).hidden_size as number;
      const ports = (component: string) => {
        const report = byName(arch, component);
        const describe = (port: { names: string[]; elementType: string; shape: number[] }) => [port.names, port.elementType, port.shape];
        return { inputs: report.inputs.map(describe), outputs: report.outputs.map(describe) };
      };
      // genai-image-generation.md §1.3 / diffusion-model-configs.md §1.3.
      expect(ports('text_encoder'), arch).to.deep.equal({
        inputs: [[['input_ids'], 'i64', [-1, -1]]],
        outputs: [[['last_hidden_state'], 'f32', [-1, -1, hidden]], [['pooler_output'], 'f32', [-1, hidden]]],
      });
      expect(ports('unet'), arch).to.deep.equal({
        inputs: [
          [['sample'], 'f32', [-1, unet.in_channels, -1, -1]], [['timestep'], 'i64', [-1]],
          [['encoder_hidden_states'], 'f32', [-1, 77, unet.cross_attention_dim]],
          ...(unet.time_cond_proj_dim === null ? [] : [[['timestep_cond'], 'f32', [-1, unet.time_cond_proj_dim]]]),
        ],
        outputs: [[['out_sample'], 'f32', [-1, 4, -1, -1]]],
      });
      expect(ports('vae_encoder'), arch).to.deep.equal({
        inputs: [[['sample'], 'f32', [-1, 3, -1, -1]]], outputs: [[['latent_parameters'], 'f32', [-1, 8, -1, -1]]],
      });
      expect(ports('vae_decoder'), arch).to.deep.equal({
        inputs: [[['latent_sample'], 'f32', [-1, 4, -1, -1]]], outputs: [[['sample'], 'f32', [-1, 3, -1, -1]]],
      });
    }
    for (const [i, report] of reports.entries()) {
      for (const result of report.results!) {
        expect(result.finite, `${runs[i]!.xml} ${result.names[0]}`).to.equal(true);
        expect(result.std, `${runs[i]!.xml} ${result.names[0]} is constant`).to.be.greaterThan(0.1);
        expect(Math.max(Math.abs(result.min), Math.abs(result.max)), `${runs[i]!.xml} ${result.names[0]}`).to.be.lessThan(100);
      }
    }
    // Compressed weights: per-layer noise is ~1/255 of a weight's range for int8 (per-channel 8-bit steps) and ~2^-11
    // for f16; through the tiny models' depth that measured ≤ 1.5% and ≤ 0.1% (relative L2). Bounds: 5% and 0.5%.
    for (const [name, bound] of [['sd15-int8', 0.05], ['sd15-f16', 0.005]] as const) {
      for (const component of COMPONENT_FOLDERS) {
        byName('sd15', component).results!.forEach((expected, k) => {
          const actual = byName(name, component).results![k]!;
          expect(relativeL2(actual.data, expected.data), `${name} ${component} ${expected.names[0]}`)
            .to.be.lessThan(bound);
        });
      }
    }
  });

  it('writes directories OpenVINO GenAI loads and generates from, at the requested size', async () => {
    const image: RgbImage = {
      width: 64, height: 64,
      pixels: Uint8Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 37 + Math.floor(i / 192) * 11) % 256),
    };
    const mask: RgbImage = {
      width: 64, height: 64,
      pixels: Uint8Array.from({ length: 64 * 64 * 3 }, (_, i) => {
        const pixel = Math.floor(i / 3);
        const [y, x] = [Math.floor(pixel / 64), pixel % 64];
        return x >= 16 && x < 48 && y >= 16 && y < 48 ? 255 : 0;
      }),
    };
    const cases = [
      { arch: 'sd15', request: { mode: 'text2image', width: 96, height: 64, steps: 2 }, size: [96, 64] },
      { arch: 'sd21', request: { mode: 'text2image', steps: 2 }, size: [64, 64] },
      { arch: 'lcm', request: { mode: 'text2image', width: 32, height: 48, steps: 2 }, size: [32, 48] },
      { arch: 'sd15-inpaint', request: { mode: 'inpainting', steps: 2, image, mask }, size: [64, 64] },
    ] as const;
    for (const { arch, request, size } of cases) {
      const result = await genaiGenerate({ modelDir: dirOf(arch), prompt: 'a photo of a cat', seed: 1, ...request, outDir: dirOf(`genai-${arch}`) });
      expect(result.images.map((img) => [img.width, img.height]), arch).to.deep.equal([size]);
      expect(pixelSpread(result.images[0]!), `${arch} image is flat`).to.be.greaterThan(64);
      expect(existsSync(join(dirOf(arch), 'tokenizer', 'openvino_tokenizer.xml'))).to.equal(true);
    }
  });

  it('rejects bad flags with exit 2 and a message naming the flag', async () => {
    const cases: [string[], number, RegExp][] = [
      [['--arch', 'sd16', '--out', dirOf('x')], 2, /--arch must be one of sd15, sd21, lcm, sd15-inpaint, got 'sd16'/],
      [['--arch', 'sd15'], 2, /--out is required/],
      [['--out', dirOf('x')], 2, /--arch is required/],
      [['--arch', 'sd15', '--size', 'huge', '--out', dirOf('x')], 2, /--size must be one of tiny, full, got 'huge'/],
      [['--arch', 'sd15', '--weights', 'int4', '--out', dirOf('x')], 2, /--weights must be one of f32, f16, int8, got 'int4'/],
      [['--arch', 'sd15', '--seed', '1.5', '--out', dirOf('x')], 2, /--seed must be a non-negative integer, got '1.5'/],
      [['--arch', 'sd15', '--out', dirOf('sd15')], 1, /--out .*sd15 is not empty/],
      [['--arch', 'sd15', '--colour', 'red'], 2, /Unknown option '--colour'/],
    ];
    for (const [flags, code, message] of cases) {
      const result = await runCli(['make-model', ...flags]);
      expect(result.code, flags.join(' ')).to.equal(code);
      expect(result.stderr, flags.join(' ')).to.match(message);
    }
    expect(existsSync(dirOf('x'))).to.equal(false);
  });
});
