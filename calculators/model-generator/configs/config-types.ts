/**
 * @module calculators/model-generator/configs/config-types
 * The configs a generated model directory is made from, typed after the diffusers / transformers classes they
 * mirror (snake_case keys: they are written to `config.json` as they are). diffusion-model-configs.md §4-5.
 */
import type { JsonValue } from '../python-json.js';

export const ARCHS = ['sd15', 'sd21', 'lcm', 'sd15-inpaint'] as const;
export type Arch = (typeof ARCHS)[number];

export const MODEL_SIZES = ['tiny', 'full'] as const;
export type ModelSize = (typeof MODEL_SIZES)[number];

export type DownBlockType = 'DownBlock2D' | 'CrossAttnDownBlock2D';
export type UpBlockType = 'UpBlock2D' | 'CrossAttnUpBlock2D';

/** diffusers UNet2DConditionModel `__init__` arguments (0.40 key set), limited to what SD 1.x/2.x and LCM use. */
export type UNet2DConditionConfig = {
  readonly act_fn: 'silu';
  readonly addition_embed_type: null;
  readonly addition_embed_type_num_heads: number;
  readonly addition_time_embed_dim: null;
  /** Number of heads per level in SD configs (diffusers' naming quirk). */
  readonly attention_head_dim: number | readonly number[];
  readonly attention_type: 'default';
  readonly block_out_channels: readonly number[];
  readonly center_input_sample: false;
  readonly class_embed_type: null;
  readonly class_embeddings_concat: false;
  readonly conv_in_kernel: 3;
  readonly conv_out_kernel: 3;
  readonly cross_attention_dim: number;
  readonly cross_attention_norm: null;
  readonly down_block_types: readonly DownBlockType[];
  readonly downsample_padding: 1;
  readonly dropout: number;
  readonly dual_cross_attention: false;
  readonly encoder_hid_dim: null;
  readonly encoder_hid_dim_type: null;
  readonly flip_sin_to_cos: boolean;
  readonly freq_shift: number;
  readonly in_channels: number;
  readonly layers_per_block: number;
  readonly mid_block_only_cross_attention: null;
  readonly mid_block_scale_factor: number;
  readonly mid_block_type: 'UNetMidBlock2DCrossAttn';
  readonly norm_eps: number;
  readonly norm_num_groups: number;
  readonly num_attention_heads: null;
  readonly num_class_embeds: null;
  readonly only_cross_attention: false;
  readonly out_channels: number;
  readonly projection_class_embeddings_input_dim: null;
  readonly resnet_out_scale_factor: number;
  readonly resnet_skip_time_act: false;
  readonly resnet_time_scale_shift: 'default';
  readonly reverse_transformer_layers_per_block: null;
  readonly sample_size: number;
  /** LCM: width of the `timestep_cond` guidance embedding; null otherwise. */
  readonly time_cond_proj_dim: number | null;
  readonly time_embedding_act_fn: null;
  readonly time_embedding_dim: null;
  readonly time_embedding_type: 'positional';
  readonly timestep_post_act: null;
  readonly transformer_layers_per_block: number;
  readonly up_block_types: readonly UpBlockType[];
  readonly upcast_attention: boolean;
  readonly use_linear_projection: boolean;
};

/** diffusers AutoencoderKL `__init__` arguments (0.40 key set). */
export type AutoencoderKLConfig = {
  readonly act_fn: 'silu';
  readonly block_out_channels: readonly number[];
  readonly down_block_types: readonly 'DownEncoderBlock2D'[];
  readonly force_upcast: boolean;
  readonly in_channels: number;
  readonly latent_channels: number;
  readonly latents_mean: null;
  readonly latents_std: null;
  readonly layers_per_block: number;
  readonly mid_block_add_attention: boolean;
  readonly norm_num_groups: number;
  readonly out_channels: number;
  readonly sample_size: number;
  readonly scaling_factor: number;
  readonly shift_factor: number | null;
  readonly up_block_types: readonly 'UpDecoderBlock2D'[];
  readonly use_post_quant_conv: boolean;
  readonly use_quant_conv: boolean;
};

/** transformers CLIPTextConfig as an SD export writes it (without the keys added at write time). */
export type ClipTextConfig = {
  readonly architectures: readonly ['CLIPTextModel'];
  readonly attention_dropout: number;
  readonly bos_token_id: number;
  readonly eos_token_id: number;
  readonly export_model_type: 'clip-text';
  readonly hidden_act: 'quick_gelu' | 'gelu';
  readonly hidden_size: number;
  readonly initializer_factor: number;
  readonly initializer_range: number;
  readonly intermediate_size: number;
  readonly layer_norm_eps: number;
  readonly max_position_embeddings: number;
  readonly model_type: 'clip_text_model';
  readonly num_attention_heads: number;
  readonly num_hidden_layers: number;
  readonly pad_token_id: number;
  readonly projection_dim: number;
  readonly vocab_size: number;
};

export type SchedulerClass = 'PNDMScheduler' | 'DDIMScheduler' | 'LCMScheduler' | 'EulerDiscreteScheduler';

/** `scheduler_config.json` without `_diffusers_version` (added when written). */
export type SchedulerConfig = { readonly _class_name: SchedulerClass; readonly [key: string]: JsonValue };

export type PipelineClass = 'StableDiffusionPipeline' | 'LatentConsistencyModelPipeline' | 'StableDiffusionInpaintPipeline';

export type PadToken = '<|endoftext|>' | '!';

/** Everything `make-model` needs for one architecture at one size. */
export interface PipelineSpec {
  readonly arch: Arch;
  readonly size: ModelSize;
  readonly pipelineClass: PipelineClass;
  readonly scheduler: SchedulerConfig;
  readonly textEncoder: ClipTextConfig;
  /** SD 1.x pads with `<|endoftext|>`, OpenCLIP-based SD 2.x with `!` (diffusion-model-configs.md §4.1). */
  readonly padToken: PadToken;
  readonly unet: UNet2DConditionConfig;
  readonly vae: AutoencoderKLConfig;
  /** `runtime_options` optimum writes into both VAE IRs (SD 2.x v-prediction: ACTIVATIONS_SCALE_FACTOR 8.0). */
  readonly vaeRuntimeOptions: Readonly<Record<string, string>>;
}

/** Keys whose values are Python floats in diffusers/transformers configs (`1.0`, not `1`). */
export const FLOAT_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'attention_dropout', 'beta_end', 'beta_start', 'clip_sample_range', 'dropout', 'dynamic_thresholding_ratio',
  'initializer_factor', 'initializer_range', 'layer_norm_eps', 'norm_eps', 'resnet_out_scale_factor',
  'sample_max_value', 'scaling_factor', 'shift_factor', 'timestep_scaling',
]);
