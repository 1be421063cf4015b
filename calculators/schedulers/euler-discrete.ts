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
  addNoiseWithSigma, alphasCumprod, betasWithoutEndpoint, checkStepCount, indexForTimestep, integerTimesteps,
  interpSigmas, linspaceFloat, rescaleZeroTerminalSnr, scaleBySigma, sqrtf, strengthStartIndex, trainingSigmas,
  vPredictionOriginal,
} from './noise-schedule.js';
import type { Scheduler, StepResult } from './scheduler.js';
import type { EulerDiscreteConfig } from './scheduler-config.js';

const f32 = Math.fround;

export class EulerDiscreteScheduler implements Scheduler {
  readonly kind = 'euler-discrete';
  private readonly alphasCumprod: Float32Array;
  private sigmas: number[] = [];
  private fullSchedule: number[] = [];
  private schedule: number[] = [];
  private beginIndex = 0;
  private stepIndex: number | undefined;

  constructor(readonly config: EulerDiscreteConfig) {
    const betas = betasWithoutEndpoint(config);
    if (config.rescaleBetasZeroSnr) rescaleZeroTerminalSnr(betas);
    this.alphasCumprod = alphasCumprod(betas);
    // Zero terminal SNR: the last alpha_cumprod becomes 2^-24 so sigma stays finite.
    if (config.rescaleBetasZeroSnr) this.alphasCumprod[this.alphasCumprod.length - 1] = 2 ** -24;
  }

  get timesteps(): readonly number[] {
    return this.schedule;
  }

  /** The sigma per step of the full schedule, plus the final sigma (after setTimesteps). */
  get sigmaSchedule(): readonly number[] {
    return this.sigmas;
  }

  /** max(sigmas) for linspace/trailing spacing, else sqrtf(max² + 1) in float. */
  get initNoiseSigma(): number {
    const maxSigma = Math.max(...this.sigmas);
    const spacing = this.config.timestepSpacing;
    return spacing === 'linspace' || spacing === 'trailing' ? maxSigma : sqrtf(f32(f32(maxSigma * maxSigma) + 1));
  }

  setTimesteps(numInferenceSteps: number, strength: number): void {
    checkStepCount(numInferenceSteps, this.config.numTrainTimesteps);
    this.stepIndex = undefined;
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
    this.sigmas = sigmas;
    // 4. Strength: keep the full list for add_noise, start stepping at t_start.
    this.beginIndex = strengthStartIndex(numInferenceSteps, strength, all.length);
    this.fullSchedule = all;
    this.schedule = all.slice(this.beginIndex);
  }

  scaleModelInput(sample: FloatTensor, _stepIndex: number): void {
    scaleBySigma(sample, this.currentSigma());
  }

  step(noisePred: FloatTensor, _stepIndex: number, latent: FloatTensor, _generator: RandomGenerator): StepResult {
    assertSameShape(noisePred, latent, 'EulerDiscrete step');
    const index = this.stepIndex ?? this.beginIndex;
    const sigma = this.currentSigma(); // sigma_hat = sigma·(γ + 1) with γ = 0
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
    const dt = f32(this.sigmas[index + 1]! - sigma);
    const prevSample = floatTensor(latent.shape);
    for (let i = 0; i < x.length; i++) {
      prevSample.data[i] = f32(f32(f32(x[i]! - x0[i]!) / sigma) * dt) + x[i]!;
    }
    this.stepIndex = index + 1;
    return { prevSample, denoised };
  }

  addNoise(original: FloatTensor, noise: FloatTensor, timestep: number): FloatTensor {
    return addNoiseWithSigma(original, noise, this.sigmas[indexForTimestep(this.fullSchedule, timestep)]!);
  }

  private currentSigma(): number {
    const sigma = this.sigmas[this.stepIndex ?? this.beginIndex];
    if (sigma === undefined) throw new RangeError('EulerDiscrete: setTimesteps() first, or too many steps');
    return sigma;
  }
}
