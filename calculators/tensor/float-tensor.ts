/**
 * @module calculators/tensor/float-tensor
 * The plain float32 tensor the numerics modules pass around (latents, noise, model outputs): a flat row-major
 * Float32Array and its shape. No engine or OpenVINO types, so schedulers and the RNG stay pure.
 */

export type Shape = readonly number[];

export interface FloatTensor {
  readonly shape: Shape;
  readonly data: Float32Array;
}

/** Number of elements of a shape (1 for a scalar shape []). */
export function shapeSize(shape: Shape): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** A new zero-filled tensor, or one wrapping `data` (whose length must match the shape). */
export function floatTensor(shape: Shape, data?: Float32Array): FloatTensor {
  const size = shapeSize(shape);
  if (data !== undefined && data.length !== size) {
    throw new RangeError(`tensor data has ${data.length} elements, shape [${shape.join(',')}] needs ${size}`);
  }
  return { shape: [...shape], data: data ?? new Float32Array(size) };
}

/** Throws unless two tensors have the same shape (schedulers combine element-wise). */
export function assertSameShape(a: FloatTensor, b: FloatTensor, what: string): void {
  if (a.shape.length !== b.shape.length || a.shape.some((dim, i) => dim !== b.shape[i])) {
    throw new RangeError(`${what}: shapes [${a.shape.join(',')}] and [${b.shape.join(',')}] differ`);
  }
}

/** numpy_utils::repeat: the whole tensor `times` times along axis 0 ([B, ...] → [B·times, ...]). */
export function repeatBatch(tensor: FloatTensor, times: number): FloatTensor {
  const [batch, ...rest] = tensor.shape;
  const out = floatTensor([batch! * times, ...rest]);
  for (let i = 0; i < times; i++) out.data.set(tensor.data, i * tensor.data.length);
  return out;
}

/** numpy_utils::concat along axis 1: [B, C1, ...] ‖ [B, C2, ...] ‖ ... → [B, C1 + C2 + ..., ...]. */
export function concatChannels(parts: readonly FloatTensor[]): FloatTensor {
  const [first] = parts;
  if (first === undefined) throw new RangeError('concatChannels needs at least one tensor');
  const [batch, , ...spatial] = first.shape;
  const plane = shapeSize(spatial);
  for (const part of parts) {
    if (part.shape[0] !== batch || part.shape.slice(2).some((dim, i) => dim !== spatial[i])) {
      throw new RangeError(`concatChannels: [${part.shape.join(',')}] does not fit [${first.shape.join(',')}]`);
    }
  }
  const channels = parts.reduce((total, part) => total + part.shape[1]!, 0);
  const out = floatTensor([batch!, channels, ...spatial]);
  let offset = 0;
  for (let b = 0; b < batch!; b++) {
    for (const part of parts) {
      const size = part.shape[1]! * plane;
      out.data.set(part.data.subarray(b * size, (b + 1) * size), offset);
      offset += size;
    }
  }
  return out;
}
