/**
 * @module calculators/openvino/c-api/tensor
 * Tensor over `ov_tensor_t`: wraps a caller's TypedArray without copying (`ov_tensor_create_from_host_ptr`, keeping
 * the array alive), owns fresh native memory, or views an infer request's buffer while that buffer is current.
 */
import koffi from 'koffi';
import type { Tensor } from '../api.js';
import {
  arrayClassOf, byteSizeOf, elementCount, type ElementType, isTensorElementType, type TensorData, viewAs,
} from '../element-type.js';
import { MESSAGES, OpenVinoError } from '../errors.js';
import type { CContext } from './context.js';
import { NativeHandle } from './native-handle.js';
import { check, produced, statusName } from './status.js';
import type { Pointer, ShapeStruct } from './symbols.js';

function checkShape(shape: readonly number[]): void {
  if (!shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    throw new OpenVinoError('PARAMETER_MISMATCH', MESSAGES.badShape(shape), 'tensor');
  }
}

function checkData(type: ElementType, shape: readonly number[], data: TensorData): void {
  const expectedClass = arrayClassOf(type);
  if (!(data instanceof expectedClass)) {
    throw new OpenVinoError('PARAMETER_MISMATCH', MESSAGES.dataClass(type, expectedClass.name, data.constructor.name),
      'tensor');
  }
  const expectedBytes = byteSizeOf(type, elementCount(shape));
  if (data.byteLength !== expectedBytes) {
    throw new OpenVinoError('PARAMETER_MISMATCH', MESSAGES.dataLength(type, shape, expectedBytes, data.byteLength),
      'tensor');
  }
}

/**
 * A tensor's shape. For a scalar, ov_tensor_get_shape fails inside (ov_shape_create rejects rank 0; reference §5.5):
 * 2026.4 returns INVALID_C_PARAM, older releases OK with the output untouched, hence the rank-0 start.
 */
function readShape(ctx: CContext, pointer: Pointer): number[] {
  const { c } = ctx;
  const shape: ShapeStruct = { rank: 0, dims: null };
  const status = c.ov_tensor_get_shape(pointer, shape);
  if (statusName(status) === 'INVALID_C_PARAM') {
    const size: [number] = [0];
    check(c, c.ov_tensor_get_size(pointer, size), 'ov_tensor_get_size');
    if (size[0] === 1) return [];
  }
  check(c, status, 'ov_tensor_get_shape');
  if (typeof shape.dims !== 'bigint') return [];
  try {
    return Array.from(koffi.decode(shape.dims, 'int64_t', Number(shape.rank)) as BigInt64Array, Number);
  } finally {
    c.ov_shape_free(shape);
  }
}

/** How a tensor's memory is held. */
type Memory =
  | { readonly kind: 'host'; readonly data: TensorData }
  | { readonly kind: 'native' }
  /** Owned by an infer request; `isCurrent()` turns false once the request reallocates, replaces or frees it. */
  | { readonly kind: 'request'; readonly isCurrent: () => boolean };

export class CTensor implements Tensor {
  readonly #ctx: CContext;
  readonly #handle: NativeHandle;
  readonly #memory: Memory;
  readonly #shape: readonly number[];
  #view: TensorData | undefined;
  readonly elementType: ElementType;
  readonly byteSize: number;

  private constructor(ctx: CContext, pointer: Pointer, memory: Memory, what: string) {
    this.#ctx = ctx;
    this.#handle = new NativeHandle(pointer, (p) => ctx.c.ov_tensor_free(p), ctx.finalizer, what);
    this.#memory = memory;
    const { c } = ctx;
    const type: [number] = [0];
    check(c, c.ov_tensor_get_element_type(pointer, type), 'ov_tensor_get_element_type');
    this.elementType = ctx.elements.typeOf(type[0]);
    const bytes: [number] = [0];
    check(c, c.ov_tensor_get_byte_size(pointer, bytes), 'ov_tensor_get_byte_size');
    this.byteSize = bytes[0];
    this.#shape = readShape(ctx, pointer);
  }

  /** A tensor over `data` (zero-copy) or, without data, over new native memory. */
  static create(ctx: CContext, type: ElementType, shape: readonly number[], data?: TensorData): CTensor {
    checkShape(shape);
    if (!isTensorElementType(type)) {
      throw new OpenVinoError('NOT_IMPLEMENTED', MESSAGES.unsupportedType(type, 'C API'), 'tensor');
    }
    const { c } = ctx;
    const number = ctx.elements.numberOf(type);
    const shapeStruct: ShapeStruct = { rank: shape.length, dims: shape.length === 0 ? null : shape };
    const out: [Pointer | null] = [null];
    if (data === undefined) {
      const pointer = produced(c, c.ov_tensor_create(number, shapeStruct, out), out, 'ov_tensor_create');
      return new CTensor(ctx, pointer, { kind: 'native' }, `Tensor ${type}`);
    }
    checkData(type, shape, data);
    // koffi passes the array's backing store itself; V8 never moves it, and the tensor keeps the array alive.
    const pointer = produced(c, c.ov_tensor_create_from_host_ptr(number, shapeStruct, data, out), out,
      'ov_tensor_create_from_host_ptr');
    return new CTensor(ctx, pointer, { kind: 'host', data }, `Tensor ${type}`);
  }

  /** Adopts a tensor handle an infer request returned. */
  static fromRequest(ctx: CContext, pointer: Pointer, what: string, isCurrent: () => boolean): CTensor {
    return new CTensor(ctx, pointer, { kind: 'request', isCurrent }, what);
  }

  /** The handle, for an infer request to bind. */
  get pointer(): Pointer {
    this.#checkCurrent();
    return this.#handle.pointer;
  }

  /** The caller's array a host tensor wraps (what a request binding this tensor must keep alive). */
  get hostData(): TensorData | undefined {
    return this.#memory.kind === 'host' ? this.#memory.data : undefined;
  }

  get shape(): number[] {
    this.#checkCurrent();
    return [...this.#shape];
  }

  get data(): TensorData {
    const pointer = this.pointer;
    if (this.#memory.kind === 'host') return this.#memory.data;
    if (this.#view === undefined) this.#view = this.#nativeView(pointer);
    return this.#view;
  }

  dispose(): void {
    this.#view = undefined;
    this.#handle.dispose();
  }

  #checkCurrent(): void {
    if (this.#memory.kind === 'request' && !this.#handle.isDisposed && !this.#memory.isCurrent()) {
      throw new OpenVinoError('NOT_ALLOCATED', MESSAGES.staleTensor(this.#handle.what), this.#handle.what);
    }
  }

  #nativeView(pointer: Pointer): TensorData {
    if (this.byteSize === 0) return new (arrayClassOf(this.elementType))(0);
    const { c } = this.#ctx;
    const out: [Pointer | null] = [null];
    const address = produced(c, c.ov_tensor_data(pointer, out), out, 'ov_tensor_data');
    const buffer = koffi.view(address, this.byteSize);
    // The view must not outlive the native memory: while the buffer is reachable, so is this tensor.
    this.#ctx.viewOwners.set(buffer, this);
    return viewAs(this.elementType, buffer, 0, this.byteSize);
  }
}
