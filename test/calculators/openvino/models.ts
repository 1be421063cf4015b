/**
 * @module test/calculators/openvino/models
 * The binding tests' models, built with TinyIr, and the values they must produce computed here in TypeScript.
 */
import type { TensorData } from '../../../calculators/openvino/index.js';
import { type IrType, TinyIr, type TinyIrModel } from './tiny-ir.js';

/** Half-precision bits of a float that f16 represents exactly (normal numbers and zero; enough for tests). */
export function toF16Bits(value: number): number {
  if (value === 0) return 0;
  const sign = value < 0 ? 0x8000 : 0;
  const exponent = Math.floor(Math.log2(Math.abs(value)));
  const mantissa = Math.abs(value) / 2 ** exponent - 1;
  return sign | ((exponent + 15) << 10) | Math.round(mantissa * 1024);
}

export function fromF16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** A TypedArray of `type` holding `values` (f16 as bit patterns). */
export function typedArray(type: IrType, values: readonly number[]): TensorData {
  switch (type) {
    case 'f32': return Float32Array.from(values);
    case 'f16': return Uint16Array.from(values, toF16Bits);
    case 'i64': return BigInt64Array.from(values, (v) => BigInt(v));
    case 'i32': return Int32Array.from(values);
    case 'u8': return Uint8Array.from(values);
  }
}

/** The numbers in a tensor's data (f16 decoded). */
export function numbersOf(type: IrType, data: TensorData): number[] {
  if (type === 'f16') return Array.from(data as Uint16Array, fromF16Bits);
  return Array.from(data as ArrayLike<number | bigint>, Number);
}

/** y = x · scale + offset over `[?, 4]`, also exposing `scaled` = x · scale. Inputs `x`, outputs `scaled`, `y`. */
export const AFFINE = { scale: [2, 3, 1, 0], offset: [1, 0, 5, 7], width: 4 } as const;

export function affineModel(type: IrType): TinyIrModel {
  const ir = new TinyIr();
  const x = ir.parameter('x', type, `?,${AFFINE.width}`);
  const scale = ir.constant(type, [AFFINE.width], typedArray(type, AFFINE.scale));
  const scaled = ir.op('Multiply', [x, scale], { auto_broadcast: 'numpy' }, { type, dims: [-1, 4], name: 'scaled' });
  const offset = ir.constant(type, [1, AFFINE.width], typedArray(type, AFFINE.offset));
  const y = ir.op('Add', [scaled, offset], { auto_broadcast: 'numpy' }, { type, dims: [-1, 4], name: 'y' });
  ir.result(scaled);
  ir.result(y);
  return ir.build();
}

export function affineExpected(x: readonly number[]): { scaled: number[]; y: number[] } {
  const scaled = x.map((value, i) => value * AFFINE.scale[i % AFFINE.width]!);
  return { scaled, y: scaled.map((value, i) => value + AFFINE.offset[i % AFFINE.width]!) };
}

/** y = x · W + bias with x `[?, rows]`, W `[rows, cols]`. Small integers keep every f32 sum exact. */
export interface Linear {
  readonly rows: number;
  readonly cols: number;
  readonly weight: Float32Array;
  readonly bias: Float32Array;
}

export function linearLayer(rows: number, cols: number): Linear {
  return {
    rows, cols,
    weight: Float32Array.from({ length: rows * cols }, (_, i) => ((i * 7) % 11) - 5),
    bias: Float32Array.from({ length: cols }, (_, i) => i - 2),
  };
}

export function linearModel(layer: Linear): TinyIrModel {
  const ir = new TinyIr();
  const x = ir.parameter('x', 'f32', `?,${layer.rows}`);
  const w = ir.constant('f32', [layer.rows, layer.cols], layer.weight);
  const product = ir.op('MatMul', [x, w], { transpose_a: 'false', transpose_b: 'false' },
    { type: 'f32', dims: [-1, layer.cols] });
  const bias = ir.constant('f32', [1, layer.cols], layer.bias);
  ir.result(ir.op('Add', [product, bias], { auto_broadcast: 'numpy' }, { type: 'f32', dims: [-1, layer.cols], name: 'y' }));
  return ir.build();
}

export function linearExpected(layer: Linear, x: Float32Array): number[] {
  const batch = x.length / layer.rows;
  const y: number[] = [];
  for (let b = 0; b < batch; b += 1) {
    for (let c = 0; c < layer.cols; c += 1) {
      let sum = layer.bias[c]!;
      for (let r = 0; r < layer.rows; r += 1) sum += x[b * layer.rows + r]! * layer.weight[r * layer.cols + c]!;
      y.push(sum);
    }
  }
  return y;
}

/**
 * `depth` chained MatMuls of `[?, size]` by one `[size, size]` constant: slow enough on purpose (the first axis sets
 * the work). W = I/2 + 1/(2·size) keeps the values bounded; the tests check timing behaviour, not these numbers.
 */
export function matmulChainModel(size: number, depth: number): TinyIrModel {
  const ir = new TinyIr();
  let x = ir.parameter('x', 'f32', `?,${size}`);
  const w = ir.constant('f32', [size, size],
    Float32Array.from({ length: size * size }, (_, i) => (i % (size + 1) === 0 ? 0.5 : 0) + 0.5 / size));
  for (let i = 0; i < depth; i += 1) {
    x = ir.op('MatMul', [x, w], { transpose_a: 'false', transpose_b: 'false' },
      { type: 'f32', dims: [-1, size], name: i === depth - 1 ? 'y' : undefined });
  }
  ir.result(x);
  return ir.build();
}
