/**
 * @module calculators/openvino/api
 * The binding-neutral OpenVINO interfaces calculators code against; c-api/ (koffi over libopenvino_c) and
 * node-binding.ts (openvino-node) implement them. Lifetimes (both bindings):
 *
 * - Every object has `dispose()`, which releases its native handle at once and is idempotent; any later use throws
 *   OpenVinoError `NOT_ALLOCATED`. A FinalizationRegistry frees forgotten handles, but only as a safety net.
 * - Disposing a parent does not invalidate children: a CompiledModel keeps what it was compiled from alive, an
 *   InferRequest keeps its CompiledModel alive (OpenVINO's own reference counting).
 * - `openVino.tensor(type, shape, data)` wraps `data` without copying; the Tensor keeps `data` alive, and so does
 *   every InferRequest it was set into (until replaced or disposed). Writes to `data` are seen by later inferences.
 * - `openVino.tensor(type, shape)` (no data) allocates native memory; `tensor.data` views it until `dispose()`.
 * - A Tensor from `request.getTensor()` / `getOutputTensor()` / `getInputTensor()` views memory owned by the request.
 *   It is valid until the request's next `infer()` starts, its next `setTensor()` / `setInputTensor()` (any port),
 *   or its `dispose()`, whichever comes first; after that, reading `shape` or `data` throws OpenVinoError
 *   `NOT_ALLOCATED`: get the tensor again. Views taken from `data` earlier must not be used past that point either
 *   (the check is on the Tensor, not on the TypedArray it handed out).
 */
import type { ElementType, TensorData } from './element-type.js';

export type { ElementType, TensorData } from './element-type.js';

/** One axis of a partial shape: a size ≥ 0, or -1 when it is not static (unbounded or bounded; see `intervals`). */
export type Dimension = number;

/** The bounds of one axis: `min == max` when static; `max == -1` means no upper bound. */
export interface DimensionInterval {
  readonly min: number;
  readonly max: number;
}

/** A model input or output. */
export interface PortInfo {
  /** Any one of the port's tensor names ('' when the tensor has none). */
  readonly name: string;
  /** The tensor names known for the port. The C API exposes only one per port, so this holds `name` (or nothing). */
  readonly names: string[];
  /** `dynamic` when the type is not fixed (or, on openvino-node, not reported). */
  readonly elementType: ElementType;
  /** One entry per axis, -1 for any axis that is not static. `[]` for a scalar and for a dynamic rank. */
  readonly partialShape: Dimension[];
  /** One interval per axis: the bounds of bounded axes (`[1..4]` reads as `{min: 1, max: 4}`, shown -1 above). */
  readonly intervals: DimensionInterval[];
  /** True when even the number of axes is unknown. */
  readonly isRankDynamic: boolean;
}

/** An axis in a reshape: a static size, -1 (any size), or an interval. */
export type ReshapeDimension = Dimension | DimensionInterval;

/** Which implementation is in use. */
export type BindingName = 'c' | 'node';
/** What `--ov_binding` accepts: `auto` tries the C API first, then openvino-node. */
export const BINDING_CHOICES = ['auto', 'c', 'node'] as const;
export type BindingChoice = (typeof BINDING_CHOICES)[number];

export interface LoadOptions {
  readonly binding?: BindingChoice;
  /** A folder holding `libopenvino_c` (from OPENVINO_LIB_DIR); when given, it is the only place searched. */
  readonly libDir?: string;
}

export interface OpenVino {
  /** OpenVINO's build number, e.g. `2026.4.1-22982-e213a147257-releases/2026/4`. */
  readonly version: string;
  readonly binding: BindingName;
  /** The native library loaded (libopenvino_c, or the openvino-node addon). */
  readonly libraryPath: string;
  createCore(): Core;
  /** A tensor over `data` (zero-copy; `data` must be the type's TypedArray and exactly its size) or over new memory. */
  tensor(type: ElementType, shape: readonly number[], data?: TensorData): Tensor;
}

export interface Core {
  availableDevices(): string[];
  /** Sets each property on `device`, or core-wide when `device` is undefined (e.g. `CACHE_DIR`). */
  setProperties(device: string | undefined, props: Readonly<Record<string, string>>): void;
  /** A property as OpenVINO prints it (`YES`/`NO`, enum names, space-separated lists); `''` as device = core-wide. */
  getProperty(device: string, key: string): string;
  /** Reads an IR (or ONNX, ...) file; without `binPath`, OpenVINO looks for `<stem>.bin` beside the XML. */
  readModel(xmlPath: string, binPath?: string): Model;
  /** Reads an IR from its XML text and its weights (`.bin` bytes, zero-copy: kept alive by the model). */
  readModelFromMemory(xml: string, weights: Uint8Array): Model;
  /** Compiles off the event loop. `props` apply to this compile only (`PERFORMANCE_HINT`, `NUM_STREAMS`, ...). */
  compileModel(model: Model, device: string, props?: Readonly<Record<string, string>>): Promise<CompiledModel>;
  dispose(): void;
}

export interface Model {
  /** Read from the model each time (they change after `reshape`); each read is a fresh array. */
  readonly inputs: PortInfo[];
  readonly outputs: PortInfo[];
  /** Reshapes inputs in place, by tensor name; compile afterwards. */
  reshape(shapes: Readonly<Record<string, readonly ReshapeDimension[]>>): void;
  dispose(): void;
}

export interface CompiledModel {
  readonly inputs: PortInfo[];
  readonly outputs: PortInfo[];
  createInferRequest(): InferRequest;
  getProperty(key: string): string;
  dispose(): void;
}

export interface InferRequest {
  /** Binds `t` to the input or output named `name` (zero-copy; the request keeps `t`'s memory alive). */
  setTensor(name: string, t: Tensor): void;
  setInputTensor(index: number, t: Tensor): void;
  getTensor(name: string): Tensor;
  /** The request's own input buffer: fill its `data` in place to avoid any copy. */
  getInputTensor(index: number): Tensor;
  getOutputTensor(index: number): Tensor;
  /**
   * Runs the model off the event loop. A request runs one inference at a time: calling `infer()` (or set/get) while
   * one is running fails with OpenVinoError `REQUEST_BUSY`; use one request per concurrent inference.
   */
  infer(): Promise<void>;
  /** Frees the request; if an inference is running, it is freed when that inference settles. */
  dispose(): void;
}

export interface Tensor {
  readonly elementType: ElementType;
  /** A fresh copy at each read. */
  readonly shape: number[];
  readonly byteSize: number;
  /** A zero-copy view (f16/bf16 as Uint16Array bit patterns, packed types as bytes). */
  readonly data: TensorData;
  dispose(): void;
}
