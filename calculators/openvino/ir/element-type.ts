/**
 * @module calculators/openvino/ir/element-type
 * OpenVINO element types as IR spells them: the lowercase name in `element_type`/`destination_type` attributes and
 * the legacy upper-case `precision` on ports (openvino-ir-format.md §1.8). The reader accepts either spelling.
 */

export const ELEMENT_TYPES = [
  'f64', 'f32', 'f16', 'bf16',
  'i64', 'i32', 'i16', 'i8', 'u64', 'u32', 'u16', 'u8', 'u4', 'i4', 'u1', 'nf4',
  'f8e4m3', 'f8e5m2', 'f8e8m0', 'f4e2m1',
  'boolean', 'string', 'dynamic',
] as const;

export type ElementType = (typeof ELEMENT_TYPES)[number];

/** Element types whose values are integers (shape and index arithmetic). */
export type IntegerElementType = 'i64' | 'i32' | 'i16' | 'i8' | 'u64' | 'u32' | 'u16' | 'u8';

interface ElementTypeInfo {
  /** Port `precision` spelling written by the serializer (`get_ir_precision_name`). */
  readonly precision: string;
  /** Bits per element; 0 where the size is not fixed (`string`, `dynamic`). */
  readonly bits: number;
  readonly kind: 'float' | 'int' | 'uint' | 'bool' | 'other';
}

const INFO: Readonly<Record<ElementType, ElementTypeInfo>> = {
  f64: { precision: 'FP64', bits: 64, kind: 'float' },
  f32: { precision: 'FP32', bits: 32, kind: 'float' },
  f16: { precision: 'FP16', bits: 16, kind: 'float' },
  bf16: { precision: 'BF16', bits: 16, kind: 'float' },
  i64: { precision: 'I64', bits: 64, kind: 'int' },
  i32: { precision: 'I32', bits: 32, kind: 'int' },
  i16: { precision: 'I16', bits: 16, kind: 'int' },
  i8: { precision: 'I8', bits: 8, kind: 'int' },
  u64: { precision: 'U64', bits: 64, kind: 'uint' },
  u32: { precision: 'U32', bits: 32, kind: 'uint' },
  u16: { precision: 'U16', bits: 16, kind: 'uint' },
  u8: { precision: 'U8', bits: 8, kind: 'uint' },
  u4: { precision: 'U4', bits: 4, kind: 'uint' },
  i4: { precision: 'I4', bits: 4, kind: 'int' },
  u1: { precision: 'BIN', bits: 1, kind: 'uint' },
  nf4: { precision: 'NF4', bits: 4, kind: 'float' },
  f8e4m3: { precision: 'F8E4M3', bits: 8, kind: 'float' },
  f8e5m2: { precision: 'F8E5M2', bits: 8, kind: 'float' },
  f8e8m0: { precision: 'F8E8M0', bits: 8, kind: 'float' },
  f4e2m1: { precision: 'F4E2M1', bits: 4, kind: 'float' },
  boolean: { precision: 'BOOL', bits: 8, kind: 'bool' },
  string: { precision: 'STRING', bits: 0, kind: 'other' },
  dynamic: { precision: 'UNSPECIFIED', bits: 0, kind: 'other' },
};

/** Both spellings (and a few aliases the OpenVINO parser knows) → element type. */
const BY_NAME: ReadonlyMap<string, ElementType> = new Map<string, ElementType>([
  ...ELEMENT_TYPES.map((type) => [type, type] as const),
  ...ELEMENT_TYPES.map((type) => [INFO[type].precision.toLowerCase(), type] as const),
  ['bool', 'boolean'], ['undefined', 'dynamic'],
]);

/** The port `precision` spelling (`FP32`, `I64`, `BOOL`...). */
export function precisionName(type: ElementType): string {
  return INFO[type].precision;
}

/** Parses either spelling, case-insensitively; undefined when unknown. */
export function parseElementType(text: string): ElementType | undefined {
  return BY_NAME.get(text.trim().toLowerCase());
}

export function elementBits(type: ElementType): number {
  return INFO[type].bits;
}

/** Bytes needed for `count` elements: sub-byte types are packed (openvino-ir-format.md §1.8). */
export function byteSize(type: ElementType, count: number): number {
  return Math.ceil((count * INFO[type].bits) / 8);
}

export function isFloatType(type: ElementType): boolean {
  return INFO[type].kind === 'float';
}

export function isIntegerType(type: ElementType): type is IntegerElementType {
  const { kind, bits } = INFO[type];
  return (kind === 'int' || kind === 'uint') && bits >= 8;
}
