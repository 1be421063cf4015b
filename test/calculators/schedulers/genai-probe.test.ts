/**
 * @module test/calculators/schedulers/genai-probe
 * Replays every case of test/golden/schedulers/genai-probe.json (recorded from OpenVINO GenAI's Text2Image and
 * Image2Image pipelines on the probe model of test/golden/generators/genai_probe_model.py) with our RNG, schedulers,
 * guidance and LCM embedding, in GenAI's SD loop order, and requires every callback latent to match bit for bit.
 */
import { expect } from 'chai';
import { classifierFreeGuidance } from '../../../calculators/denoise/guidance.js';
import { guidanceEmbedding } from '../../../calculators/denoise/guidance-embedding.js';
import { CppStdGenerator } from '../../../calculators/random/cpp-std-generator.js';
import { parseSchedulerConfig } from '../../../calculators/schedulers/scheduler-config.js';
import { createScheduler } from '../../../calculators/schedulers/scheduler-factory.js';
import { floatTensor, type FloatTensor } from '../../../calculators/tensor/float-tensor.js';
import { floatFromHex, floatHex, readGolden } from '../../support/golden.js';

interface ProbeCase {
  readonly name: string;
  readonly pipeline: 'sd' | 'lcm' | 'sd3' | 'flux';
  readonly lcm: boolean;
  readonly scheduler: Record<string, unknown>;
  readonly steps: number;
  readonly guidanceScale: number;
  readonly seed: number;
  readonly strength: number;
  readonly numImages: number;
  readonly width: number;
  readonly height: number;
  readonly promptIds: readonly number[];
  readonly negativePromptIds: readonly number[];
  readonly steps_recorded: readonly { step: number; numSteps: number; latent: readonly string[] }[];
}

interface ProbeGolden {
  readonly genai: string;
  readonly fixedImageLatent: readonly string[];
  readonly vaeScalingFactor: number;
  readonly sd3: { readonly fixedImageLatent: readonly string[]; readonly vaeScalingFactor: number; readonly vaeShiftFactor: number };
  readonly flux: { readonly vaeScalingFactor: number; readonly vaeShiftFactor: number };
  readonly cases: readonly ProbeCase[];
}

const f32 = Math.fround;
const LCM_TIME_COND_DIM = 256;

/** The probe UNet: sample·0.5 + t·2^-10 + ids[b][1]·2^-12 (+ (cond[0] + cond[half])·2^-4), added left to right. */
function probeUnet(sample: FloatTensor, timestep: number, firstTokenIds: readonly number[],
  timestepCond: FloatTensor | undefined): FloatTensor {
  const out = floatTensor(sample.shape);
  const perBatch = out.data.length / firstTokenIds.length;
  const condTerm = timestepCond === undefined ? undefined
    : f32(f32(timestepCond.data[0]! + timestepCond.data[LCM_TIME_COND_DIM / 2]!) * 2 ** -4);
  const tTerm = f32(timestep * 2 ** -10);
  for (let i = 0; i < out.data.length; i++) {
    const eTerm = f32(firstTokenIds[Math.floor(i / perBatch)]! * 2 ** -12);
    let value = f32(f32(f32(sample.data[i]! * 0.5) + tTerm) + eTerm);
    if (condTerm !== undefined) value = f32(value + condTerm);
    out.data[i] = value;
  }
  return out;
}

function repeatBatch(tensor: FloatTensor, times: number): FloatTensor {
  const [batch = 1, ...rest] = tensor.shape;
  const data = new Float32Array(tensor.data.length * times);
  for (let k = 0; k < times; k++) data.set(tensor.data, k * tensor.data.length);
  return floatTensor([batch * times, ...rest], data);
}

/** The SD3/FLUX probe transformer: hidden_states·0.5 + t·2^-10 + pooled[b][0]·2^-12, t its float timestep input. */
function probeTransformer(sample: FloatTensor, timestep: number, firstTokenIds: readonly number[]): FloatTensor {
  const out = floatTensor(sample.shape);
  const perBatch = out.data.length / firstTokenIds.length;
  const tTerm = f32(timestep * 2 ** -10);
  for (let i = 0; i < out.data.length; i++) {
    const eTerm = f32(firstTokenIds[Math.floor(i / perBatch)]! * 2 ** -12);
    out.data[i] = f32(f32(f32(sample.data[i]! * 0.5) + tTerm) + eTerm);
  }
  return out;
}

