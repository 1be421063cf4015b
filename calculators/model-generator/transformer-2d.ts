/**
 * @module calculators/model-generator/transformer-2d
 * diffusers' Transformer2DModel (continuous input) and BasicTransformerBlock (`transformers/transformer_2d.py`,
 * `attention.py`; diffusion-model-configs.md §2.1): GroupNorm, proj_in, self- and cross-attention, GEGLU feed-forward,
 * proj_out, residual.
 */
import { type Output, ops } from '../openvino/ir/index.js';
import { attention } from './attention.js';
import { conv2d, groupNorm, layerNorm, linear } from './layers.js';
import type { ModuleScope } from './module-scope.js';

export interface Transformer2DOptions {
  readonly channels: number;
  readonly heads: number;
  readonly groups: number;
  readonly contextChannels: number;
  readonly layers: number;
  /** SD 2.x: proj_in/proj_out are Linear on tokens; SD 1.x: 1×1 Conv2d on the feature map. */
  readonly useLinearProjection: boolean;
}

/** GEGLU FeedForward (mult 4): `net.0.proj` C → 8C, `h · gelu(gate)` (exact erf), `net.2` 4C → C. */
function feedForward(m: ModuleScope, x: Output, channels: number): Output {
  const projected = linear(m.child('net', 0, 'proj'), x, channels, 8 * channels);
  const [h, gate] = ops.split(projected, -1, 2, { name: m.child('net', 0).opName('aten::chunk', 'Split') }) as [Output, Output];
  const gated = ops.multiply(h, ops.gelu(gate, 'ERF', { name: m.child('net', 0).opName('aten::gelu', 'Gelu') }),
    { name: m.child('net', 0).opName('aten::mul', 'Multiply') });
  return linear(m.child('net', 2), gated, 4 * channels, channels);
}

/** `x = attn1(norm1(x)) + x; x = attn2(norm2(x), context) + x; x = ff(norm3(x)) + x` (LayerNorm eps 1e-5). */
function basicTransformerBlock(m: ModuleScope, x: Output, context: Output, options: Transformer2DOptions): Output {
  const { channels, heads, contextChannels } = options;
  const names = { query: 'to_q', key: 'to_k', value: 'to_v', out: 'to_out.0' };
  const selfInput = layerNorm(m.child('norm1'), x, channels, 1e-5);
  let h = ops.add(attention(m.child('attn1'), selfInput, selfInput, { channels, heads, contextChannels: channels },
    { names, qkvBias: false }), x, { name: m.opName('aten::add', 'Add') });
  h = ops.add(attention(m.child('attn2'), layerNorm(m.child('norm2'), h, channels, 1e-5), context,
    { channels, heads, contextChannels }, { names, qkvBias: false }), h, { name: m.opName('aten::add', 'Add') });
  return ops.add(feedForward(m.child('ff'), layerNorm(m.child('norm3'), h, channels, 1e-5), channels), h,
    { name: m.opName('aten::add', 'Add') });
}

/** `[B, C, H, W]` + context `[B, S, Cctx]` → `[B, C, H, W]`. */
export function transformer2DModel(m: ModuleScope, x: Output, context: Output, options: Transformer2DOptions): Output {
  const { channels } = options;
  const normed = groupNorm(m.child('norm'), x, options.groups, channels, 1e-6);
  const toTokens = (feature: Output): Output => ops.reshape(
    ops.transpose(feature, [0, 2, 3, 1], { name: m.opName('aten::permute', 'Transpose') }),
    [0, -1, channels], true, { name: m.opName('aten::reshape', 'Reshape') });
  let tokens = options.useLinearProjection
    ? linear(m.child('proj_in'), toTokens(normed), channels, channels)
    : toTokens(conv2d(m.child('proj_in'), normed, channels, channels, { kernel: 1 }));
  for (let i = 0; i < options.layers; i++) tokens = basicTransformerBlock(m.child('transformer_blocks', i), tokens, context, options);
  // reshape(batch, height, width, inner_dim).permute(0, 3, 1, 2): B, H, W from the input's shape.
  const target = ops.concat([ops.gather(ops.shapeOf(x, 'i64', { name: m.opName('aten::size', 'ShapeOf') }), [0, 2, 3], 0),
    ops.constantOf(m.graph, 'i64', [channels])], 0);
  const toMap = (sequence: Output): Output => ops.transpose(
    ops.reshape(sequence, target, false, { name: m.opName('aten::reshape', 'Reshape') }), [0, 3, 1, 2],
    { name: m.opName('aten::permute', 'Transpose') });
  const projected = options.useLinearProjection
    ? toMap(linear(m.child('proj_out'), tokens, channels, channels))
    : conv2d(m.child('proj_out'), toMap(tokens), channels, channels, { kernel: 1 });
  return ops.add(projected, x, { name: m.opName('aten::add', 'Add') });
}
