/**
 * @module calculators/model-generator/resnet
 * diffusers' ResnetBlock2D, Downsample2D and Upsample2D (`models/resnet.py`; diffusion-model-configs.md §2.1), shared
 * by the UNet and the VAE.
 */
import { type Output, ops } from '../openvino/ir/index.js';
import { conv2d, groupNorm, linear, silu } from './layers.js';
import type { ModuleScope } from './module-scope.js';

export interface ResnetOptions {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly groups: number;
  readonly eps: number;
  /** The time embedding and its width (UNet); absent in the VAE. */
  readonly temb?: { readonly value: Output; readonly channels: number };
  /** `output_scale_factor`; the division is omitted at 1, where it changes nothing. */
  readonly outputScale?: number;
}

/**
 * `h = conv1(silu(norm1(x))) [+ time_emb_proj(silu(temb))[:, :, None, None]]; h = conv2(silu(norm2(h)));
 * out = (conv_shortcut(x) if in != out else x) + h`, resnet_time_scale_shift "default".
 */
export function resnetBlock2D(m: ModuleScope, x: Output, options: ResnetOptions): Output {
  const { inChannels, outChannels, groups, eps } = options;
  const act = m.child('nonlinearity');
  let h = conv2d(m.child('conv1'), silu(act, groupNorm(m.child('norm1'), x, groups, inChannels, eps)), inChannels, outChannels,
    { kernel: 3, padding: 1 });
  if (options.temb !== undefined) {
    const projected = linear(m.child('time_emb_proj'), silu(act, options.temb.value), options.temb.channels, outChannels);
    h = ops.add(h, ops.unsqueeze(projected, [2, 3], { name: m.opName('aten::unsqueeze', 'Unsqueeze') }), { name: m.opName('aten::add', 'Add') });
  }
  h = conv2d(m.child('conv2'), silu(act, groupNorm(m.child('norm2'), h, groups, outChannels, eps)), outChannels, outChannels,
    { kernel: 3, padding: 1 });
  const shortcut = inChannels === outChannels ? x : conv2d(m.child('conv_shortcut'), x, inChannels, outChannels, { kernel: 1 });
  const sum = ops.add(shortcut, h, { name: m.opName('aten::add', 'Add') });
  const scale = options.outputScale ?? 1;
  return scale === 1 ? sum : ops.divide(sum, ops.scalar(m.graph, 'f32', scale), { name: m.opName('aten::div', 'Divide') });
}

/**
 * Downsample2D with `use_conv`: a 3×3 stride-2 conv at `.conv`. With padding 0 (the VAE) diffusers first pads
 * right and bottom by one (`F.pad(x, (0, 1, 0, 1))`).
 */
export function downsample2D(m: ModuleScope, x: Output, channels: number, padding: number): Output {
  const input = padding === 0 ? ops.pad(x, [0, 0, 0, 0], [0, 0, 1, 1], { name: m.opName('aten::pad', 'Pad') }) : x;
  return conv2d(m.child('conv'), input, channels, channels, { kernel: 3, stride: 2, padding });
}

/** Upsample2D with `use_conv`: nearest ×2 (Interpolate-11 as the PyTorch frontend emits it), then a 3×3 conv. */
export function upsample2D(m: ModuleScope, x: Output, channels: number): Output {
  const upsampled = ops.interpolate(x, {
    mode: 'nearest', scales: [2, 2], axes: [2, 3], coordinateTransformationMode: 'asymmetric', nearestMode: 'floor',
    name: m.opName('aten::upsample_nearest2d', 'Interpolate'),
  });
  return conv2d(m.child('conv'), upsampled, channels, channels, { kernel: 3, padding: 1 });
}
