/**
 * @module calculators/denoise/start-latent
 * The latent denoising starts from, per mode (GenAI StableDiffusionPipeline::prepare_latents; reference:
 * genai-image-generation.md §4.3, §5.4). Which images are VAE-encoded decides how many random numbers are drawn
 * before the initial noise, so the plan is explicit.
 */
import type { GenerationMode } from '../request/image-generation-request.js';
import type { Scheduler } from '../schedulers/index.js';
import { floatTensor, repeatBatch, type FloatTensor } from '../tensor/float-tensor.js';

export interface StartLatentPlan {
  /** The input image is VAE-encoded (with the generator) before the noise is drawn. */
  readonly encodesImage: boolean;
  /** The start latent is the image latent noised to the first timestep; otherwise pure noise · init_noise_sigma. */
  readonly startsFromImage: boolean;
}

/**
 * prepare_latents' flags: image-to-image always starts from the image; inpainting starts from it only when
 * strength < 1 (a float comparison), and still encodes it at strength 1 for a 4-channel UNet, which blends with it
 * every step. A 9-channel inpainting UNet at strength 1 never encodes the image (only the masked one, later).
 */
export function startLatentPlan(mode: GenerationMode, strength: number, isInpaintingModel: boolean): StartLatentPlan {
  switch (mode) {
    case 'text2image':
      return { encodesImage: false, startsFromImage: false };
    case 'image2image':
      return { encodesImage: true, startsFromImage: true };
    case 'inpainting': {
      const isStrengthMax = Math.fround(strength) === 1;
      return { encodesImage: !isStrengthMax || !isInpaintingModel, startsFromImage: !isStrengthMax };
    }
  }
}

/**
 * The start latent [N, C, h, w] from the noise drawn for it: with an image latent [1, C, h, w], repeat it N times
 * and add_noise it to timesteps[0] (DDIM/PNDM/LCM: √ᾱ·z + √(1-ᾱ)·n; Euler: z + σ·n); without, noise ·
 * init_noise_sigma in float.
 */
export function startLatent(scheduler: Scheduler, noise: FloatTensor, imageLatent?: FloatTensor): FloatTensor {
  if (imageLatent !== undefined) {
    const timestep = scheduler.timesteps[0];
    if (timestep === undefined) throw new RangeError('startLatent: the scheduler has no timesteps yet');
    return scheduler.addNoise(repeatBatch(imageLatent, noise.shape[0]!), noise, timestep);
  }
  const sigma = Math.fround(scheduler.initNoiseSigma);
  return floatTensor(noise.shape, noise.data.map((value) => Math.fround(value * sigma)));
}
