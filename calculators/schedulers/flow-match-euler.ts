/**
 * @module calculators/schedulers/flow-match-euler
 * Flow-matching Euler (SD3, FLUX) as GenAI's schedulers/flow_match_euler_discrete.cpp computes it: float timesteps
 * (σ·T), GenAI's double/float mix per path, x_{i+1} = x + (σ_{i+1} - σ_i)·v. setTimesteps(n, strength) is the SD3
 * path; setTimestepsForSequence(imageSeqLen, n, strength) the FLUX path with (dynamic) shifting.
 */
import { GraphError } from '../../engine/status.js';
import type { RandomGenerator } from '../random/generator.js';
import { assertSameShape, floatTensor, type FloatTensor } from '../tensor/float-tensor.js';
import { checkStepCount, checkStrength, linspaceDouble, linspaceFloat, noDenoisingStep } from './noise-schedule.js';
import type { Scheduler, StepResult } from './scheduler.js';
import type { FlowMatchEulerConfig } from './scheduler-config.js';

const f32 = Math.fround;

/** GenAI's empirical mu for FLUX.2 (`time_shift_type: exponential`). */
const EMPIRICAL_MU = { a1: 8.73809524e-05, b1: 1.89833333, a2: 0.00016927, b2: 0.45666666 } as const;

export class FlowMatchEulerScheduler implements Scheduler {
  readonly kind = 'flow-match-euler';
  readonly initNoiseSigma = 1;
  private readonly sigmaMax: number;
  private readonly sigmaMin: number;
  private sigmas: number[] = [];
  private allTimesteps: number[] = [];
  private schedule: number[] = [];
  private beginIndex = 0;
  private stepIndex: number | undefined;

  constructor(readonly config: FlowMatchEulerConfig) {
    // Training sigmas: t = linspace<float>(1, T, T, endpoint) reversed, σ = t/T in double, shifted in double unless
    // dynamic, stored to float; only σ_max and σ_min are kept.
    const T = config.numTrainTimesteps;
    const shift = config.shift;
    const sigmas = linspaceFloat(1, T, T, true).reverse().map((t) => {
      const s = t / T;
      return f32(config.useDynamicShifting ? s : (shift * s) / (1 + (shift - 1) * s));
    });
    this.sigmaMax = sigmas[0]!;
    this.sigmaMin = sigmas[sigmas.length - 1]!;
  }

  /** The float timesteps from the begin index on (GenAI get_float_timesteps, which also sets begin_index). */
  get timesteps(): readonly number[] {
    return this.schedule;
  }

  /** σ per step of the full schedule plus the final 0. */
  get sigmaSchedule(): readonly number[] {
    return this.sigmas;
  }

  /** SD3 path: t = linspace<double>(σmax·T, σmin·T, n, endpoint), σ = t/T shifted in double, stored to float. */
  setTimesteps(numInferenceSteps: number, strength: number): void {
    checkStepCount(numInferenceSteps, Number.MAX_SAFE_INTEGER);
    if (this.config.useDynamicShifting) {
      throw new GraphError('FAILED_PRECONDITION',
        "'use_dynamic_shifting': true is not supported by GenAI's FlowMatchEuler set_timesteps(n, strength) (SD3)");
    }
    const T = this.config.numTrainTimesteps;
    const shift = this.config.shift;
    const sigmas = linspaceDouble(this.sigmaMax * T, this.sigmaMin * T, numInferenceSteps, true).map((t) => {
      const s = t / T;
      return f32((shift * s) / (1 + (shift - 1) * s));
    });
    this.finish(sigmas, numInferenceSteps, strength);
  }

  /**
   * FLUX path (set_timesteps(image_seq_len, n, strength)): σ = float(linspace<double>(1, 1/n, n, endpoint)), then
   * the dynamic shift e^mu/(e^mu + (1/σ - 1)) in float (e^mu a double exp rounded to float) or the static shift in
   * float, then the optional shift_terminal stretch. imageSeqLen = (H/16)·(W/16).
   */
  setTimestepsForSequence(imageSeqLen: number, numInferenceSteps: number, strength: number): void {
    checkStepCount(numInferenceSteps, Number.MAX_SAFE_INTEGER);
    const mu = this.mu(imageSeqLen, numInferenceSteps);
    let sigmas = linspaceDouble(1, 1 / numInferenceSteps, numInferenceSteps, true).map(f32);
    const shift = this.config.shift;
    if (this.config.useDynamicShifting) {
      // DEVIATION (rare): Math.exp may differ from glibc exp in the last double bit before the float rounding.
      const expMu = f32(Math.exp(mu));
      sigmas = sigmas.map((s) => f32(expMu / f32(expMu + f32(f32(1 / s) - 1))));
    } else {
      sigmas = sigmas.map((s) => f32(f32(shift * s) / f32(1 + f32(f32(shift - 1) * s))));
    }
    const terminal = this.config.shiftTerminal;
    if (terminal !== undefined) {
      const oneMinus = sigmas.map((s) => f32(1 - s));
      const scale = f32(oneMinus[oneMinus.length - 1]! / f32(1 - terminal));
      sigmas = oneMinus.map((v) => f32(1 - f32(v / scale)));
    }
    this.finish(sigmas, numInferenceSteps, strength);
  }

