/**
 * @module calculators/model-generator/attention
 * Multi-head attention as diffusers' `AttnProcessor2_0` and transformers' CLIP SDPA path compute it: q/k/v
 * projections, split heads, ScaledDotProductAttention (scale head_dim^-0.5), merge heads, output projection.
 */
import { type Output, ops } from '../openvino/ir/index.js';
import { linear } from './layers.js';
import type { ModuleScope } from './module-scope.js';

export interface AttentionShape {
  readonly channels: number;
  readonly heads: number;
  /** Width of the key/value input (cross-attention context); channels for self-attention. */
  readonly contextChannels: number;
}

export interface AttentionNames {
  readonly query: string;
  readonly key: string;
  readonly value: string;
  /** `to_out.0` in diffusers, `out_proj` in CLIP. */
  readonly out: string;
}

export interface AttentionOptions {
  readonly names: AttentionNames;
  /** Bias on q/k/v (CLIP, VAE) or not (UNet transformer blocks). The output projection always has one. */
  readonly qkvBias: boolean;
  readonly causal?: boolean;
}

/** `[B, L, C]` → `[B, heads, L, C/heads]`. */
function splitHeads(m: ModuleScope, x: Output, heads: number, headDim: number): Output {
  const shaped = ops.reshape(x, [0, 0, heads, headDim], true, { name: m.opName('aten::view', 'Reshape') });
  return ops.transpose(shaped, [0, 2, 1, 3], { name: m.opName('aten::transpose', 'Transpose') });
}

/** `x` attends to `context` (pass x itself for self-attention); both `[B, L, ·]`. */
export function attention(m: ModuleScope, x: Output, context: Output, shape: AttentionShape, options: AttentionOptions): Output {
  const { channels, heads, contextChannels } = shape;
  const headDim = channels / heads;
  if (!Number.isInteger(headDim)) throw new RangeError(`${m.path}: ${channels} channels do not split into ${heads} heads`);
  const bias = options.qkvBias;
  const q = splitHeads(m, linear(m.child(options.names.query), x, channels, channels, { bias }), heads, headDim);
  const k = splitHeads(m, linear(m.child(options.names.key), context, contextChannels, channels, { bias }), heads, headDim);
  const v = splitHeads(m, linear(m.child(options.names.value), context, contextChannels, channels, { bias }), heads, headDim);
  const attended = ops.scaledDotProductAttention(q, k, v, {
    causal: options.causal ?? false, name: m.opName('aten::scaled_dot_product_attention', 'ScaledDotProductAttention'),
  });
  const merged = ops.reshape(ops.transpose(attended, [0, 2, 1, 3], { name: m.opName('aten::transpose', 'Transpose') }),
    [0, 0, channels], true, { name: m.opName('aten::reshape', 'Reshape') });
  return linear(m.child(options.names.out), merged, channels, channels);
}
