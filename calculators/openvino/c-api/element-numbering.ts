/**
 * @module calculators/openvino/c-api/element-numbering
 * `ov_element_type_e` numbers changed twice (2024.2 and 2025.1); a stale number silently gives the wrong type.
 * The numbering in use is detected by probing tensor byte sizes, as reference openvino-c-api.md §4.1 advises.
 */
import type { ElementType } from '../element-type.js';
import { OpenVinoError } from '../errors.js';
import { produced } from './status.js';
import type { OvC, Pointer } from './symbols.js';

/** Names in enum order (index = C number), per numbering (reference openvino-c-api.md §4.1 table). */
const NUMBERINGS = {
  // 2025.1 and later: UNDEFINED merged into DYNAMIC = 0 (2026.0 removed UNDEFINED; numbers unchanged).
  '2025.1+': ['dynamic', 'boolean', 'bf16', 'f16', 'f32', 'f64', 'i4', 'i8', 'i16', 'i32', 'i64', 'u1', 'u2', 'u3',
    'u4', 'u6', 'u8', 'u16', 'u32', 'u64', 'nf4', 'f8e4m3', 'f8e5m2', 'string', 'f4e2m1', 'f8e8m0'],
  // 2024.2 to 2025.0: U2, U3, U6 inserted and STRING appended (PR #24608); 0 = UNDEFINED.
  '2024.2-2025.0': ['dynamic', 'dynamic', 'boolean', 'bf16', 'f16', 'f32', 'f64', 'i4', 'i8', 'i16', 'i32', 'i64',
    'u1', 'u2', 'u3', 'u4', 'u6', 'u8', 'u16', 'u32', 'u64', 'nf4', 'f8e4m3', 'f8e5m2', 'string', 'f4e2m1', 'f8e8m0'],
  // 2024.1 and earlier.
  '2024.1-': ['dynamic', 'dynamic', 'boolean', 'bf16', 'f16', 'f32', 'f64', 'i4', 'i8', 'i16', 'i32', 'i64', 'u1',
    'u4', 'u8', 'u16', 'u32', 'u64', 'nf4', 'f8e4m3', 'f8e5m2'],
} as const satisfies Record<string, readonly ElementType[]>;

export type NumberingName = keyof typeof NUMBERINGS;

/** Element type names ↔ the C numbers of one OpenVINO release. */
export class ElementNumbering {
  private readonly numbers = new Map<ElementType, number>();

  constructor(readonly name: NumberingName) {
    NUMBERINGS[name].forEach((type, number) => {
      if (!this.numbers.has(type)) this.numbers.set(type, number);
    });
  }

  numberOf(type: ElementType): number {
    const number = this.numbers.get(type);
    if (number === undefined) {
      throw new OpenVinoError('NOT_IMPLEMENTED', `element type '${type}' does not exist in OpenVINO ${this.name}`,
        'ElementNumbering.numberOf');
    }
    return number;
  }

  typeOf(number: number): ElementType {
    const type: ElementType | undefined = NUMBERINGS[this.name][number];
    if (type === undefined) {
      throw new OpenVinoError('UNEXPECTED', `unknown ov_element_type_e ${number} (numbering ${this.name})`,
        'ElementNumbering.typeOf');
    }
    return type;
  }
}

/** Byte size of a tensor of C type `number` with `elements` elements, or undefined if OpenVINO rejects the number. */
function probeByteSize(c: OvC, number: number, elements: number): number | undefined {
  const out: [Pointer | null] = [null];
  if (c.ov_tensor_create(number, { rank: 1, dims: [elements] }, out) !== 0) return undefined;
  const tensor = produced(c, 0, out, 'ov_tensor_create');
  try {
    const size: [number] = [0];
    return c.ov_tensor_get_byte_size(tensor, size) === 0 ? size[0] : undefined;
  } finally {
    c.ov_tensor_free(tensor);
  }
}

/**
 * Detects the numbering: type 4 is F32 (4 bytes) from 2025.1 on and F16 (2 bytes) before; then 8 elements of type
 * 13 are U2 (2 bytes) from 2024.2 on and U4 (4 bytes) before.
 */
export function detectNumbering(c: OvC): ElementNumbering {
  const four = probeByteSize(c, 4, 1);
  if (four === 4) return new ElementNumbering('2025.1+');
  const thirteen = probeByteSize(c, 13, 8);
  if (four === 2 && thirteen === 2) return new ElementNumbering('2024.2-2025.0');
  if (four === 2 && thirteen === 4) return new ElementNumbering('2024.1-');
  throw new OpenVinoError('NOT_IMPLEMENTED',
    `cannot tell this OpenVINO's element-type numbering (type 4 → ${four ?? 'rejected'} bytes, `
    + `8 × type 13 → ${thirteen ?? 'rejected'} bytes)`, 'detectNumbering');
}
