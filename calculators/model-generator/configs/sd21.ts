/**
 * @module calculators/model-generator/configs/sd21
 * Stable Diffusion 2.1 (`stabilityai/stable-diffusion-2-1`: v-prediction DDIM, OpenCLIP-H, 64-wide heads, linear
 * projections, `!` padding, ACTIVATIONS_SCALE_FACTOR on the VAEs), and a tiny variant of the tiny SD model with the
 * same SD 2.x traits.
 */
import {
  OPENCLIP_H_TEXT, SD21_DDIM_SCHEDULER, SD21_UNET, SD_VAE, TINY_SD_TEXT, TINY_SD_UNET, TINY_SD_VAE,
} from './components.js';
import type { ModelSize, PipelineSpec } from './config-types.js';

/** optimum sets this on both VAE IRs when the scheduler predicts v (diffusion-model-configs.md §1.1). */
const V_PREDICTION_VAE_OPTIONS = { ACTIVATIONS_SCALE_FACTOR: '8.0' };

export const SD21: Readonly<Record<ModelSize, PipelineSpec>> = {
  full: {
    arch: 'sd21', size: 'full', pipelineClass: 'StableDiffusionPipeline', scheduler: SD21_DDIM_SCHEDULER,
    textEncoder: OPENCLIP_H_TEXT, padToken: '!', unet: SD21_UNET, vae: { ...SD_VAE, sample_size: 768 },
    vaeRuntimeOptions: V_PREDICTION_VAE_OPTIONS,
  },
  tiny: {
    arch: 'sd21', size: 'tiny', pipelineClass: 'StableDiffusionPipeline', scheduler: SD21_DDIM_SCHEDULER,
    textEncoder: { ...TINY_SD_TEXT, hidden_act: 'gelu' }, padToken: '!',
    // Heads [2, 4] over [32, 64] channels: 16-wide heads, as SD 2.x keeps head width fixed across levels.
    unet: { ...TINY_SD_UNET, attention_head_dim: [2, 4], upcast_attention: true, use_linear_projection: true },
    vae: TINY_SD_VAE,
    vaeRuntimeOptions: V_PREDICTION_VAE_OPTIONS,
  },
};
