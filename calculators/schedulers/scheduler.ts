/**
 * @module calculators/schedulers/scheduler
 * The interface every scheduler implements (GenAI's IScheduler, reference: genai-image-generation.md §3, §3.10).
 * A scheduler is stateful and single-use per generation: setTimesteps() first, then for i = 0.. timesteps.length-1:
 * scaleModelInput(cfgCopy, i) → model → step(noisePred, i, latent, rng).
 */
import type { RandomGenerator } from '../random/generator.js';
import type { FloatTensor } from '../tensor/float-tensor.js';
import type { SchedulerKind } from './scheduler-config.js';

export interface StepResult {
  /** GenAI's "latent": the next sample. */
  readonly prevSample: FloatTensor;
  /**
   * GenAI's "denoised" (Euler, Euler ancestral: x0; LCM: c_out·x0 + c_skip·x); SD-family pipelines decode the
   * denoised of the last step when present, else prevSample.
   */
  readonly denoised?: FloatTensor;
}

export interface Scheduler {
  readonly kind: SchedulerKind;
  /** Valid after setTimesteps(): the model's timestep per step, after the strength cut (integers except FlowMatch). */
  readonly timesteps: readonly number[];
  /** Valid after setTimesteps(): the factor on pure-noise initial latents. */
  readonly initNoiseSigma: number;

  /** Builds the step schedule for `numInferenceSteps` and image-to-image `strength` (1 for text-to-image). */
  setTimesteps(numInferenceSteps: number, strength: number): void;

  /** Scales the model input for step `stepIndex` IN PLACE (GenAI scales the CFG copy, never the latent itself). */
  scaleModelInput(sample: FloatTensor, stepIndex: number): void;

  /** One denoising step; `noisePred` is the guided model output. Draws from `generator` where the algorithm does. */
  step(noisePred: FloatTensor, stepIndex: number, latent: FloatTensor, generator: RandomGenerator): StepResult;

  /** Image-to-image start: `original` noised to `timestep` with `noise` (a new tensor). */
  addNoise(original: FloatTensor, noise: FloatTensor, timestep: number): FloatTensor;
}
