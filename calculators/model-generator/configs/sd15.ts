/**
 * @module calculators/model-generator/configs/sd15
 * Stable Diffusion 1.5 (`runwayml/stable-diffusion-v1-5`, as `OpenVINO/stable-diffusion-v1-5-*-ov`), and its tiny
 * twin after `hf-internal-testing/tiny-stable-diffusion-torch`.
 */
import {
  CLIP_L_TEXT, SD15_PNDM_SCHEDULER, SD15_UNET, SD_VAE, TINY_SD_TEXT, TINY_SD_UNET, TINY_SD_VAE,
} from './components.js';
import type { ModelSize, PipelineSpec } from './config-types.js';

export const SD15: Readonly<Record<ModelSize, PipelineSpec>> = {
  full: {
    arch: 'sd15', size: 'full', pipelineClass: 'StableDiffusionPipeline', scheduler: SD15_PNDM_SCHEDULER,
    textEncoder: CLIP_L_TEXT, padToken: '<|endoftext|>', unet: SD15_UNET, vae: SD_VAE, vaeRuntimeOptions: {},
  },
  tiny: {
    arch: 'sd15', size: 'tiny', pipelineClass: 'StableDiffusionPipeline', scheduler: SD15_PNDM_SCHEDULER,
    textEncoder: TINY_SD_TEXT, padToken: '<|endoftext|>', unet: TINY_SD_UNET, vae: TINY_SD_VAE, vaeRuntimeOptions: {},
  },
};