  scaleModelInput(): void {
    // Flow matching needs no input scaling.
  }

  step(noisePred: FloatTensor, _stepIndex: number, latent: FloatTensor, _generator: RandomGenerator): StepResult {
    assertSameShape(noisePred, latent, 'FlowMatchEuler step');
    const index = this.stepIndex ?? this.beginIndex;
    const next = this.sigmas[index + 1];
    if (next === undefined) throw new RangeError('FlowMatchEuler: setTimesteps() first, or too many steps');
    const sigmaDiff = f32(next - this.sigmas[index]!);
    const prevSample = floatTensor(latent.shape);
    for (let i = 0; i < prevSample.data.length; i++) {
      prevSample.data[i] = latent.data[i]! + f32(sigmaDiff * noisePred.data[i]!);
    }
    this.stepIndex = index + 1;
    return { prevSample };
  }

  /** GenAI's FlowMatch add_noise is not implemented ("Not implemented"); image-to-image uses scaleNoise. */
  addNoise(): FloatTensor {
    throw new GraphError('UNIMPLEMENTED', 'FlowMatchEulerDiscreteScheduler has no add_noise; use scaleNoise');
  }

  /**
   * scale_noise: σ·noise + (1 - σ)·sample in float, σ = sigmas[step index] once stepping has begun, else
   * sigmas[begin index] (GenAI's pipelines always set the begin index first).
   */
  scaleNoise(sample: FloatTensor, noise: FloatTensor): FloatTensor {
    assertSameShape(sample, noise, 'scale_noise');
    const sigma = this.sigmas[this.stepIndex ?? this.beginIndex];
    if (sigma === undefined) throw new RangeError('FlowMatchEuler: setTimesteps() first');
    const oneMinus = f32(1 - sigma);
    const out = floatTensor(sample.shape);
    for (let i = 0; i < out.data.length; i++) out.data[i] = f32(sigma * noise.data[i]!) + f32(oneMinus * sample.data[i]!);
    return out;
  }

  /** calculate_shift (linear, in double from the float config) or compute_empirical_mu (exponential). */
  private mu(imageSeqLen: number, numInferenceSteps: number): number {
    const c = this.config;
    switch (c.timeShiftType) {
      case 'linear': {
        const m = (c.maxShift - c.baseShift) / (c.maxImageSeqLen - c.baseImageSeqLen);
        const b = c.baseShift - m * c.baseImageSeqLen;
        return imageSeqLen * m + b;
      }
      case 'exponential': {
        const { a1, b1, a2, b2 } = EMPIRICAL_MU;
        if (imageSeqLen > 4300) return a2 * imageSeqLen + b2;
        const m200 = a2 * imageSeqLen + b2;
        const m10 = a1 * imageSeqLen + b1;
        const a = (m200 - m10) / 190;
        return a * numInferenceSteps + (m200 - 200 * a);
      }
      default:
        throw new GraphError('FAILED_PRECONDITION',
          `'time_shift_type': unsupported value '${c.timeShiftType}' (expected linear, exponential)`);
    }
  }

  /** timesteps = σ·T in float, σ gets a final 0; then get_float_timesteps' strength cut. */
  private finish(sigmas: number[], n: number, strength: number): void {
    checkStrength(strength);
    const T = f32(this.config.numTrainTimesteps);
    this.allTimesteps = sigmas.map((s) => f32(s * T));
    this.sigmas = [...sigmas, 0];
    // t_start = size_t(max(float(n) - min(float(n)·strength, float(n)), 0)), all in float.
    const init = Math.min(f32(n * f32(strength)), n);
    const tStart = Math.trunc(Math.max(f32(n - init), 0));
    if (tStart >= this.allTimesteps.length) throw noDenoisingStep(strength, n);
    this.beginIndex = tStart;
    this.stepIndex = undefined;
    this.schedule = this.allTimesteps.slice(tStart);
  }
}
