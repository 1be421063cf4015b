/**
 * @module calculators/denoise/inpainting-model-input
 * Dedicated inpainting UNets (in_channels = 2·latent_channels + 1, e.g. 9): their extra input channels are the
 * latent-size mask and the latent of the image with the masked region blacked out (GenAI prepare_mask_latents and
 * the denoising loop; genai-image-generation.md §5.5). No blending happens for these models.
 */
import { concatChannels, floatTensor, type FloatTensor } from '../tensor/float-tensor.js';

/** GenAI's is_inpainting_model(): the UNet takes the latent, the mask and the masked image latent. */
export function isInpaintingUnet(unetInChannels: number, latentChannels: number): boolean {
  return unetInChannels === latentChannels * 2 + 1;
}

/**
 * The VAE encoder's input for the masked image: the processed image [1, 3, H, W] where the full-resolution binary
 * mask [1, 1, H, W] is below 0.5, else 0 (black in [-1, 1] is -1; GenAI writes 0, mid-grey).
 */
export function maskedImage(image: FloatTensor, maskCondition: FloatTensor): FloatTensor {
  const plane = maskCondition.data.length;
  if (image.data.length !== plane * 3) {
    throw new RangeError(`maskedImage: image [${image.shape.join(',')}] and mask [${maskCondition.shape.join(',')}] differ in size`);
  }
  const out = floatTensor(image.shape);
  for (let i = 0; i < plane; i++) {
    if (maskCondition.data[i]! >= 0.5) continue;
    for (let c = 0; c < 3; c++) out.data[c * plane + i] = image.data[c * plane + i]!;
  }
  return out;
}

/** The UNet's `sample`: concat on channels of the scaled latent copy [B, 4, h, w], mask [B, 1, h, w], masked latent [B, 4, h, w]. */
export function inpaintingModelInput(scaledLatent: FloatTensor, mask: FloatTensor, maskedImageLatent: FloatTensor): FloatTensor {
  return concatChannels([scaledLatent, mask, maskedImageLatent]);
}
