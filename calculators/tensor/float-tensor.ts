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