/** GenAI StableDiffusion3Pipeline::generate (no T5, no TaylorSeer for n <= 6) on the probe; the callback latents. */
function replaySd3(golden: ProbeGolden, c: ProbeCase): string[][] {
  const generator = new CppStdGenerator(c.seed);
  const scheduler = createScheduler(parseSchedulerConfig(c.scheduler, `${c.name}/scheduler_config.json`).config);
  if (scheduler.kind !== 'flow-match-euler') throw new Error('the SD3 probe drives FlowMatch only');
  scheduler.setTimesteps(c.steps, c.strength);
  const shape = [c.numImages, 16, c.height / 8, c.width / 8];
  let latent: FloatTensor;
  if (c.strength < 1) {
    const { fixedImageLatent, vaeShiftFactor, vaeScalingFactor } = golden.sd3;
    const image = floatTensor(shape, Float32Array.from(fixedImageLatent,
      (hex) => f32(f32(floatFromHex(hex) - f32(vaeShiftFactor)) * f32(vaeScalingFactor))));
    latent = scheduler.scaleNoise(image, generator.randnTensor(shape));
  } else {
    latent = floatTensor(shape, Float32Array.from(generator.randnTensor(shape).data, (v) => f32(v * scheduler.initNoiseSigma)));
  }
  const cfg = c.guidanceScale > 1;
  const firstTokens = [
    ...(cfg ? Array<number>(c.numImages).fill(c.negativePromptIds[1]!) : []),
    ...Array<number>(c.numImages).fill(c.promptIds[1]!),
  ];
  return scheduler.timesteps.map((timestep, i) => {
    const prediction = probeTransformer(cfg ? repeatBatch(latent, 2) : latent, timestep, firstTokens);
    const noisePred = cfg ? classifierFreeGuidance(prediction, c.guidanceScale) : prediction;
    latent = scheduler.step(noisePred, i, latent, generator).prevSample;
    return [...latent.data].map(floatHex);
  });
}

/** FLUX's 2x2 patch packing: packed[b, i·(w/2) + j, c·4 + dy·2 + dx] = x[b, c, 2i + dy, 2j + dx]. */
function pack(x: FloatTensor): FloatTensor {
  const [batch = 1, channels = 16, h = 2, w = 2] = x.shape;
  const out = floatTensor([batch, (h / 2) * (w / 2), channels * 4]);
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < channels; c++) {
      for (let y = 0; y < h; y++) {
        for (let xx = 0; xx < w; xx++) {
          const token = Math.floor(y / 2) * (w / 2) + Math.floor(xx / 2);
          const feature = c * 4 + (y % 2) * 2 + (xx % 2);
          out.data[(b * (h / 2) * (w / 2) + token) * channels * 4 + feature] = x.data[((b * channels + c) * h + y) * w + xx]!;
        }
      }
    }
  }
  return out;
}

/** GenAI FluxPipeline::generate (no CFG; TaylorSeer inactive for n <= 6) on the FLUX probe; the callback latents. */
function replayFlux(golden: ProbeGolden, c: ProbeCase): string[][] {
  const generator = new CppStdGenerator(c.seed);
  const scheduler = createScheduler(parseSchedulerConfig(c.scheduler, `${c.name}/scheduler_config.json`).config);
  if (scheduler.kind !== 'flow-match-euler') throw new Error('the FLUX probe drives FlowMatch only');
  const [h, w] = [c.height / 8, c.width / 8];
  scheduler.setTimestepsForSequence((h / 2) * (w / 2), c.steps, c.strength);
  const shape = [c.numImages, 16, h, w];
  let latent: FloatTensor;
  if (c.strength < 1) {
    const { vaeShiftFactor, vaeScalingFactor } = golden.flux;
    const image = floatTensor(shape, Float32Array.from(golden.sd3.fixedImageLatent,
      (hex) => f32(f32(floatFromHex(hex) - f32(vaeShiftFactor)) * f32(vaeScalingFactor))));
    latent = pack(scheduler.scaleNoise(image, generator.randnTensor(shape)));
  } else {
    latent = pack(generator.randnTensor(shape));
  }
  // The probe CLIP's pooled output is float(ids[b][0]): BOS.
  const pooledFirst = Array<number>(c.numImages).fill(c.promptIds[0]!);
  return scheduler.timesteps.map((timestep, i) => {
    const prediction = probeTransformer(latent, f32(timestep / 1000), pooledFirst);
    latent = scheduler.step(prediction, i, latent, generator).prevSample;
    return [...latent.data].map(floatHex);
  });
}

