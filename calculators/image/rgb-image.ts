/**
 * @module calculators/image/rgb-image
 * Decoded 8-bit RGB images, one per generated picture, and their packet type (a batch in generation order).
 */
import { packetType } from '../../engine/index.js';

/** 8-bit RGB, row-major `height × width × 3`. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

export const RGB_IMAGES = packetType<readonly RgbImage[]>('RgbImages', Array.isArray);
