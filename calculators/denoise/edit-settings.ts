/**
 * @module calculators/denoise/edit-settings
 * The output size GenAI gives an SD-family request (StableDiffusionPipeline: initialize_generation_config,
 * compute_dim, check_image_size; genai-image-generation.md §1.4): image-to-image sizes itself from the input image.
 */
import { GraphError } from '../../engine/status.js';
import type { GenerationMode } from '../request/image-generation-request.js';

/** The model facts the size rule reads: unet/config.json `sample_size` and the VAE scale factor. */
export interface ModelGeometry {
  readonly sampleSize: number;
  readonly vaeScaleFactor: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export const notDivisible = (factor: number): string => `Both 'width' and 'height' must be divisible by ${factor}`;
export const imageTooSmall = (image: Size, factor: number): string =>
  `the image (${image.width}x${image.height}) must be at least ${factor} pixels wide and high, or width and height must be given`;

/**
 * The generated image's size. A side the request gives is kept. Otherwise image-to-image takes the input image's
 * side rounded down to a multiple of the VAE scale factor (the image is then resized, not cropped); text-to-image
 * and inpainting take sample_size · vae_scale_factor (so an inpainting image is resized to the model's size).
 * Both sides must then be multiples of the scale factor.
 */
export function generationSize(mode: GenerationMode, requested: Partial<Size>, image: Size | undefined,
  geometry: ModelGeometry): Size {
  const factor = geometry.vaeScaleFactor;
  const side = (value: number | undefined, imageSide: number | undefined): number => {
    if (value !== undefined) return value;
    if (mode === 'image2image' && imageSide !== undefined) return imageSide - (imageSide % factor);
    return geometry.sampleSize * factor;
  };
  const size = { width: side(requested.width, image?.width), height: side(requested.height, image?.height) };
  // GenAI would go on with a 0-pixel side (an image under one latent pixel) and fail inside the UNet.
  if ((size.width === 0 || size.height === 0) && image !== undefined) {
    throw new GraphError('INVALID_ARGUMENT', imageTooSmall(image, factor));
  }
  if (size.width % factor !== 0 || size.height % factor !== 0) throw new GraphError('INVALID_ARGUMENT', notDivisible(factor));
  return size;
}