/** GenAI StableDiffusionPipeline::generate, reduced to what the probe exercises; returns the callback latents. */
function replay(golden: ProbeGolden, c: ProbeCase): string[][] {
  const generator = new CppStdGenerator(c.seed);
  const scheduler = createScheduler(parseSchedulerConfig(c.scheduler, `${c.name}/scheduler_config.json`).config);
  if (scheduler.kind === 'flow-match-euler') throw new Error('the SD probe does not drive FlowMatch');
  scheduler.setTimesteps(c.steps, c.strength);
  const shape = [c.numImages, 4, c.height / 8, c.width / 8];
  // prepare_latents: image-to-image noises the (repeated) image latent at timesteps[0]; else noise·init sigma.
  let latent: FloatTensor;
  const noise = (imageLatent?: FloatTensor): FloatTensor => {
    const n = generator.randnTensor(shape);
    if (imageLatent !== undefined) return scheduler.addNoise(imageLatent, n, scheduler.timesteps[0]!);
    const sigma = scheduler.initNoiseSigma;
    return floatTensor(shape, Float32Array.from(n.data, (v) => f32(v * sigma)));
  };
  if (c.strength < 1) {
    const scaled = Float32Array.from(golden.fixedImageLatent, (hex) => f32(f32(floatFromHex(hex) - 0) * f32(golden.vaeScalingFactor)));
    latent = noise(repeatBatch(floatTensor([1, ...shape.slice(1)], scaled), c.numImages));
  } else {
    latent = noise();
  }
  const cfg = c.guidanceScale > 1 && !c.lcm;
  const timestepCond = c.lcm ? guidanceEmbedding(f32(f32(c.guidanceScale) - 1), LCM_TIME_COND_DIM) : undefined;
  const firstTokens = [
    ...(cfg ? Array<number>(c.numImages).fill(c.negativePromptIds[1]!) : []),
    ...Array<number>(c.numImages).fill(c.promptIds[1]!),
  ];
  const recorded: string[][] = [];
  scheduler.timesteps.forEach((timestep, i) => {
    const latentCfg = cfg ? repeatBatch(latent, 2) : floatTensor(latent.shape, Float32Array.from(latent.data));
    scheduler.scaleModelInput(latentCfg, i);
    const prediction = probeUnet(latentCfg, timestep, firstTokens, timestepCond);
    const noisePred = cfg ? classifierFreeGuidance(prediction, c.guidanceScale) : prediction;
    const result = scheduler.step(noisePred, i, latent, generator);
    latent = result.prevSample;
    recorded.push([...(result.denoised ?? latent).data].map(floatHex));
  });
  return recorded;
}

describe('schedulers against GenAI (probe-model goldens)', () => {
  const golden = readGolden<ProbeGolden>('schedulers/genai-probe.json');
  for (const c of golden.cases) {
    it(`${c.name}: every callback latent matches GenAI ${golden.genai}`, () => {
      const expected = c.steps_recorded.map((s) => s.latent);
      expect(c.steps_recorded.every((s) => s.numSteps === expected.length)).to.equal(true);
      const actual = c.pipeline === 'sd3' ? replaySd3(golden, c) : c.pipeline === 'flux' ? replayFlux(golden, c)
        : replay(golden, c);
      expect(actual.length, 'number of denoising steps').to.equal(expected.length);
      actual.forEach((latent, step) => expect(latent, `step ${step}`).to.deep.equal(expected[step]));
    });
  }
});
