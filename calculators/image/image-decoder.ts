/**
 * @module calculators/image/image-decoder
 * Decodes an uploaded image the way OVMS does (stbi_load_from_memory with 3 forced channels: RGB, alpha dropped,
 * grey replicated), trying the formats in stb_image's order. The declared size is read from the header and checked
 * against the limits before any pixel memory is allocated. Every failure is INVALID_ARGUMENT with OVMS's text
 * `Image parsing failed: <reason>`; the reasons are stb's short ones where stb has a clear one.
 * Supported: PNG, JPEG, BMP, GIF (first frame), binary PGM/PPM. stb's PSD, Softimage PIC, Radiance HDR and TGA
 * are recognised and refused by name (DEVIATION: OVMS decodes them; they are rare as uploads and each is a decoder
 * of its own).
 */
import { GraphError } from '../../engine/status.js';
import { BMP_FORMAT } from './bmp-format.js';
import { GIF_FORMAT } from './gif-format.js';
import { ImageFormatError, type ImageFormat, type ImageHeader } from './image-format.js';
import { JPEG_FORMAT } from './jpeg-format.js';
import { PNG_FORMAT } from './png-format.js';
import { PNM_FORMAT } from './pnm-format.js';
import type { RgbImage } from './rgb-image.js';

export interface ImageLimits {
  /** Largest width × height accepted; checked against the header before decoding. */
  readonly maxPixels: number;
}

/**
 * DEVIATION: OVMS has no limit below stb's 2^24 per side; 8192 × 8192 (192 MiB as RGB) keeps one upload from
 * exhausting the server while admitting any photo a diffusion model could use.
 */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = Object.freeze({ maxPixels: 8192 * 8192 });

export const imageParsingFailed = (reason: string): string => `Image parsing failed: ${reason}`;
export const UNKNOWN_IMAGE_TYPE = 'unknown image type';
export const notSupportedFormat = (format: string): string => `${format} images are not supported`;
export const tooManyPixels = (width: number, height: number, maxPixels: number): string =>
  `too large: ${width}x${height} exceeds the limit of ${maxPixels} pixels`;

const readUint32be = (bytes: Uint8Array, at: number): number =>
  ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
const startsWith = (bytes: Uint8Array, text: string, at = 0): boolean =>
  bytes.length >= at + text.length && [...text].every((char, i) => bytes[at + i] === char.charCodeAt(0));

/** stbi__tga_test: no magic, only plausible header fields (stb tries it last for that reason). */
function looksLikeTga(bytes: Uint8Array): boolean {
  if (bytes.length < 18) return false;
  const colorMapType = bytes[1]!;
  const imageType = bytes[2]!;
  if (colorMapType > 1) return false;
  if (colorMapType === 1) {
    if (imageType !== 1 && imageType !== 9) return false;
    if (![8, 15, 16, 24, 32].includes(bytes[7]!)) return false;
  } else if (![2, 3, 10, 11].includes(imageType)) {
    return false;
  }
  const width = bytes[12]! | (bytes[13]! << 8);
  const height = bytes[14]! | (bytes[15]! << 8);
  const bitsPerPixel = bytes[16]!;
  if (width < 1 || height < 1) return false;
  return colorMapType === 1 ? bitsPerPixel === 8 || bitsPerPixel === 16 : [8, 15, 16, 24, 32].includes(bitsPerPixel);
}

/** A format stb would load that we refuse by name. */
function unsupportedFormat(name: string, matches: (bytes: Uint8Array) => boolean): ImageFormat {
  const refuse = (): never => { throw new ImageFormatError(notSupportedFormat(name)); };
  return { name, matches, readHeader: refuse, decode: refuse };
}

/** stbi__load_main's order: the formats with distinctive magic first, the weakly recognised ones last. */
const FORMATS: readonly ImageFormat[] = [
  PNG_FORMAT,
  BMP_FORMAT,
  GIF_FORMAT,
  unsupportedFormat('PSD', (bytes) => bytes.length >= 4 && readUint32be(bytes, 0) === 0x38425053),
  unsupportedFormat('PIC', (bytes) => startsWith(bytes, 'S\x80\xf64') && startsWith(bytes, 'PICT', 88)),
  JPEG_FORMAT,
  PNM_FORMAT,
  unsupportedFormat('HDR', (bytes) => startsWith(bytes, '#?RADIANCE\n') || startsWith(bytes, '#?RGBE\n')),
  unsupportedFormat('TGA', looksLikeTga),
];

/** `part` names the upload when it is not the image itself (OVMS's text does not say which file failed). */
function failed(reason: string, part: string | undefined, cause?: unknown): GraphError {
  return new GraphError('INVALID_ARGUMENT', imageParsingFailed(part === undefined ? reason : `${part}: ${reason}`), {},
    cause === undefined ? undefined : { cause });
}

function formatOf(bytes: Uint8Array, part?: string): ImageFormat {
  const format = FORMATS.find((candidate) => candidate.matches(bytes));
  if (format === undefined) throw failed(UNKNOWN_IMAGE_TYPE, part);
  return format;
}

function guarded<T>(work: () => T, part?: string): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ImageFormatError) throw failed(error.reason, part, error);
    throw error;
  }
}

/** The format's name and declared size, without decoding pixels. */
export function readImageHeader(bytes: Uint8Array): ImageHeader & { readonly format: string } {
  const format = formatOf(bytes);
  return { format: format.name, ...guarded(() => format.readHeader(bytes)) };
}

/**
 * The image as RGB; throws GraphError INVALID_ARGUMENT (`Image parsing failed: ...`, or `Image parsing failed:
 * <part>: ...` when `part` names the upload, e.g. "mask") on anything else.
 */
export function decodeImage(bytes: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS, part?: string): RgbImage {
  const format = formatOf(bytes, part);
  const { width, height } = guarded(() => format.readHeader(bytes), part);
  if (width * height > limits.maxPixels) throw failed(tooManyPixels(width, height, limits.maxPixels), part);
  return guarded(() => format.decode(bytes), part);
}
