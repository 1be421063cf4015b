/**
 * @module calculators/openvino/ir/partial-shape
 * Shapes with dynamic dimensions. A dimension is a non-negative size or DYNAMIC (-1), which is also how IR `<dim>`
 * writes any dynamic dimension (openvino-ir-format.md §1.5); intervals are not represented.
 */

/** A dynamic dimension. */
export const DYNAMIC = -1;

export type Dim = number;
export type PartialShape = readonly Dim[];

export function isStatic(shape: PartialShape): boolean {
  return shape.every((dim) => dim !== DYNAMIC);
}

/** Element count of a static shape (1 for a scalar). */
export function elementCount(shape: PartialShape): number {
  let count = 1;
  for (const dim of shape) {
    if (dim === DYNAMIC) throw new RangeError(`elementCount of a dynamic shape [${formatShape(shape)}]`);
    count *= dim;
  }
  return count;
}

/** `[?,4,?,?]`-style text for messages. */
export function formatShape(shape: PartialShape): string {
  return shape.map((dim) => (dim === DYNAMIC ? '?' : String(dim))).join(',');
}

/** Parameter `shape` attribute: `?,4,?,?`, no spaces, `""` for a scalar (PartialShape::to_string without brackets). */
export function partialShapeAttribute(shape: PartialShape): string {
  return formatShape(shape);
}

/** Constant `shape` attribute: `320, 4, 3, 3`, `""` for a scalar. */
export function staticShapeAttribute(shape: PartialShape): string {
  return shape.join(', ');
}

/** Parses a Parameter-style shape attribute (`?,4,-1,1..8`); intervals become DYNAMIC. */
export function parsePartialShape(text: string): PartialShape {
  const body = text.trim().replace(/^\[|\]$/g, '');
  if (body === '') return [];
  return body.split(',').map((part) => {
    const dim = part.trim();
    if (dim === '?' || dim === '-1' || dim.includes('..')) return DYNAMIC;
    const value = Number(dim);
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`bad dimension '${dim}' in shape '${text}'`);
    return value;
  });
}

/** Two dims known to be equal, or either dynamic: the merged dim (undefined when they conflict). */
export function mergeDims(a: Dim, b: Dim): Dim | undefined {
  if (a === DYNAMIC) return b;
  if (b === DYNAMIC || a === b) return a;
  return undefined;
}

/** NumPy broadcasting of two shapes; undefined when incompatible. A dynamic dim against 1 stays dynamic. */
export function broadcastShapes(a: PartialShape, b: PartialShape): PartialShape | undefined {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else {
      const merged = mergeDims(da, db);
      if (merged === undefined) return undefined;
      out.push(merged);
    }
  }
  return out;
}

/** Normalises a possibly negative axis against a rank; undefined when out of range. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const normalized = axis < 0 ? axis + rank : axis;
  return normalized >= 0 && normalized < rank ? normalized : undefined;
}
