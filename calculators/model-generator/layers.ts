/**
 * @module calculators/model-generator/layers
 * PyTorch layers as the OpenVINO PyTorch frontend exports them (openvino-ir-format.md §4.2-4.3): nn.Linear,
 * nn.Conv2d, nn.GroupNorm, nn.LayerNorm, nn.Embedding, SiLU/GELU/quick_gelu. Each takes the module's scope, so ops
 * and parameters get optimum's names.
 */
import { type Output, ops } from '../openvino/ir/index.js';
import type { ModuleScope } from './module-scope.js';
import { BIAS_INIT, EMBEDDING_INIT, fanIn, NORM_BIAS_INIT, NORM_WEIGHT_INIT } from './random-weights.js';

export interface LinearOptions {
  readonly bias?: boolean;
  /** Scales the weight init (fan-in gain). */
  readonly gain?: number;
}

/** nn.Linear: `MatMul(x, W[out,in], transpose_b)` `…/aten::linear/MatMul`, then `Add(bias)` `…/aten::linear/Add`. */
export function linear(m: ModuleScope, x: Output, inFeatures: number, outFeatures: number, options: LinearOptions = {}): Output {
  const weight = m.parameter('weight', [outFeatures, inFeatures], fanIn(inFeatures, options.gain), { compressibleAtPort: 1 });
  const product = ops.matMul(x, weight, { transposeB: true, name: m.opName('aten::linear', 'MatMul') });
  if (options.bias === false) return product;
  return ops.add(product, m.parameter('bias', [outFeatures], BIAS_INIT), { name: m.opName('aten::linear', 'Add') });
}

export interface Conv2dOptions {
  readonly kernel: number;
  readonly stride?: number;
  readonly padding?: number;
  readonly gain?: number;
}

/** nn.Conv2d: Convolution `…/aten::_convolution/Convolution` + `[1,C,1,1]` bias Add `…/aten::_convolution/Add`. */
export function conv2d(m: ModuleScope, x: Output, inChannels: number, outChannels: number, options: Conv2dOptions): Output {
  const { kernel } = options;
  const padding = options.padding ?? 0;
  const weight = m.parameter('weight', [outChannels, inChannels, kernel, kernel], fanIn(inChannels * kernel * kernel, options.gain),
    { compressibleAtPort: 1 });
  const conv = ops.convolution(x, weight, {
    strides: [options.stride ?? 1, options.stride ?? 1], padsBegin: [padding, padding], padsEnd: [padding, padding],
    name: m.opName('aten::_convolution', 'Convolution'),
  });
  const bias = m.parameter('bias', [outChannels], BIAS_INIT, { irShape: [1, outChannels, 1, 1] });
  return ops.add(conv, bias, { name: m.opName('aten::_convolution', 'Add') });
}

/** nn.GroupNorm with affine parameters: GroupNormalization-12 `…/aten::group_norm/GroupNormalization`. */
export function groupNorm(m: ModuleScope, x: Output, groups: number, channels: number, eps: number): Output {
  const scale = m.parameter('weight', [channels], NORM_WEIGHT_INIT);
  const shift = m.parameter('bias', [channels], NORM_BIAS_INIT);
  return ops.groupNormalization(x, scale, shift, groups, eps, { name: m.opName('aten::group_norm', 'GroupNormalization') });
}

/** nn.LayerNorm over the last axis: MVN (INSIDE_SQRT) → Multiply(gamma) → Add(beta). */
export function layerNorm(m: ModuleScope, x: Output, features: number, eps: number): Output {
  const normalized = ops.mvn(x, [-1], { eps, name: m.opName('aten::layer_norm', 'MVN') });
  const scaled = ops.multiply(normalized, m.parameter('weight', [features], NORM_WEIGHT_INIT), { name: m.opName('aten::layer_norm', 'Multiply') });
  return ops.add(scaled, m.parameter('bias', [features], NORM_BIAS_INIT), { name: m.opName('aten::layer_norm', 'Add') });
}

/** nn.Embedding: ids → i32 Convert → Gather(table, ids, axis 0); the table is int8-compressible at port 0. */
export function embedding(m: ModuleScope, ids: Output, count: number, features: number): Output {
  const table = m.parameter('weight', [count, features], EMBEDDING_INIT, { compressibleAtPort: 0 });
  const indices = ops.convert(ids, 'i32', { name: m.opName('aten::embedding', 'Convert') });
  return ops.gather(table, indices, 0, { name: m.opName('aten::embedding', 'Gather') });
}

/** `aten::silu` → Swish-4. */
export function silu(m: ModuleScope, x: Output): Output {
  return ops.swish(x, { name: m.opName('aten::silu', 'Swish') });
}

export type Activation = 'quick_gelu' | 'gelu';

/** CLIP's activations: exact (erf) GELU, or quick_gelu `x · sigmoid(1.702 x)` as Multiply/Sigmoid/Multiply. */
export function activation(m: ModuleScope, x: Output, kind: Activation): Output {
  if (kind === 'gelu') return ops.gelu(x, 'ERF', { name: m.opName('aten::gelu', 'Gelu') });
  const scaled = ops.multiply(x, ops.scalar(m.graph, 'f32', 1.702), { name: m.opName('aten::mul', 'Multiply') });
  const gate = ops.sigmoid(scaled, { name: m.opName('aten::sigmoid', 'Sigmoid') });
  return ops.multiply(x, gate, { name: m.opName('aten::mul', 'Multiply') });
}
