/**
 * @module calculators/schedulers/euler-ancestral
 * Euler ancestral as GenAI's schedulers/euler_ancestral_discrete.cpp computes it: linear sigma interpolation only,
 * σ_up/σ_down in double, and a fresh randn_tensor(noise shape) drawn EVERY step, the last one included (σ_up = 0).
 */
import type { RandomGenerator } from '../random/generator.js';
import { assertSameShape, floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import {
  checkStepCount, eulerAlphasCumprod, integerTimesteps, interpSigmas, strengthStartIndex, trainingSigmas,
  vPredictionOriginal,
} from './noise-schedule.js';
import type { Scheduler, StepResult } from './scheduler.js';
import type { EulerAncestralConfig } from './scheduler-config.js';
import { SigmaSchedule } from './sigma-schedule.js';

const f32 = Math.fround;

export class EulerAncestralScheduler implements Scheduler {
  readonly kind = 'euler-ancestral';
  private readonly alphasCumprod: Float32Array;
  private readonly sigmas = new SigmaSchedule('EulerAncestral');

  constructor(readonly config: EulerAncestralConfig) {
    this.alphasCumprod = eulerAlphasCumprod(config);
  }

  get timesteps(): readonly number[] {
    return this.sigmas.timesteps;
  }

  get sigmaSchedule(): readonly number[] {
    return this.sigmas.values;
  }

  /** max(sigmas) for linspace/trailing spacing, else sqrt(pow(max, 2) + 1) in DOUBLE (unlike Euler's float). */
  get initNoiseSigma(): number {
    const maxSigma = this.sigmas.maxSigma;
    const spacing = this.config.timestepSpacing;
    return spacing === 'linspace' || spacing === 'trailing' ? maxSigma : f32(Math.sqrt(maxSigma * maxSigma + 1));
  }

  setTimesteps(numInferenceSteps: number, strength: number): void {
    checkStepCount(numInferenceSteps, this.config.numTrainTimesteps);
    const all = integerTimesteps(this.config.timestepSpacing, this.config.numTrainTimesteps, numInferenceSteps,
      this.config.stepsOffset);
    this.sigmas.reset(all, [...interpSigmas(all, trainingSigmas(this.alphasCumprod)), 0],
      strengthStartIndex(numInferenceSteps, strength, all.length));
  }

  scaleModelInput(sample: FloatTensor, _stepIndex: number): void {
    this.sigmas.scaleModelInput(sample);
  }

  step(noisePred: FloatTensor, _stepIndex: number, latent: FloatTensor, generator: RandomGenerator): StepResult {
    assertSameShape(noisePred, latent, 'EulerAncestral step');
    const index = this.sigmas.index;
    const sigma = this.sigmas.sigmaAt(index);
    const model = noisePred.data;
    const x = latent.data;
    // 1. Predicted original sample x0.
    const denoised = floatTensor(latent.shape);
    const x0 = denoised.data;
    for (let i = 0; i < x.length; i++) {
      x0[i] = this.config.predictionType === 'v_prediction'
        ? vPredictionOriginal(model[i]!, x[i]!, sigma)
        : f32(x[i]! - f32(sigma * model[i]!));
    }
    // 2. Ancestral split of the step: σ_up, σ_down in double (std::pow(float, 2)), stored to float.
    const sigmaTo = this.sigmas.sigmaAt(index + 1);
    const from2 = sigma * sigma; // exact in double, like std::pow(float, 2)
    const to2 = sigmaTo * sigmaTo;
    const sigmaUp = f32(Math.sqrt(to2 * (from2 - to2) / from2));
    const sigmaDown = f32(Math.sqrt(to2 - sigmaUp * sigmaUp));
    const dt = f32(sigmaDown - sigma);
    // 3. Noise every step, the last included: prev = (x + d·dt) + noise·σ_up.
    const noise = generator.randnTensor(noisePred.shape).data;
    const prevSample = floatTensor(latent.shape);
    for (let i = 0; i < x.length; i++) {
      const derivative = f32(f32(x[i]! - x0[i]!) / sigma);
      prevSample.data[i] = f32(x[i]! + f32(derivative * dt)) + f32(noise[i]! * sigmaUp);
    }
    this.sigmas.advance();
    return { prevSample, denoised };
  }

  addNoise(original: FloatTensor, noise: FloatTensor, timestep: number): FloatTensor {
    return this.sigmas.addNoise(original, noise, timestep);
  }
}
