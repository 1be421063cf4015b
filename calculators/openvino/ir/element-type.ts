/**
 * @module calculators/openvino/ir/element-type
 * How IR spells the binding's element types (calculators/openvino/element-type.ts): the lowercase name in
 * `element_type`/`destination_type` attributes, the legacy upper-case `precision` on ports (openvino-ir-format.md
 * §1.8). The reader accepts either spelling.
 */
import {
  arrayClassOf, byteSizeOf, ELEMENT_TYPES, type ElementType, isTensorElementType,
} from '../element-type.js';

export { ELEMENT_TYPES, type ElementType };

/** Element types whose values are integers (shape and index arithmetic). */
export type IntegerElementType = 'i64' | 'i32' | 'i16' | 'i8' | 'u64' | 'u32' | 'u16' | 'u8';

const INTEGER_TYPES: ReadonlySet<ElementType> = new Set<IntegerElementType>(['i64', 'i32', 'i16', 'i8', 'u64', 'u32', 'u16', 'u8']);
const FLOAT_TYPES: ReadonlySet<ElementType> = new Set<ElementType>(['f64', 'f32', 'f16', 'bf16', 'nf4', 'f8e4m3', 'f8e5m2', 'f8e8m0', 'f4e2m1']);

/** `get_ir_precision_name`: these special cases, otherwise the type name upper-cased. */
const SPECIAL_PRECISIONS: Readonly<Partial<Record<ElementType, string>>> = {
  dynamic: 'UNSPECIFIED', boolean: 'BOOL', u1: 'BIN', f16: 'FP16', f32: 'FP32', bf16: 'BF16', f64: 'FP64',
};

/** The port `precision` spelling (`FP32`, `I64`, `BOOL`...). */
export function precisionName(type: ElementType): string {
  return SPECIAL_PRECISIONS[type] ?? type.toUpperCase();
}

/** Both spellings (and the aliases OpenVINO's parser knows) → element type. */
const BY_NAME: ReadonlyMap<string, ElementType> = new Map<string, ElementType>([
  ...ELEMENT_TYPES.map((type) => [type, type] as const),
  ...ELEMENT_TYPES.map((type) => [precisionName(type).toLowerCase(), type] as const),
  ['bool', 'boolean'], ['undefined', 'dynamic'],
]);

/** Parses either spelling, case-insensitively; undefined when unknown. */
export function parseElementType(text: string): ElementType | undefined {
  return BY_NAME.get(text.trim().toLowerCase());
}

/** Bytes needed for `count` elements (sub-byte types packed); 0 for types without a fixed size (`string`). */
export function byteSize(type: ElementType, count: number): number {
  return isTensorElementType(type) ? byteSizeOf(type, count) : 0;
}

/** Where a constant of this type starts in the `.bin`: its TypedArray's element size (1 for packed types). */
export function alignmentOf(type: ElementType): number {
  return isTensorElementType(type) ? arrayClassOf(type).BYTES_PER_ELEMENT : 1;
}

export function isFloatType(type: ElementType): boolean {
  return FLOAT_TYPES.has(type);
}

export function isIntegerType(type: ElementType): type is IntegerElementType {
  return INTEGER_TYPES.has(type);
}
