/**
 * @module calculators/image/jpeg-format
 * JPEG (baseline and progressive, 8-bit, 1/3/4 components) as stb_image accepts it. The header walk (markers up to
 * the frame header) is ours, with stb's checks and its rule for when three components are RGB rather than YCbCr;
 * the pixels come from jpeg-js. stb has its own IDCT and "fancy" (linear) chroma upsampling while jpeg-js replicates
 * chroma samples, so decoded JPEG pixels may differ from OVMS's by a little (PNG pixels are exact).
 */
import jpeg from 'jpeg-js';
import { ByteReader } from './byte-reader.js';
import { ImageFormatError, MAX_IMAGE_SIDE, type ImageFormat, type ImageHeader } from './image-format.js';
import { rgbImage } from './rgb-image.js';

const SOI = 0xd8;
/** stbi__SOF: baseline, extended sequential and progressive Huffman frames. */
const FRAME_MARKERS = new Set([0xc0, 0xc1, 0xc2]);
/** Markers stb's stbi__process_marker skips or reads before the frame (DHT, DQT, DRI, APPn, COM). */
const isSkippable = (marker: number): boolean =>
  marker === 0xc4 || marker === 0xdb || marker === 0xdd || marker === 0xfe || (marker >= 0xe0 && marker <= 0xef);

interface JpegFrame extends ImageHeader {
  readonly components: number;
  /** stb converts YCbCr → RGB unless the component ids spell R,G,B or an Adobe APP14 says "no transform" without JFIF. */
  readonly isYcbcr: boolean;
}

function readFrame(bytes: Uint8Array): JpegFrame {
  const reader = new ByteReader(bytes, 'JPEG');
  if (reader.u8() !== 0xff || reader.u8() !== SOI) throw new ImageFormatError('no SOI');
  let isJfif = false;
  let adobeTransform: number | undefined;
  for (;;) {
    if (reader.remaining === 0) throw new ImageFormatError('no SOF');
    if (reader.u8() !== 0xff) continue; // padding between segments, as stb tolerates
    let marker = reader.u8();
    while (marker === 0xff) marker = reader.u8();
    if (FRAME_MARKERS.has(marker)) return readFrameHeader(reader, isJfif, adobeTransform);
    if (!isSkippable(marker)) {
      throw new ImageFormatError(`unknown marker 0x${marker.toString(16).toUpperCase()} (only baseline and progressive 8-bit JPEGs are supported)`);
    }
    const length = reader.u16be();
    if (length < 2) throw new ImageFormatError('bad segment length');
    const segment = reader.take(length - 2);
    if (marker === 0xe0 && String.fromCharCode(...segment.subarray(0, 5)) === 'JFIF\0') isJfif = true;
    if (marker === 0xee && segment.length >= 12 && String.fromCharCode(...segment.subarray(0, 5)) === 'Adobe') {
      adobeTransform = segment[11];
    }
  }
}

function readFrameHeader(reader: ByteReader, isJfif: boolean, adobeTransform: number | undefined): JpegFrame {
  const length = reader.u16be();
  if (length < 11) throw new ImageFormatError('bad SOF len');
  if (reader.u8() !== 8) throw new ImageFormatError('only 8-bit');
  const height = reader.u16be();
  if (height === 0) throw new ImageFormatError('no header height');
  const width = reader.u16be();
  if (width === 0) throw new ImageFormatError('0 width');
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) throw new ImageFormatError('too large');
  const components = reader.u8();
  if (components !== 1 && components !== 3 && components !== 4) throw new ImageFormatError('bad component count');
  if (length !== 8 + 3 * components) throw new ImageFormatError('bad SOF len');
  const ids: number[] = [];
  for (let i = 0; i < components; i++) {
    ids.push(reader.u8());
    reader.skip(2);
  }
  const isRgbIds = components === 3 && ids[0] === 0x52 && ids[1] === 0x47 && ids[2] === 0x42;
  return { width, height, components, isYcbcr: !(isRgbIds || (adobeTransform === 0 && !isJfif)) };
}

export const JPEG_FORMAT: ImageFormat = {
  name: 'JPEG',

  // stbi__jpeg_test only looks for the SOI marker.
  matches: (bytes) => bytes[0] === 0xff && bytes[1] === SOI,

  readHeader(bytes) {
    const { width, height } = readFrame(bytes);
    return { width, height };
  },

  decode(bytes) {
    const frame = readFrame(bytes);
    let decoded: { width: number; height: number; data: Uint8Array };
    try {
      decoded = jpeg.decode(bytes, {
        useTArray: true, formatAsRGBA: false, colorTransform: frame.components === 3 ? frame.isYcbcr : undefined,
        // stb decodes damaged scans without complaint (missing data reads as zeros); so does jpeg-js when tolerant.
        tolerantDecoding: true,
        // The caller checked the declared size against its limit; these only stop jpeg-js's own defaults refusing it.
        maxResolutionInMP: Math.ceil((frame.width * frame.height) / 1e6) + 1,
        maxMemoryUsageInMB: Math.ceil((frame.width * frame.height * 8) / 2 ** 20) + 64,
      });
    } catch (error) {
      throw new ImageFormatError(`corrupt JPEG (${(error as Error).message})`, { cause: error });
    }
    if (decoded.width !== frame.width || decoded.height !== frame.height) throw new ImageFormatError('corrupt JPEG');
    return rgbImage(decoded.width, decoded.height, decoded.data);
  },
};
