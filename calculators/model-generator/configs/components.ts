/**
 * @module calculators/model-generator/configs/components
 * Component configs shared by the architectures: the real SD 1.5 / SD 2.1 / LCM ones and the tiny test models'
 * (diffusion-model-configs.md §4 and §5), plus the schedulers each real model ships.
 */
import type { AutoencoderKLConfig, ClipTextConfig, SchedulerConfig, UNet2DConditionConfig } from './config-types.js';

/** runwayml/stable-diffusion-v1-5 UNet (§4.2). */
export const SD15_UNET: UNet2DConditionConfig = {
  act_fn: 'silu',
  addition_embed_type: null,
  addition_embed_type_num_heads: 64,
  addition_time_embed_dim: null,
  attention_head_dim: 8,
  attention_type: 'default',
  block_out_channels: [320, 640, 1280, 1280],
  center_input_sample: false,
  class_embed_type: null,
  class_embeddings_concat: false,
  conv_in_kernel: 3,
  conv_out_kernel: 3,
  cross_attention_dim: 768,
  cross_attention_norm: null,
  down_block_types: ['CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'DownBlock2D'],
  downsample_padding: 1,
  dropout: 0,
  dual_cross_attention: false,
  encoder_hid_dim: null,
  encoder_hid_dim_type: null,
  flip_sin_to_cos: true,
  freq_shift: 0,
  in_channels: 4,
  layers_per_block: 2,
  mid_block_only_cross_attention: null,
  mid_block_scale_factor: 1,
  mid_block_type: 'UNetMidBlock2DCrossAttn',
  norm_eps: 1e-5,
  norm_num_groups: 32,
  num_attention_heads: null,
  num_class_embeds: null,
  only_cross_attention: false,
  out_channels: 4,
  projection_class_embeddings_input_dim: null,
  resnet_out_scale_factor: 1,
  resnet_skip_time_act: false,
  resnet_time_scale_shift: 'default',
  reverse_transformer_layers_per_block: null,
  sample_size: 64,
  time_cond_proj_dim: null,
  time_embedding_act_fn: null,
  time_embedding_dim: null,
  time_embedding_type: 'positional',
  timestep_post_act: null,
  transformer_layers_per_block: 1,
  up_block_types: ['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D'],
  upcast_attention: false,
  use_linear_projection: false,
};

/** stabilityai/stable-diffusion-2-1 UNet: SD 1.5 with 64-wide heads, OpenCLIP-H context, linear projections (§4.3). */
export const SD21_UNET: UNet2DConditionConfig = {
  ...SD15_UNET,
  attention_head_dim: [5, 10, 20, 20],
  cross_attention_dim: 1024,
  sample_size: 96,
  upcast_attention: true,
  use_linear_projection: true,
};

/** hf-internal-testing/tiny-stable-diffusion-torch UNet (§5.1): 32×32 latents. */
export const TINY_SD_UNET: UNet2DConditionConfig = {
  ...SD15_UNET,
  block_out_channels: [32, 64],
  cross_attention_dim: 32,
  down_block_types: ['DownBlock2D', 'CrossAttnDownBlock2D'],
  sample_size: 32,
  up_block_types: ['CrossAttnUpBlock2D', 'UpBlock2D'],
};

/** SD 1.5 / 2.x VAE (§4.2). */
export const SD_VAE: AutoencoderKLConfig = {
  act_fn: 'silu',
  block_out_channels: [128, 256, 512, 512],
  down_block_types: ['DownEncoderBlock2D', 'DownEncoderBlock2D', 'DownEncoderBlock2D', 'DownEncoderBlock2D'],
  force_upcast: true,
  in_channels: 3,
  latent_channels: 4,
  latents_mean: null,
  latents_std: null,
  layers_per_block: 2,
  mid_block_add_attention: true,
  norm_num_groups: 32,
  out_channels: 3,
  sample_size: 512,
  scaling_factor: 0.18215,
  shift_factor: null,
  up_block_types: ['UpDecoderBlock2D', 'UpDecoderBlock2D', 'UpDecoderBlock2D', 'UpDecoderBlock2D'],
  use_post_quant_conv: true,
  use_quant_conv: true,
};

/** hf-internal-testing/tiny-stable-diffusion-torch VAE (§5.1): two levels, so 32×32 latents ↔ 64×64 images. */
export const TINY_SD_VAE: AutoencoderKLConfig = {
  ...SD_VAE,
  block_out_channels: [32, 64],
  down_block_types: ['DownEncoderBlock2D', 'DownEncoderBlock2D'],
  layers_per_block: 1,
  sample_size: 128,
  up_block_types: ['UpDecoderBlock2D', 'UpDecoderBlock2D'],
};

/** OpenAI CLIP ViT-L/14 text encoder: SD 1.x, inpainting, LCM (§4.1). */
export const CLIP_L_TEXT: ClipTextConfig = {
  architectures: ['CLIPTextModel'],
  attention_dropout: 0,
  bos_token_id: 0,
  eos_token_id: 2,
  export_model_type: 'clip-text',
  hidden_act: 'quick_gelu',
  hidden_size: 768,
  initializer_factor: 1,
  initializer_range: 0.02,
  intermediate_size: 3072,
  layer_norm_eps: 1e-5,
  max_position_embeddings: 77,
  model_type: 'clip_text_model',
  num_attention_heads: 12,
  num_hidden_layers: 12,
  pad_token_id: 1,
  projection_dim: 768,
  vocab_size: 49408,
};

/** OpenCLIP ViT-H/14 text encoder, 23 of 24 layers: SD 2.x (§4.1). */
export const OPENCLIP_H_TEXT: ClipTextConfig = {
  ...CLIP_L_TEXT,
  hidden_act: 'gelu',
  hidden_size: 1024,
  intermediate_size: 4096,
  num_attention_heads: 16,
  num_hidden_layers: 23,
  projection_dim: 512,
};

/** The tiny SD text encoder (§5.1); vocab 1000 = the tiny BPE vocabulary, specials at 998/999. */
export const TINY_SD_TEXT: ClipTextConfig = {
  ...CLIP_L_TEXT,
  hidden_size: 32,
  intermediate_size: 37,
  num_attention_heads: 4,
  num_hidden_layers: 5,
  projection_dim: 512,
  vocab_size: 1000,
};

/** SD 1.5's PNDM scheduler as exported (374 bytes with diffusers 0.27.2; §4.2). */
export const SD15_PNDM_SCHEDULER: SchedulerConfig = {
  _class_name: 'PNDMScheduler',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  num_train_timesteps: 1000,
  prediction_type: 'epsilon',
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  timestep_spacing: 'leading',
  trained_betas: null,
};

/** DDIM as SD 2.1 (v-prediction) and the inpainting model (epsilon) ship it (§4.3, §4.5). */
const DDIM_SCHEDULER: SchedulerConfig = {
  _class_name: 'DDIMScheduler',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  clip_sample_range: 1,
  dynamic_thresholding_ratio: 0.995,
  num_train_timesteps: 1000,
  prediction_type: 'epsilon',
  rescale_betas_zero_snr: false,
  sample_max_value: 1,
  set_alpha_to_one: false,
  steps_offset: 1,
  thresholding: false,
  timestep_spacing: 'leading',
  trained_betas: null,
};

/** SD 2.1's hub file also carries the PNDM-only `skip_prk_steps`, kept as diffusers keeps unknown keys. */
export const SD21_DDIM_SCHEDULER: SchedulerConfig = { ...DDIM_SCHEDULER, prediction_type: 'v_prediction', skip_prk_steps: true };

export const INPAINTING_DDIM_SCHEDULER: SchedulerConfig = DDIM_SCHEDULER;

/**
 * LCM_Dreamshaper_v7's LCMScheduler as exported (562 bytes; §4.4): DDIM's fields plus `original_inference_steps`
 * and `timestep_scaling`, with `set_alpha_to_one`.
 */
export const LCM_SCHEDULER: SchedulerConfig = {
  ...DDIM_SCHEDULER,
  _class_name: 'LCMScheduler',
  original_inference_steps: 50,
  set_alpha_to_one: true,
  timestep_scaling: 10,
};
