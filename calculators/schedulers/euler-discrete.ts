/**
 * @module calculators/schedulers/euler-discrete
 * Euler discrete (Karras et al. 2022, Algorithm 2 with γ = 0) as GenAI's schedulers/euler_discrete.cpp computes it.
 * Returns x0 as `denoised`, which the SD-family pipelines decode after the last step. Integer timesteps only; the
 * trailing spacing's extra t = -1 step is kept (it runs the model once more, as GenAI does).
 */
import { expf, logf } from '../numerics/glibc-libm.js';
import type { RandomGenerator } from '../random/generator.js';
import { assertSameShape, floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import {
  checkStepCount, eulerAlphasCumprod, integerTimesteps, interpSigmas, linspaceFloat, sqrtf, strengthStartIndex,
  trainingSigmas, vPredictionOriginal,
} from './noise-schedule.js';
import type { Scheduler, StepResult } from './scheduler.js';
import type { EulerDiscreteConfig } from './scheduler-config.js';
import { SigmaSchedule } from './sigma-schedule.js';

const f32 = Math.fround;

export class EulerDiscreteScheduler implements Scheduler {
  readonly kind = 'euler-discrete';
  private readonly alphasCumprod: Float32Array;
  private readonly sigmas = new SigmaSchedule('EulerDiscrete');

  constructor(readonly config: EulerDiscreteConfig) {
    this.alphasCumprod = eulerAlphasCumprod(config);
  }

  get timesteps(): readonly number[] {
    return this.sigmas.timesteps;
  }

  /** The sigma per step of the full schedule, plus the final sigma (after setTimesteps). */
  get sigmaSchedule(): readonly number[] {
    return this.sigmas.values;
  }

  /** max(sigmas) for linspace/trailing spacing, else sqrtf(max² + 1) in float. */
  get initNoiseSigma(): number {
    const maxSigma = this.sigmas.maxSigma;
    const spacing = this.config.timestepSpacing;
    return spacing === 'linspace' || spacing === 'trailing' ? maxSigma : sqrtf(f32(f32(maxSigma * maxSigma) + 1));
  }

  setTimesteps(numInferenceSteps: number, strength: number): void {
    checkStepCount(numInferenceSteps, this.config.numTrainTimesteps);
    // 1. Integer timesteps, descending.
    const all = integerTimesteps(this.config.timestepSpacing, this.config.numTrainTimesteps, numInferenceSteps,
      this.config.stepsOffset);
    // 2. Sigmas: interpolated training sigmas (linear) or exp of a float linspace of logf(sigma) (log_linear).
    const trainSigmas = trainingSigmas(this.alphasCumprod);
    const sigmas = this.config.interpolationType === 'linear'
      ? interpSigmas(all, trainSigmas)
      : linspaceFloat(logf(trainSigmas[trainSigmas.length - 1]!), logf(trainSigmas[0]!), numInferenceSteps + 1, true)
        .map(expf);
    // 3. Final sigma: 0, or the smallest training sigma.
    sigmas.push(this.config.finalSigmasType === 'sigma_min' ? trainSigmas[0]! : 0);
    // 4. Strength: keep the full list for add_noise, start stepping at t_start.
    this.sigmas.reset(all, sigmas, strengthStartIndex(numInferenceSteps, strength, all.length));
  }

  scaleModelInput(sample: FloatTensor, _stepIndex: number): void {
    this.sigmas.scaleModelInput(sample);
  }

  step(noisePred: FloatTensor, _stepIndex: number, latent: FloatTensor, _generator: RandomGenerator): StepResult {
    assertSameShape(noisePred, latent, 'EulerDiscrete step');
    const index = this.sigmas.index;
    const sigma = this.sigmas.sigmaAt(index); // sigma_hat = sigma·(γ + 1) with γ = 0
    const model = noisePred.data;
    const x = latent.data;
    // 1. Predicted original sample x0 from the sigma-scaled prediction.
    const denoised = floatTensor(latent.shape);
    const x0 = denoised.data;
    for (let i = 0; i < x.length; i++) {
      switch (this.config.predictionType) {
        case 'epsilon': x0[i] = f32(x[i]! - f32(model[i]! * sigma)); break;
        case 'sample': x0[i] = model[i]!; break;
        case 'v_prediction': x0[i] = vPredictionOriginal(model[i]!, x[i]!, sigma); break;
      }
    }
    // 2. ODE derivative and Euler step: prev = ((x - x0)/σ)·dt + x.
    const dt = f32(this.sigmas.sigmaAt(index + 1) - sigma);
    const prevSample = floatTensor(latent.shape);
    for (let i = 0; i < x.length; i++) {
      prevSample.data[i] = f32(f32(f32(x[i]! - x0[i]!) / sigma) * dt) + x[i]!;
    }
    this.sigmas.advance();
    return { prevSample, denoised };
  }

  addNoise(original: FloatTensor, noise: FloatTensor, timestep: number): FloatTensor {
    return this.sigmas.addNoise(original, noise, timestep);
  }
}
