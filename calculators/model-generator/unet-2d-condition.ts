/**
 * @module calculators/model-generator/unet-2d-condition
 * diffusers' UNet2DConditionModel (`models/unets/unet_2d_condition.py`; diffusion-model-configs.md §2.1) for SD 1.x,
 * SD 2.x, LCM (`time_cond_proj_dim`) and 9-channel inpainting, with optimum's inputs and output
 * (genai-image-generation.md §1.3): `sample`, `timestep` i64 `[?]`, `encoder_hidden_states` `[?, 77, D]`,
 * `timestep_cond` (LCM) → `out_sample`.
 */
import { IrGraph, type Output, ops, type WeightFormat } from '../openvino/ir/index.js';
import type { UNet2DConditionConfig } from './configs/index.js';
import { conv2d, linear, silu, groupNorm } from './layers.js';
import { ComponentBuild, ModuleScope } from './module-scope.js';
import type { RandomWeights } from './random-weights.js';
import { downsample2D, resnetBlock2D, upsample2D } from './resnet.js';
import { transformer2DModel } from './transformer-2d.js';

/** The static `encoder_hidden_states` length: optimum sets the UNet's `model_max_length` from the CLIP tokenizer. */
export const TEXT_SEQUENCE_LENGTH = 77;

/**
 * `get_timestep_embedding` (diffusers embeddings.py): freq_k = exp(-ln(10000)·k / (half - shift)),
 * emb = [sin(t·freq) ‖ cos(t·freq)], swapped to [cos ‖ sin] with flip_sin_to_cos. Frequencies are float32 constants,
 * as tracing folds them.
 */
function timestepEmbedding(m: ModuleScope, timesteps: Output, dim: number, flipSinToCos: boolean, shift: number): Output {
  const half = dim / 2;
  const frequencies = Array.from({ length: half }, (_, k) => Math.fround(Math.exp((-Math.log(10000) * k) / (half - shift))));
  const t = ops.unsqueeze(ops.convert(timesteps, 'f32', { name: m.opName('aten::to', 'Convert') }), [1],
    { name: m.opName('aten::unsqueeze', 'Unsqueeze') });
  const angles = ops.multiply(t, ops.constantOf(m.graph, 'f32', frequencies, [1, half]), { name: m.opName('aten::mul', 'Multiply') });
  const sin = ops.sin(angles, { name: m.opName('aten::sin', 'Sin') });
  const cos = ops.cos(angles, { name: m.opName('aten::cos', 'Cos') });
  return ops.concat(flipSinToCos ? [cos, sin] : [sin, cos], -1, { name: m.opName('aten::cat', 'Concat') });
}

function failConfig(message: string): never {
  throw new RangeError(`UNet2DConditionModel config: ${message}`);
}

/** One value per level: diffusers' `attention_head_dim` holds the head count in SD configs. */
function headsPerLevel(config: UNet2DConditionConfig): readonly number[] {
  const heads = config.attention_head_dim;
  return typeof heads === 'number' ? config.block_out_channels.map(() => heads) : heads;
}

