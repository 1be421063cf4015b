/**
 * @module calculators/openvino/element-type
 * OpenVINO element types by their lower-case names (as IR `element_type` and `INFERENCE_PRECISION_HINT` spell them),
 * with the bit width and the TypedArray that views each one. Binding-neutral: the C enum numbers live in c-api/.
 */

/** Every element type OpenVINO 2024–2026 knows. `dynamic` only appears on ports, never on tensors. */
export const ELEMENT_TYPES = [
  'dynamic', 'boolean', 'bf16', 'f16', 'f32', 'f64', 'i4', 'i8', 'i16', 'i32', 'i64',
  'u1', 'u2', 'u3', 'u4', 'u6', 'u8', 'u16', 'u32', 'u64', 'nf4', 'f8e4m3', 'f8e5m2', 'string', 'f4e2m1', 'f8e8m0',
] as const;

export type ElementType = (typeof ELEMENT_TYPES)[number];

/** The views tensor data comes in. f16 and bf16 are raw 16-bit patterns (Node 20 has no Float16Array). */
export type TensorData =
  | Float32Array | Float64Array | Uint16Array | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint32Array | BigUint64Array;

type TensorDataConstructor = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TensorData;
  new (length: number): TensorData;
  readonly BYTES_PER_ELEMENT: number;
};

interface ElementTypeInfo {
  /** Bits per element; sub-byte types pack several elements per byte. */
  readonly bits: number;
  /** The array a tensor's data is viewed as; packed and 8-bit float types are seen as raw bytes. */
  readonly array: TensorDataConstructor;
}

const ELEMENT_TYPE_INFO: Readonly<Record<Exclude<ElementType, 'dynamic' | 'string'>, ElementTypeInfo>> = {
  boolean: { bits: 8, array: Uint8Array },
  bf16: { bits: 16, array: Uint16Array },
  f16: { bits: 16, array: Uint16Array },
  f32: { bits: 32, array: Float32Array },
  f64: { bits: 64, array: Float64Array },
  i4: { bits: 4, array: Uint8Array },
  i8: { bits: 8, array: Int8Array },
  i16: { bits: 16, array: Int16Array },
  i32: { bits: 32, array: Int32Array },
  i64: { bits: 64, array: BigInt64Array },
  u1: { bits: 1, array: Uint8Array },
  u2: { bits: 2, array: Uint8Array },
  u3: { bits: 3, array: Uint8Array },
  u4: { bits: 4, array: Uint8Array },
  u6: { bits: 6, array: Uint8Array },
  u8: { bits: 8, array: Uint8Array },
  u16: { bits: 16, array: Uint16Array },
  u32: { bits: 32, array: Uint32Array },
  u64: { bits: 64, array: BigUint64Array },
  nf4: { bits: 4, array: Uint8Array },
  f8e4m3: { bits: 8, array: Uint8Array },
  f8e5m2: { bits: 8, array: Uint8Array },
  f4e2m1: { bits: 4, array: Uint8Array },
  f8e8m0: { bits: 8, array: Uint8Array },
};

/** A type a tensor can be created with and whose data can be viewed as a TypedArray. */
export type TensorElementType = keyof typeof ELEMENT_TYPE_INFO;

export function isElementType(name: string): name is ElementType {
  return (ELEMENT_TYPES as readonly string[]).includes(name);
}

export function isTensorElementType(name: string): name is TensorElementType {
  return Object.hasOwn(ELEMENT_TYPE_INFO, name);
}

function info(type: ElementType): ElementTypeInfo {
  if (!isTensorElementType(type)) {
    throw new TypeError(`element type '${type}' has no TypedArray view (string and dynamic tensors are not supported)`);
  }
  return ELEMENT_TYPE_INFO[type];
}

/** Number of elements of a static shape; a scalar (`[]`) has one. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((count, dim) => count * dim, 1);
}

/** Bytes a dense tensor of this type and element count occupies (sub-byte types round up, as OpenVINO does). */
export function byteSizeOf(type: ElementType, elements: number): number {
  return Math.ceil((elements * info(type).bits) / 8);
}

/** The TypedArray class that views `type`. */
export function arrayClassOf(type: ElementType): TensorDataConstructor {
  return info(type).array;
}

/** A zero-copy view of `byteLength` bytes of `buffer` as `type`'s TypedArray. */
export function viewAs(type: ElementType, buffer: ArrayBufferLike, byteOffset: number, byteLength: number): TensorData {
  const array = arrayClassOf(type);
  return new array(buffer, byteOffset, byteLength / array.BYTES_PER_ELEMENT);
}
