/**
 * @module calculators/image/rgb-image
 * 8-bit RGB images: the decoded edit inputs (OVMS's u8 NHWC [1,H,W,3] tensor from stb_image with 3 forced channels)
 * and the generated pictures, with their packet type (a batch in generation order).
 */
import { packetType } from '../../engine/index.js';

/** 8-bit RGB, row-major `height × width × 3`. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** `height · width · 3` bytes, R G B per pixel, rows top to bottom. */
  readonly pixels: Uint8Array;
}

function isRgbImage(value: unknown): value is RgbImage {
  return typeof value === 'object' && value !== null && (value as RgbImage).pixels instanceof Uint8Array;
}

/** One image (an edit's input image or mask). */
export const RGB_IMAGE = packetType<RgbImage>('RgbImage', isRgbImage);
/** A batch of images (the generated pictures). */
export const RGB_IMAGES = packetType<readonly RgbImage[]>('RgbImages', Array.isArray);

/** An image over `pixels` (checked against the size), or a new black one. */
export function rgbImage(width: number, height: number, pixels?: Uint8Array): RgbImage {
  const size = width * height * 3;
  if (pixels !== undefined && pixels.length !== size) {
    throw new RangeError(`an RGB image of ${width}x${height} needs ${size} bytes, got ${pixels.length}`);
  }
  return { width, height, pixels: pixels ?? new Uint8Array(size) };
}
