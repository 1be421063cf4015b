/**
 * @module calculators/openvino/ir/payload
 * Const payloads: bytes already in memory, bytes computed when the `.bin` is written, and small constants encoded
 * from numbers in any element type the generator needs.
 */
import { byteSize, type ElementType } from './element-type.js';
import { float16BitsClamped } from './float16.js';
import type { ConstantPayload } from './graph.js';
import { IrError } from './ir-error.js';

export function bytesPayload(bytes: Uint8Array): ConstantPayload {
  return { byteLength: bytes.byteLength, bytes: () => bytes };
}

/** Bytes produced on demand; `produce` must return exactly `byteLength` bytes (checked when written). */
export function lazyPayload(byteLength: number, produce: () => Uint8Array): ConstantPayload {
  return { byteLength, bytes: produce };
}

export function viewBytes(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Encodes numbers as little-endian elements of `type` (typed arrays are little-endian on supported hosts). */
export function encodeValues(type: ElementType, values: ArrayLike<number>): Uint8Array {
  const count = values.length;
  const from = (i: number): number => values[i] ?? 0;
  switch (type) {
    case 'f32': return viewBytes(Float32Array.from({ length: count }, (_, i) => from(i)));
    case 'f64': return viewBytes(Float64Array.from({ length: count }, (_, i) => from(i)));
    case 'f16': return viewBytes(Uint16Array.from({ length: count }, (_, i) => float16BitsClamped(from(i))));
    case 'i64': return viewBytes(BigInt64Array.from({ length: count }, (_, i) => BigInt(from(i))));
    case 'u64': return viewBytes(BigUint64Array.from({ length: count }, (_, i) => BigInt(from(i))));
    case 'i32': return viewBytes(Int32Array.from({ length: count }, (_, i) => from(i)));
    case 'u32': return viewBytes(Uint32Array.from({ length: count }, (_, i) => from(i)));
    case 'i16': return viewBytes(Int16Array.from({ length: count }, (_, i) => from(i)));
    case 'u16': return viewBytes(Uint16Array.from({ length: count }, (_, i) => from(i)));
    case 'i8': return viewBytes(Int8Array.from({ length: count }, (_, i) => from(i)));
    case 'u8': return Uint8Array.from({ length: count }, (_, i) => from(i));
    case 'boolean': return Uint8Array.from({ length: count }, (_, i) => (from(i) !== 0 ? 1 : 0));
    default: throw new IrError(`cannot encode constant values as ${type}`);
  }
}

/** Decodes little-endian integer elements (for values of constants read from a `.bin`). */
export function decodeIntegers(type: ElementType, bytes: Uint8Array, count: number): number[] | undefined {
  if (bytes.byteLength < byteSize(type, count)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (i: number): number => {
    switch (type) {
      case 'i64': return Number(view.getBigInt64(i * 8, true));
      case 'u64': return Number(view.getBigUint64(i * 8, true));
      case 'i32': return view.getInt32(i * 4, true);
      case 'u32': return view.getUint32(i * 4, true);
      case 'i16': return view.getInt16(i * 2, true);
      case 'u16': return view.getUint16(i * 2, true);
      case 'i8': return view.getInt8(i);
      case 'u8': return view.getUint8(i);
      default: return NaN;
    }
  };
  const values = Array.from({ length: count }, (_, i) => read(i));
  return values.some(Number.isNaN) ? undefined : values;
}
