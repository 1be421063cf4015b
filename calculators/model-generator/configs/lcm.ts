/**
 * @module calculators/model-generator/configs/lcm
 * Latent Consistency Model (`SimianLuo/LCM_Dreamshaper_v7`, as `OpenVINO/LCM_Dreamshaper_v7-*-ov`): the SD 1.5 UNet
 * with a 256-wide `timestep_cond` guidance embedding; tiny after `echarlaix/tiny-random-latent-consistency`.
 */
import { CLIP_L_TEXT, LCM_SCHEDULER, SD15_UNET, SD_VAE, TINY_SD_TEXT, TINY_SD_UNET, TINY_SD_VAE } from './components.js';
import type { ModelSize, PipelineSpec } from './config-types.js';

export const LCM: Readonly<Record<ModelSize, PipelineSpec>> = {
  full: {
    arch: 'lcm', size: 'full', pipelineClass: 'LatentConsistencyModelPipeline', scheduler: LCM_SCHEDULER,
    textEncoder: CLIP_L_TEXT, padToken: '<|endoftext|>',
    unet: { ...SD15_UNET, sample_size: 96, time_cond_proj_dim: 256 }, vae: SD_VAE, vaeRuntimeOptions: {},
  },
  tiny: {
    arch: 'lcm', size: 'tiny', pipelineClass: 'LatentConsistencyModelPipeline', scheduler: LCM_SCHEDULER,
    textEncoder: { ...TINY_SD_TEXT, intermediate_size: 64, num_attention_heads: 8, num_hidden_layers: 3 },
    padToken: '<|endoftext|>',
    unet: { ...TINY_SD_UNET, block_out_channels: [4, 8], layers_per_block: 1, norm_num_groups: 2, time_cond_proj_dim: 32 },
    vae: { ...TINY_SD_VAE, block_out_channels: [4, 8], norm_num_groups: 2, sample_size: 32 },
    vaeRuntimeOptions: {},
  },
};