export function buildUNet2DCondition(config: UNet2DConditionConfig, random: RandomWeights, format: WeightFormat): ComponentBuild {
  const build = new ComponentBuild(new IrGraph(), random, format);
  const root = ModuleScope.root(build);
  const graph = build.graph;
  const channels = config.block_out_channels;
  const levels = channels.length;
  const heads = headsPerLevel(config);
  if (heads.length !== levels) throw new RangeError(`attention_head_dim has ${heads.length} values for ${levels} levels`);
  const widthAt = (level: number): number => channels[level] ?? failConfig(`block_out_channels has no level ${level}`);
  const headsAt = (level: number): number => heads[level] ?? failConfig(`attention_head_dim has no level ${level}`);
  const baseWidth = widthAt(0);
  const groups = config.norm_num_groups;
  const eps = config.norm_eps;

  const sample = ops.parameter(graph, 'sample', 'f32', [-1, config.in_channels, -1, -1]);
  const timestep = ops.parameter(graph, 'timestep', 'i64', [-1]);
  const context = ops.parameter(graph, 'encoder_hidden_states', 'f32', [-1, TEXT_SEQUENCE_LENGTH, config.cross_attention_dim]);
  const timestepCond = config.time_cond_proj_dim === null ? undefined
    : ops.parameter(graph, 'timestep_cond', 'f32', [-1, config.time_cond_proj_dim]);

  // 1. Time embedding: timesteps broadcast to the batch, sinusoidal projection, (LCM) + cond_proj, MLP.
  const batch = ops.gather(ops.shapeOf(sample, 'i64', { name: root.opName('aten::size', 'ShapeOf') }), [0], 0);
  const timesteps = ops.broadcast(timestep, batch, 'numpy', { name: root.opName('aten::expand', 'Broadcast') });
  let tEmb = timestepEmbedding(root.child('time_proj'), timesteps, baseWidth, config.flip_sin_to_cos, config.freq_shift);
  const timeScope = root.child('time_embedding');
  if (timestepCond !== undefined && config.time_cond_proj_dim !== null) {
    const condition = linear(timeScope.child('cond_proj'), timestepCond, config.time_cond_proj_dim, baseWidth, { bias: false });
    tEmb = ops.add(tEmb, condition, { name: timeScope.opName('aten::add', 'Add') });
  }
  const timeChannels = 4 * baseWidth;
  const hidden = silu(timeScope.child('act'), linear(timeScope.child('linear_1'), tEmb, baseWidth, timeChannels));
  const emb = linear(timeScope.child('linear_2'), hidden, timeChannels, timeChannels);

  const resnet = (m: ModuleScope, x: Output, inChannels: number, outChannels: number, outputScale: number): Output =>
    resnetBlock2D(m, x, { inChannels, outChannels, groups, eps, temb: { value: emb, channels: timeChannels }, outputScale });
  const transformer = (m: ModuleScope, x: Output, width: number, headCount: number): Output =>
    transformer2DModel(m, x, context, {
      channels: width, heads: headCount, groups, contextChannels: config.cross_attention_dim,
      layers: config.transformer_layers_per_block, useLinearProjection: config.use_linear_projection,
    });

  // 2. conv_in, then the down path; every resnet(+attention) output and every downsampler output is a skip.
  let h = conv2d(root.child('conv_in'), sample, config.in_channels, baseWidth, { kernel: 3, padding: 1 });
  const skips: Output[] = [h];
  let outChannels = baseWidth;
  config.down_block_types.forEach((type, i) => {
    const inChannels = outChannels;
    outChannels = widthAt(i);
    const block = root.child('down_blocks', i);
    for (let j = 0; j < config.layers_per_block; j++) {
      h = resnet(block.child('resnets', j), h, j === 0 ? inChannels : outChannels, outChannels, config.resnet_out_scale_factor);
      if (type === 'CrossAttnDownBlock2D') h = transformer(block.child('attentions', j), h, outChannels, headsAt(i));
      skips.push(h);
    }
    if (i < levels - 1) {
      h = downsample2D(block.child('downsamplers', 0), h, outChannels, config.downsample_padding);
      skips.push(h);
    }
  });

  // 3. Mid block: resnet, transformer, resnet at the deepest width.
  const mid = root.child('mid_block');
  const deepest = widthAt(levels - 1);
  h = resnet(mid.child('resnets', 0), h, deepest, deepest, config.mid_block_scale_factor);
  h = transformer(mid.child('attentions', 0), h, deepest, headsAt(levels - 1));
  h = resnet(mid.child('resnets', 1), h, deepest, deepest, config.mid_block_scale_factor);

  // 4. Up path: layers_per_block + 1 resnets per level, each on concat(h, skip); the last takes the narrower skip.
  // Level i of the up path is level levels-1-i of the down path.
  const reversedWidth = (i: number): number => widthAt(levels - 1 - i);
  outChannels = reversedWidth(0);
  config.up_block_types.forEach((type, i) => {
    const previousChannels = outChannels;
    outChannels = reversedWidth(i);
    const skipChannelsOfLast = reversedWidth(Math.min(i + 1, levels - 1));
    const block = root.child('up_blocks', i);
    for (let j = 0; j <= config.layers_per_block; j++) {
      const skip = skips.pop();
      if (skip === undefined) throw new RangeError('UNet up path ran out of skip connections');
      const skipChannels = j === config.layers_per_block ? skipChannelsOfLast : outChannels;
      const inChannels = (j === 0 ? previousChannels : outChannels) + skipChannels;
      h = ops.concat([h, skip], 1, { name: block.opName('aten::cat', 'Concat') });
      h = resnet(block.child('resnets', j), h, inChannels, outChannels, config.resnet_out_scale_factor);
      if (type === 'CrossAttnUpBlock2D') h = transformer(block.child('attentions', j), h, outChannels, headsAt(levels - 1 - i));
    }
    if (i < levels - 1) h = upsample2D(block.child('upsamplers', 0), h, outChannels);
  });

  // 5. conv_norm_out → SiLU → conv_out.
  h = silu(root.child('conv_act'), groupNorm(root.child('conv_norm_out'), h, groups, baseWidth, eps));
  ops.result(conv2d(root.child('conv_out'), h, baseWidth, config.out_channels, { kernel: 3, padding: 1 }), 'out_sample');
  return build;
}
