/**
 * @module calculators/model-generator/autoencoder-kl
 * diffusers' AutoencoderKL split as optimum exports it (diffusion-model-configs.md §2.2, §1.3): `vae_encoder`
 * (`sample` → `latent_parameters` = mean ‖ logvar, encoder + quant_conv) and `vae_decoder` (`latent_sample` → `sample`,
 * post_quant_conv + decoder). Module paths start at the AutoencoderKL (`encoder.down_blocks.0...`).
 */
import { IrGraph, type Output, ops, type WeightFormat } from '../openvino/ir/index.js';
import { attention } from './attention.js';
import type { AutoencoderKLConfig } from './configs/index.js';
import { conv2d, groupNorm, silu } from './layers.js';
import { ComponentBuild, ModuleScope } from './module-scope.js';
import type { RandomWeights } from './random-weights.js';
import { downsample2D, resnetBlock2D, upsample2D } from './resnet.js';

/** The VAE's resnets and attention use eps 1e-6. */
const VAE_EPS = 1e-6;

/**
 * The mid-block Attention (heads 1, dim_head C, biases, residual): group_norm on `[B, C, HW]`, tokens `[B, HW, C]`,
 * attention, back to `[B, C, H, W]` + residual (AttnProcessor2_0 with `group_norm`).
 */
function vaeAttention(m: ModuleScope, x: Output, channels: number, groups: number): Output {
  const flat = ops.reshape(x, [0, channels, -1], true, { name: m.opName('aten::view', 'Reshape') });
  const normed = groupNorm(m.child('group_norm'), flat, groups, channels, VAE_EPS);
  const tokens = ops.transpose(normed, [0, 2, 1], { name: m.opName('aten::transpose', 'Transpose') });
  const attended = attention(m, tokens, tokens, { channels, heads: 1, contextChannels: channels },
    { names: { query: 'to_q', key: 'to_k', value: 'to_v', out: 'to_out.0' }, qkvBias: true });
  const back = ops.reshape(ops.transpose(attended, [0, 2, 1], { name: m.opName('aten::transpose', 'Transpose') }),
    ops.shapeOf(x, 'i64', { name: m.opName('aten::size', 'ShapeOf') }), false, { name: m.opName('aten::reshape', 'Reshape') });
  return ops.add(back, x, { name: m.opName('aten::add', 'Add') });
}

/** Channels of each level, from the first (widest image) to the deepest. */
function levelWidths(config: AutoencoderKLConfig): { first: number; deepest: number } {
  const first = config.block_out_channels[0];
  const deepest = config.block_out_channels.at(-1);
  if (first === undefined || deepest === undefined) throw new RangeError('AutoencoderKL config: block_out_channels is empty');
  return { first, deepest };
}

/** UNetMidBlock2D: resnet, attention (`mid_block_add_attention`), resnet at the deepest width. */
function midBlock(m: ModuleScope, x: Output, config: AutoencoderKLConfig): Output {
  const width = levelWidths(config).deepest;
  const resnet = (index: number, input: Output): Output => resnetBlock2D(m.child('resnets', index), input,
    { inChannels: width, outChannels: width, groups: config.norm_num_groups, eps: VAE_EPS });
  let h = resnet(0, x);
  if (config.mid_block_add_attention) h = vaeAttention(m.child('attentions', 0), h, width, config.norm_num_groups);
  return resnet(1, h);
}

/** conv_norm_out → SiLU (`conv_act`) → conv_out. */
function head(m: ModuleScope, x: Output, config: AutoencoderKLConfig, width: number, outChannels: number): Output {
  const h = silu(m.child('conv_act'), groupNorm(m.child('conv_norm_out'), x, config.norm_num_groups, width, VAE_EPS));
  return conv2d(m.child('conv_out'), h, width, outChannels, { kernel: 3, padding: 1 });
}

export function buildVaeEncoder(config: AutoencoderKLConfig, random: RandomWeights, format: WeightFormat): ComponentBuild {
  const build = new ComponentBuild(new IrGraph(), random, format);
  const root = ModuleScope.root(build);
  const encoder = root.child('encoder');
  const channels = config.block_out_channels;
  const sample = ops.parameter(build.graph, 'sample', 'f32', [-1, config.in_channels, -1, -1]);
  let outChannels = levelWidths(config).first;
  let h = conv2d(encoder.child('conv_in'), sample, config.in_channels, outChannels, { kernel: 3, padding: 1 });
  channels.forEach((width, i) => {
    const inChannels = outChannels;
    outChannels = width;
    const block = encoder.child('down_blocks', i);
    for (let j = 0; j < config.layers_per_block; j++) {
      h = resnetBlock2D(block.child('resnets', j), h,
        { inChannels: j === 0 ? inChannels : outChannels, outChannels, groups: config.norm_num_groups, eps: VAE_EPS });
    }
    // DownEncoderBlock2D pads then convolves without padding (downsample_padding 0).
    if (i < channels.length - 1) h = downsample2D(block.child('downsamplers', 0), h, outChannels, 0);
  });
  h = midBlock(encoder.child('mid_block'), h, config);
  const moments = 2 * config.latent_channels;
  h = head(encoder, h, config, outChannels, moments);
  if (config.use_quant_conv) h = conv2d(root.child('quant_conv'), h, moments, moments, { kernel: 1 });
  ops.result(h, 'latent_parameters');
  return build;
}

export function buildVaeDecoder(config: AutoencoderKLConfig, random: RandomWeights, format: WeightFormat): ComponentBuild {
  const build = new ComponentBuild(new IrGraph(), random, format);
  const root = ModuleScope.root(build);
  const decoder = root.child('decoder');
  const latents = config.latent_channels;
  const reversed = [...config.block_out_channels].reverse();
  let h = ops.parameter(build.graph, 'latent_sample', 'f32', [-1, latents, -1, -1]);
  if (config.use_post_quant_conv) h = conv2d(root.child('post_quant_conv'), h, latents, latents, { kernel: 1 });
  let outChannels = levelWidths(config).deepest;
  h = conv2d(decoder.child('conv_in'), h, latents, outChannels, { kernel: 3, padding: 1 });
  h = midBlock(decoder.child('mid_block'), h, config);
  reversed.forEach((width, i) => {
    const previousChannels = outChannels;
    outChannels = width;
    const block = decoder.child('up_blocks', i);
    for (let j = 0; j <= config.layers_per_block; j++) {
      h = resnetBlock2D(block.child('resnets', j), h,
        { inChannels: j === 0 ? previousChannels : outChannels, outChannels, groups: config.norm_num_groups, eps: VAE_EPS });
    }
    if (i < reversed.length - 1) h = upsample2D(block.child('upsamplers', 0), h, outChannels);
  });
  ops.result(head(decoder, h, config, outChannels, config.out_channels), 'sample');
  return build;
}
