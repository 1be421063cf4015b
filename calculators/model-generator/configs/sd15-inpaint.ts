/**
 * @module calculators/model-generator/configs/sd15-inpaint
 * Stable Diffusion 1.5 inpainting (`runwayml/stable-diffusion-inpainting`): the SD 1.5 UNet with 9 input channels
 * (latent 4, mask 1, masked-image latent 4) and DDIM; tiny = the tiny SD model with the same change.
 */
import {
  CLIP_L_TEXT, INPAINTING_DDIM_SCHEDULER, SD15_UNET, SD_VAE, TINY_SD_TEXT, TINY_SD_UNET, TINY_SD_VAE,
} from './components.js';
import type { ModelSize, PipelineSpec } from './config-types.js';

export const SD15_INPAINT: Readonly<Record<ModelSize, PipelineSpec>> = {
  full: {
    arch: 'sd15-inpaint', size: 'full', pipelineClass: 'StableDiffusionInpaintPipeline',
    scheduler: INPAINTING_DDIM_SCHEDULER, textEncoder: CLIP_L_TEXT, padToken: '<|endoftext|>',
    unet: { ...SD15_UNET, in_channels: 9 }, vae: SD_VAE, vaeRuntimeOptions: {},
  },
  tiny: {
    arch: 'sd15-inpaint', size: 'tiny', pipelineClass: 'StableDiffusionInpaintPipeline',
    scheduler: INPAINTING_DDIM_SCHEDULER, textEncoder: TINY_SD_TEXT, padToken: '<|endoftext|>',
    unet: { ...TINY_SD_UNET, in_channels: 9 }, vae: TINY_SD_VAE, vaeRuntimeOptions: {},
  },
};
