/**
 * @module calculators/openvino/request-state
 * The rules every binding's InferRequest follows: one infer() at a time, no set/get while it runs, dispose deferred
 * until a running infer() settles, and a generation count that tells when tensors got from the request go stale.
 */
import { MESSAGES, OpenVinoError } from './errors.js';

export class RequestState {
  /** Bumped by infer(), set*Tensor() and dispose(). */
  #generation = 0;
  #isInferring = false;
  #isDisposeRequested = false;

  get generation(): number {
    return this.#generation;
  }

  get isInferring(): boolean {
    return this.#isInferring;
  }

  /** Throws unless the request may be touched now (not disposed, not inferring). */
  checkLive(action: string): void {
    if (this.#isDisposeRequested) {
      throw new OpenVinoError('NOT_ALLOCATED', MESSAGES.disposed('InferRequest'), `InferRequest.${action}`);
    }
    if (this.#isInferring) throw new OpenVinoError('REQUEST_BUSY', MESSAGES.busyTouch(action), `InferRequest.${action}`);
  }

  /** Tensors got before this are stale from now on. */
  invalidateTensors(): void {
    this.#generation += 1;
  }

  isCurrent(generation: number): boolean {
    return generation === this.#generation && !this.#isDisposeRequested;
  }

  /** Runs one inference under the rules; `release` frees the request if dispose() came while it ran. */
  async runInference(run: () => Promise<void>, release: () => void): Promise<void> {
    if (this.#isInferring) throw new OpenVinoError('REQUEST_BUSY', MESSAGES.busy, 'InferRequest.infer');
    this.checkLive('infer()');
    this.#isInferring = true;
    this.invalidateTensors();
    try {
      await run();
    } finally {
      this.#isInferring = false;
      if (this.#isDisposeRequested) release();
    }
  }

  /** Marks the request disposed; true when it can be released now (no inference running). */
  requestDispose(): boolean {
    this.#isDisposeRequested = true;
    this.invalidateTensors();
    return !this.#isInferring;
  }
}
