/**
 * @module calculators/image/image-format
 * What one image format contributes to decoding (calculators/image/image-decoder.ts): stb_image's cheap "is it
 * this format?" test, the declared size read from the header alone (checked against the limits before any pixel
 * memory exists), and the decode to RGB with stb's conversions (alpha dropped, grey replicated).
 */
import type { RgbImage } from './rgb-image.js';

/** The size an image declares in its header. */
export interface ImageHeader {
  readonly width: number;
  readonly height: number;
}

export interface ImageFormat {
  /** The name errors use: `PNG`, `JPEG`, ... */
  readonly name: string;
  /** stb_image's `stbi__<format>_test`: the magic bytes (and for some formats a few header fields) match. */
  matches(bytes: Uint8Array): boolean;
  /** The declared size; throws ImageFormatError when the header itself is malformed. */
  readHeader(bytes: Uint8Array): ImageHeader;
  /** The pixels as 8-bit RGB; throws ImageFormatError on corrupt data. */
  decode(bytes: Uint8Array): RgbImage;
}

/** A malformed or unsupported image; `reason` becomes OVMS's `Image parsing failed: <reason>`. */
export class ImageFormatError extends Error {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'ImageFormatError';
  }
}

/** stb_image's STBI_MAX_DIMENSIONS: no side may exceed 2^24 pixels ("too large"). */
export const MAX_IMAGE_SIDE = 1 << 24;
