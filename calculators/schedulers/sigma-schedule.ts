/**
 * @module calculators/schedulers/sigma-schedule
 * The sigma bookkeeping Euler and Euler ancestral share (GenAI's m_sigmas, m_schedule_timesteps, m_begin_index,
 * m_step_index): the step index starts at the strength cut and advances once per step(); add_noise looks a timestep
 * up in the full, uncut schedule.
 */
import { type FloatTensor } from '../tensor/float-tensor.js';
import { addNoiseWithSigma, indexForTimestep, scaleBySigma } from './noise-schedule.js';

export class SigmaSchedule {
  private sigmas: readonly number[] = [];
  private fullSchedule: readonly number[] = [];
  private schedule: readonly number[] = [];
  private beginIndex = 0;
  private stepIndex: number | undefined;

  constructor(private readonly scheduler: string) {}

  /** A new schedule: all timesteps, their sigmas (plus the final one), and the strength cut. */
  reset(allTimesteps: readonly number[], sigmas: readonly number[], beginIndex: number): void {
    this.fullSchedule = allTimesteps;
    this.sigmas = sigmas;
    this.beginIndex = beginIndex;
    this.stepIndex = undefined;
    this.schedule = allTimesteps.slice(beginIndex);
  }

  get timesteps(): readonly number[] {
    return this.schedule;
  }

  get values(): readonly number[] {
    return this.sigmas;
  }

  get maxSigma(): number {
    return Math.max(...this.sigmas);
  }

  /** The current step's position in the sigma list. */
  get index(): number {
    return this.stepIndex ?? this.beginIndex;
  }

  sigmaAt(index: number): number {
    const sigma = this.sigmas[index];
    if (sigma === undefined) throw new RangeError(`${this.scheduler}: setTimesteps() first, or too many steps`);
    return sigma;
  }

  /** Called at the end of step(). */
  advance(): void {
    this.stepIndex = this.index + 1;
  }

  /** scale_model_input with the current sigma, in place. */
  scaleModelInput(sample: FloatTensor): void {
    scaleBySigma(sample, this.sigmaAt(this.index));
  }

  addNoise(original: FloatTensor, noise: FloatTensor, timestep: number): FloatTensor {
    return addNoiseWithSigma(original, noise, this.sigmaAt(indexForTimestep(this.fullSchedule, timestep)));
  }
}
