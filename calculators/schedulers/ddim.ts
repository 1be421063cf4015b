/**
 * @module calculators/schedulers/ddim
 * DDIM (arXiv 2010.02502) as GenAI's schedulers/ddim.cpp computes it, float for float: eta = 0 (no noise),
 * no clipping or thresholding (refused at config load). Also serves `LMSDiscreteScheduler`, as GenAI does.
 */
import type { RandomGenerator } from '../random/generator.js';
import { assertSameShape, floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import {
  sdAlphasCumprod, addNoiseWithAlpha, checkAlphaTimesteps, checkStepCount, integerTimesteps,
  sqrtf, strengthStartIndex,
} from './noise-schedule.js';
import type { Scheduler, StepResult } from './scheduler.js';
import type { DdimConfig } from './scheduler-config.js';

const f32 = Math.fround;

export class DdimScheduler implements Scheduler {
  readonly kind = 'ddim';
  readonly initNoiseSigma = 1;
  private readonly alphasCumprod: Float32Array;
  private readonly finalAlphaCumprod: number;
  private numInferenceSteps = 0;
  private schedule: number[] = [];

  constructor(readonly config: DdimConfig) {
    this.alphasCumprod = sdAlphasCumprod(config);
    this.finalAlphaCumprod = config.setAlphaToOne ? 1 : this.alphasCumprod[0]!;
  }

  get timesteps(): readonly number[] {
    return this.schedule;
  }

  setTimesteps(numInferenceSteps: number, strength: number): void {
    checkStepCount(numInferenceSteps, this.config.numTrainTimesteps);
    this.numInferenceSteps = numInferenceSteps;
    const all = integerTimesteps(this.config.timestepSpacing, this.config.numTrainTimesteps, numInferenceSteps,
      this.config.stepsOffset);
    checkAlphaTimesteps(all, this.config.numTrainTimesteps, 'DDIM');
    this.schedule = all.slice(strengthStartIndex(numInferenceSteps, strength, all.length));
  }

  scaleModelInput(): void {
    // DDIM needs no input scaling.
  }

  step(noisePred: FloatTensor, stepIndex: number, latent: FloatTensor, _generator: RandomGenerator): StepResult {
    assertSameShape(noisePred, latent, 'DDIM step');
    // 1. Previous step value: t - T/n (integer division), may be negative.
    const t = this.timestepAt(stepIndex);
    const prevT = t - Math.floor(this.config.numTrainTimesteps / this.numInferenceSteps);
    // 2. Alphas and betas (float).
    const alphaProdT = this.alphasCumprod[t]!;
    const alphaProdTPrev = prevT >= 0 ? this.alphasCumprod[prevT]! : this.finalAlphaCumprod;
    const betaProdT = f32(1 - alphaProdT);
    const sqrtAlpha = sqrtf(alphaProdT);
    const sqrtBeta = sqrtf(betaProdT);
    const sqrtAlphaPrev = sqrtf(alphaProdTPrev);
    const sqrtOneMinusAlphaPrev = sqrtf(f32(1 - alphaProdTPrev));
    // 3. Predicted x0 and epsilon, formula (12); 4. x_{t-1} = √a_prev·x0 + √(1 - a_prev)·eps.
    const out = floatTensor(latent.shape);
    const model = noisePred.data;
    const x = latent.data;
    for (let i = 0; i < x.length; i++) {
      let predOriginal: number;
      let predEpsilon: number;
      switch (this.config.predictionType) {
        case 'epsilon':
          predOriginal = f32(f32(x[i]! - f32(sqrtBeta * model[i]!)) / sqrtAlpha);
          predEpsilon = model[i]!;
          break;
        case 'sample':
          predOriginal = model[i]!;
          predEpsilon = f32(f32(x[i]! - f32(sqrtAlpha * predOriginal)) / sqrtBeta);
          break;
        case 'v_prediction':
          predOriginal = f32(f32(sqrtAlpha * x[i]!) - f32(sqrtBeta * model[i]!));
          predEpsilon = f32(f32(sqrtAlpha * model[i]!) + f32(sqrtBeta * x[i]!));
          break;
      }
      out.data[i] = f32(sqrtAlphaPrev * predOriginal) + f32(sqrtOneMinusAlphaPrev * predEpsilon);
    }
    return { prevSample: out };
  }

  addNoise(original: FloatTensor, noise: FloatTensor, timestep: number): FloatTensor {
    checkAlphaTimesteps([timestep], this.config.numTrainTimesteps, 'DDIM add_noise');
    return addNoiseWithAlpha(original, noise, this.alphasCumprod[timestep]!, 'double');
  }

  private timestepAt(stepIndex: number): number {
    const t = this.schedule[stepIndex];
    if (t === undefined) throw new RangeError(`DDIM: step ${stepIndex} is outside the ${this.schedule.length} timesteps`);
    return t;
  }
}
