/**
 * @module calculators/schedulers/lcm
 * Latent consistency model multistep sampling (arXiv 2310.04378) as GenAI's schedulers/lcm.cpp computes it:
 * betas WITH the linspace endpoint, timesteps picked from the original 50-step schedule (n = 4 → [999, 759, 499,
 * 259]), strength folded into that pick, and fresh noise every step except the last.
 */
import type { RandomGenerator } from '../random/generator.js';
import { assertSameShape, floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import { GraphError } from '../../engine/status.js';
import {
  addNoiseWithAlpha, alphasCumprod, checkAlphaTimesteps, checkStepCount, checkStrength, lcmBetas, linspaceFloat, sqrtf,
} from './noise-schedule.js';
import type { Scheduler, StepResult } from './scheduler.js';
import type { LcmConfig } from './scheduler-config.js';

const f32 = Math.fround;
const SIGMA_DATA = 0.5;

export class LcmScheduler implements Scheduler {
  readonly kind = 'lcm';
  readonly initNoiseSigma = 1;
  private readonly alphasCumprod: Float32Array;
  private readonly finalAlphaCumprod: number;
  private numInferenceSteps = 0;
  private schedule: number[] = [];

  constructor(readonly config: LcmConfig) {
    this.alphasCumprod = alphasCumprod(lcmBetas(config));
    this.finalAlphaCumprod = config.setAlphaToOne ? 1 : this.alphasCumprod[0]!;
  }

  get timesteps(): readonly number[] {
    return this.schedule;
  }

  setTimesteps(numInferenceSteps: number, strength: number): void {
    checkStepCount(numInferenceSteps, this.config.numTrainTimesteps);
    checkStrength(strength);
    this.numInferenceSteps = numInferenceSteps;
    // 1. The original schedule: k = T / orig; (1..size)·k - 1 with size = size_t(orig·strength) (float product).
    const k = Math.floor(this.config.numTrainTimesteps / this.config.originalInferenceSteps);
    const originSize = Math.trunc(f32(this.config.originalInferenceSteps * f32(strength)));
    if (originSize < 1) {
      throw new GraphError('INVALID_ARGUMENT', `strength ${strength} leaves LCM no original timestep ` +
        `(original_inference_steps ${this.config.originalInferenceSteps}); set a larger strength`);
    }
    const origin = Array.from({ length: originSize }, (_, i) => (i + 1) * k - 1).reverse();
    // 2. Pick n of them at (size_t) linspace<float>(0, size, n) WITHOUT endpoint (truncated indices).
    this.schedule = linspaceFloat(0, originSize, numInferenceSteps, false).map((index) => origin[Math.trunc(index)]!);
    checkAlphaTimesteps(this.schedule, this.config.numTrainTimesteps, 'LCM');
  }

  scaleModelInput(): void {
    // LCM needs no input scaling.
  }

  step(noisePred: FloatTensor, stepIndex: number, latent: FloatTensor, generator: RandomGenerator): StepResult {
    assertSameShape(noisePred, latent, 'LCM step');
    // 1. Current and previous timestep (the last step's "previous" is itself).
    const t = this.schedule[stepIndex];
    if (t === undefined) throw new RangeError(`LCM: step ${stepIndex} is outside the ${this.schedule.length} timesteps`);
    const prevT = this.schedule[stepIndex + 1] ?? t;
    // 2. Alphas and betas (float).
    const alphaProdT = this.alphasCumprod[t]!;
    const alphaProdTPrev = prevT >= 0 ? this.alphasCumprod[prevT]! : this.finalAlphaCumprod;
    const sqrtAlpha = sqrtf(alphaProdT);
    const sqrtAlphaPrev = sqrtf(alphaProdTPrev);
    const sqrtBeta = sqrtf(f32(1 - alphaProdT));
    const sqrtBetaPrev = sqrtf(f32(1 - alphaProdTPrev));
    // 3. Boundary-condition scalings, in double (std::pow(float, 2)), stored to float.
    const scaledTimestep = f32(t * this.config.timestepScaling);
    const st2 = scaledTimestep * scaledTimestep;
    const sd2 = SIGMA_DATA * SIGMA_DATA;
    const cSkip = f32(sd2 / (st2 + sd2));
    const cOut = f32(scaledTimestep / Math.sqrt(st2 + sd2));
    // 4. x0 (epsilon parameterisation), 5. optional clip, 6. denoised = c_out·x0 + c_skip·x.
    const model = noisePred.data;
    const x = latent.data;
    const range = this.config.clipSampleRange;
    const denoised = floatTensor(latent.shape);
    for (let i = 0; i < x.length; i++) {
      let x0 = f32(f32(x[i]! - f32(sqrtBeta * model[i]!)) / sqrtAlpha);
      if (this.config.clipSample) x0 = Math.min(Math.max(x0, -range), range);
      denoised.data[i] = f32(cOut * x0) + f32(cSkip * x[i]!);
    }
    // 7. Noise for every step but the last (GenAI compares with num_inference_steps - 1).
    if (stepIndex === this.numInferenceSteps - 1) return { prevSample: floatTensor(latent.shape, Float32Array.from(denoised.data)), denoised };
    const noise = generator.randnTensor(latent.shape).data;
    const prevSample = floatTensor(latent.shape);
    for (let i = 0; i < x.length; i++) {
      prevSample.data[i] = f32(sqrtAlphaPrev * denoised.data[i]!) + f32(sqrtBetaPrev * noise[i]!);
    }
    return { prevSample, denoised };
  }

  addNoise(original: FloatTensor, noise: FloatTensor, timestep: number): FloatTensor {
    checkAlphaTimesteps([timestep], this.config.numTrainTimesteps, 'LCM add_noise');
    return addNoiseWithAlpha(original, noise, this.alphasCumprod[timestep]!, 'float');
  }
}
