/**
 * @module calculators/schedulers/pndm
 * PNDM with skip_prk_steps (pseudo linear multistep only, arXiv 2202.09778) as GenAI's schedulers/pndm.cpp
 * computes it: n steps make an n + 1 long PLMS list ([981, 961, 961, 941, ..., 1] for leading, offset 1, n = 50),
 * the second call re-using the first's timestep; for n = 1 the list is the single timestep.
 */
import type { RandomGenerator } from '../random/generator.js';
import { assertSameShape, floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import {
  addNoiseWithAlpha, alphasCumprod, betasWithoutEndpoint, checkAlphaTimesteps, checkStepCount, integerTimesteps,
  sqrtf, strengthStartIndex,
} from './noise-schedule.js';
import type { Scheduler, StepResult } from './scheduler.js';
import type { PndmConfig } from './scheduler-config.js';

const f32 = Math.fround;

export class PndmScheduler implements Scheduler {
  readonly kind = 'pndm';
  readonly initNoiseSigma = 1;
  private readonly alphasCumprod: Float32Array;
  private readonly finalAlphaCumprod: number;
  private numInferenceSteps = 0;
  private schedule: number[] = [];
  // Running values, reset by setTimesteps().
  private ets: Float32Array[] = [];
  private counter = 0;
  private curSample: Float32Array | undefined;

  constructor(readonly config: PndmConfig) {
    this.alphasCumprod = alphasCumprod(betasWithoutEndpoint(config));
    this.finalAlphaCumprod = config.setAlphaToOne ? 1 : this.alphasCumprod[0]!;
  }

  get timesteps(): readonly number[] {
    return this.schedule;
  }

  setTimesteps(numInferenceSteps: number, strength: number): void {
    checkStepCount(numInferenceSteps, this.config.numTrainTimesteps);
    this.numInferenceSteps = numInferenceSteps;
    // 1. Base timesteps ascending (GenAI builds them ascending; our helper gives them descending).
    const ascending = integerTimesteps(this.config.timestepSpacing, this.config.numTrainTimesteps, numInferenceSteps,
      this.config.stepsOffset).reverse();
    checkAlphaTimesteps(ascending, this.config.numTrainTimesteps, 'PNDM');
    // 2. PLMS list: ts[0 .. len-2] + [ts[len-2], ts[len-1]], reversed; a single timestep stays alone.
    const plms = ascending.length >= 2
      ? [...ascending.slice(0, -1), ascending[ascending.length - 2]!, ascending[ascending.length - 1]!]
      : [ascending[0]!];
    plms.reverse();
    // 3. Strength cut on the PLMS list, with t_start computed from n (diffusers' order-1 rule).
    this.schedule = plms.slice(strengthStartIndex(numInferenceSteps, strength, plms.length));
    this.ets = [];
    this.counter = 0;
    this.curSample = undefined;
  }

  scaleModelInput(): void {
    // PNDM needs no input scaling.
  }

  step(noisePred: FloatTensor, stepIndex: number, latent: FloatTensor, _generator: RandomGenerator): StepResult {
    assertSameShape(noisePred, latent, 'PNDM step');
    const scheduled = this.schedule[stepIndex];
    if (scheduled === undefined) throw new RangeError(`PNDM: step ${stepIndex} is outside the ${this.schedule.length} timesteps`);
    const ratio = Math.floor(this.config.numTrainTimesteps / this.numInferenceSteps);
    // 1. step_plms: the second call (counter 1) steps from t + T/n to t with the averaged prediction.
    let timestep = scheduled;
    let prevTimestep = timestep - ratio;
    if (this.counter !== 1) {
      if (this.ets.length > 3) this.ets = this.ets.slice(-3);
      this.ets.push(Float32Array.from(noisePred.data));
    } else {
      prevTimestep = timestep;
      timestep = timestep + ratio;
    }
    // 2. Linear multistep combination of the stored predictions (float, GenAI's operation order).
    let sample = latent.data;
    const modelOutput = Float32Array.from(noisePred.data);
    const e = this.ets;
    const last = e.length;
    if (last === 1 && this.counter === 0) {
      this.curSample = Float32Array.from(latent.data);
    } else if (last === 1 && this.counter === 1) {
      const e0 = e[0]!;
      for (let i = 0; i < modelOutput.length; i++) modelOutput[i] = f32(modelOutput[i]! + e0[i]!) / 2;
      if (this.curSample === undefined) throw new Error('PNDM: the first step did not store its sample');
      sample = this.curSample;
      this.curSample = undefined;
    } else if (last === 2) {
      const [e2, e1] = [e[0]!, e[1]!];
      for (let i = 0; i < modelOutput.length; i++) modelOutput[i] = f32(f32(3 * e1[i]!) - e2[i]!) / 2;
    } else if (last === 3) {
      const [e3, e2, e1] = [e[0]!, e[1]!, e[2]!];
      for (let i = 0; i < modelOutput.length; i++) {
        modelOutput[i] = f32(f32(f32(23 * e1[i]!) - f32(16 * e2[i]!)) + f32(5 * e3[i]!)) / 12;
      }
    } else {
      const [e4, e3, e2, e1] = [e[0]!, e[1]!, e[2]!, e[3]!];
      const oneOver24 = f32(1 / 24);
      for (let i = 0; i < modelOutput.length; i++) {
        const sum = f32(f32(f32(f32(55 * e1[i]!) - f32(59 * e2[i]!)) + f32(37 * e3[i]!)) - f32(9 * e4[i]!));
        modelOutput[i] = f32(oneOver24 * sum);
      }
    }
    // 3. get_prev_sample, formula (9) of the PNDM paper.
    const prevSample = this.prevSample(sample, timestep, prevTimestep, modelOutput, latent);
    this.counter++;
    return { prevSample };
  }

  addNoise(original: FloatTensor, noise: FloatTensor, timestep: number): FloatTensor {
    checkAlphaTimesteps([timestep], this.config.numTrainTimesteps, 'PNDM add_noise');
    return addNoiseWithAlpha(original, noise, this.alphasCumprod[timestep]!, 'double');
  }

  private prevSample(sample: Float32Array, timestep: number, prevTimestep: number, modelOutput: Float32Array,
    shapeOf: FloatTensor): FloatTensor {
    const alphaProdT = this.alphasCumprod[timestep]!;
    const alphaProdTPrev = prevTimestep >= 0 ? this.alphasCumprod[prevTimestep]! : this.finalAlphaCumprod;
    const betaProdT = f32(1 - alphaProdT);
    const betaProdTPrev = f32(1 - alphaProdTPrev);
    const sampleCoeff = sqrtf(f32(alphaProdTPrev / alphaProdT));
    const denominator = f32(f32(alphaProdT * sqrtf(betaProdTPrev)) +
      sqrtf(f32(f32(alphaProdT * betaProdT) * alphaProdTPrev)));
    if (this.config.predictionType === 'v_prediction') {
      const sqrtAlpha = sqrtf(alphaProdT);
      const sqrtBeta = sqrtf(betaProdT);
      for (let i = 0; i < modelOutput.length; i++) {
        modelOutput[i] = f32(sqrtAlpha * modelOutput[i]!) + f32(sqrtBeta * sample[i]!);
      }
    }
    const alphaDiff = f32(alphaProdTPrev - alphaProdT);
    const out = floatTensor(shapeOf.shape);
    for (let i = 0; i < out.data.length; i++) {
      out.data[i] = f32(sampleCoeff * sample[i]!) - f32(f32(alphaDiff * modelOutput[i]!) / denominator);
    }
    return out;
  }
}
