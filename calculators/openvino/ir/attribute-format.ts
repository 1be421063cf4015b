/**
 * @module calculators/openvino/ir/attribute-format
 * How `<data>` attribute values are written (openvino-ir-format.md §1.3): booleans `true`/`false`, vectors joined
 * with `", "`, numbers in decimal or exponent notation.
 */

export function boolText(value: boolean): string {
  return value ? 'true' : 'false';
}

/** `strides="1, 1"`; an empty vector is `""`. */
export function listText(values: readonly number[]): string {
  return values.join(', ');
}

/** A double for `std::istringstream`: JavaScript's shortest round-trip form (`1e-05` and `0.00001` both parse). */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`attribute value ${value} is not finite`);
  return String(value);
}

/** Parses `1, 1` / `1,1` / `` into numbers. */
export function parseList(text: string): number[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(',').map((part) => Number(part.trim()));
}
