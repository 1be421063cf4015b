/**
 * @module calculators/openvino/ir/weights
 * How a model parameter enters the graph in each weight format (openvino-ir-format.md §4.3, §5): f32 Const; f16
 * Const `NAME_compressed` → Convert `NAME` marked `decompression`; int8 NNCF subgraph for MatMul, Convolution and
 * embedding weights (other parameters stay f32, as NNCF leaves them).
 */
import { int8CompressedWeight } from './compression.js';
import { toFloat16Array } from './float16.js';
import type { IrGraph, Output } from './graph.js';
import { constant, convert } from './ops/index.js';
import { elementCount, type PartialShape } from './partial-shape.js';
import { lazyPayload, viewBytes } from './payload.js';
import { xmlElement } from './xml.js';

export const WEIGHT_FORMATS = ['f32', 'f16', 'int8'] as const;
export type WeightFormat = (typeof WEIGHT_FORMATS)[number];

export interface WeightTensor {
  /** Const name, `self.<module path>.weight` in optimum exports. */
  readonly name: string;
  readonly shape: PartialShape;
  /** The f32 values, computed when the `.bin` is written. */
  readonly values: () => Float32Array;
}

export interface WeightUse {
  /** Input port of the consumer (MatMul/Convolution 1, embedding Gather 0); set only for int8-compressible weights. */
  readonly compressibleAtPort?: number;
}

/** The rt_info mark of a Convert that decompresses f16 weights (`decompression` v0). */
export const DECOMPRESSION_RT_INFO = [xmlElement('attribute', { name: 'decompression', version: '0' })];

/** The weight as an f32 Output, encoded in `format`. */
export function weightInput(graph: IrGraph, tensor: WeightTensor, format: WeightFormat, use: WeightUse = {}): Output {
  const count = elementCount(tensor.shape);
  if (format === 'int8' && use.compressibleAtPort !== undefined) {
    return int8CompressedWeight(graph, tensor.name, tensor.shape, tensor.values, use.compressibleAtPort);
  }
  if (format === 'f16') {
    const half = constant(graph, 'f16', tensor.shape,
      lazyPayload(count * 2, () => viewBytes(toFloat16Array(tensor.values()))), { name: `${tensor.name}_compressed` });
    return convert(half, 'f32', { name: tensor.name, rtInfo: DECOMPRESSION_RT_INFO });
  }
  return constant(graph, 'f32', tensor.shape, lazyPayload(count * 4, () => viewBytes(tensor.values())), { name: tensor.name });
}
