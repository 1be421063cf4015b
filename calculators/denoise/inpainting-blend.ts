/**
 * @module calculators/denoise/inpainting-blend
 * Inpainting with a regular 4-channel UNet: after every scheduler step, keep the denoised content only where the
 * mask is set and put back the image latent, noised to the next timestep, elsewhere (GenAI
 * DiffusionPipeline::blend_latents; genai-image-generation.md §5.6). At the last step the image latent is used as
 * it is. Only `latent` is blended: Euler, Euler ancestral and LCM decode their un-blended `denoised` (§0 item 5).
 */
import type { Scheduler } from '../schedulers/index.js';
import { assertSameShape, type FloatTensor } from '../tensor/float-tensor.js';

/**
 * Blends `latent` [1, C, h, w] in place: latent = (1 - m)·noised + m·latent in float, m the latent-size mask
 * [1, 1, h, w] (0 or 1), noised = add_noise(imageLatent, noise, timesteps[step + 1]) before the last step.
 */
export function blendLatents(latent: FloatTensor, imageLatent: FloatTensor, noise: FloatTensor, mask: FloatTensor,
  scheduler: Scheduler, stepIndex: number): void {
  // GenAI asserts equal shapes (so batch 1): the generation config refuses n > 1 for 4-channel inpainting before.
  assertSameShape(latent, imageLatent, 'blendLatents');
  const { timesteps } = scheduler;
  const noised = stepIndex < timesteps.length - 1 ? scheduler.addNoise(imageLatent, noise, timesteps[stepIndex + 1]!) : imageLatent;
  const plane = mask.data.length;
  const channels = latent.data.length / plane;
  for (let i = 0; i < plane; i++) {
    const m = mask.data[i]!;
    const keep = Math.fround(1 - m);
    for (let c = 0; c < channels; c++) {
      const at = c * plane + i;
      latent.data[at] = Math.fround(keep * noised.data[at]!) + Math.fround(m * latent.data[at]!);
    }
  }
}
