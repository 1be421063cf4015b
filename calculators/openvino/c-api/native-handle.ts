/**
 * @module calculators/openvino/c-api/native-handle
 * Ownership of one C handle: `dispose()` frees it exactly once; a FinalizationRegistry frees it if the wrapper is
 * garbage-collected first (a safety net only: finalizers run late, on the main thread).
 */
import { MESSAGES, OpenVinoError } from '../errors.js';
import type { Pointer } from './symbols.js';

/** What a finalizer needs to free a handle; it must not reference the wrapper itself. */
export interface Release {
  readonly pointer: Pointer;
  readonly free: (pointer: Pointer) => void;
}

export type HandleFinalizer = FinalizationRegistry<Release>;

export function createHandleFinalizer(): HandleFinalizer {
  return new FinalizationRegistry<Release>((release) => release.free(release.pointer));
}

export class NativeHandle {
  #pointer: Pointer | null;

  constructor(
    pointer: Pointer,
    private readonly free: (pointer: Pointer) => void,
    private readonly finalizer: HandleFinalizer,
    /** Names the object in errors (`Tensor 'y'`, `InferRequest`). */
    readonly what: string,
  ) {
    this.#pointer = pointer;
    finalizer.register(this, { pointer, free }, this);
  }

  /** The live pointer; throws OpenVinoError NOT_ALLOCATED after dispose(). */
  get pointer(): Pointer {
    if (this.#pointer === null) throw new OpenVinoError('NOT_ALLOCATED', MESSAGES.disposed(this.what), this.what);
    return this.#pointer;
  }

  get isDisposed(): boolean {
    return this.#pointer === null;
  }

  dispose(): void {
    const pointer = this.#pointer;
    if (pointer === null) return;
    this.#pointer = null;
    this.finalizer.unregister(this);
    this.free(pointer);
  }
}
