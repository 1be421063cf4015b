/**
 * @module calculators/image/bmp-format
 * Windows BMP as stb_image reads it (stbi__bmp_load): header sizes 12/40/56/108/124, 1/4/8-bit palettes, 16/24/32
 * bits with default or BI_BITFIELDS masks (each channel stretched to 8 bits by stb's bit replication), bottom-up or
 * top-down rows. RLE and embedded JPEG/PNG are refused, as stb refuses them.
 */
import { ByteReader } from './byte-reader.js';
import { ImageFormatError, MAX_IMAGE_SIDE, type ImageFormat } from './image-format.js';
import { rgbImage, type RgbImage } from './rgb-image.js';

const HEADER_SIZES = new Set([12, 40, 56, 108, 124]);
const FILE_HEADER_BYTES = 14;

interface BmpLayout {
  readonly width: number;
  /** Positive: rows stored bottom-up (the usual case). */
  readonly signedHeight: number;
  readonly bitsPerPixel: number;
  readonly headerSize: number;
  readonly dataOffset: number;
  /** Colour masks for 16/32-bit pixels (alpha is read and dropped). */
  readonly masks: readonly [number, number, number];
  /** Bytes read so far: file header, info header and any BITFIELDS masks after a 40/56-byte header. */
  readonly headerEnd: number;
}

/** stbi__bmp_set_mask_defaults for uncompressed 16/32-bit data. */
function defaultMasks(bitsPerPixel: number): [number, number, number] {
  if (bitsPerPixel === 16) return [31 << 10, 31 << 5, 31];
  if (bitsPerPixel === 32) return [0xff << 16, 0xff << 8, 0xff];
  return [0, 0, 0];
}

function readLayout(bytes: Uint8Array): BmpLayout {
  const reader = new ByteReader(bytes, 'BMP');
  if (reader.u8() !== 0x42 || reader.u8() !== 0x4d) throw new ImageFormatError('not BMP');
  reader.skip(8); // file size, reserved
  const dataOffset = reader.u32le();
  const headerSize = reader.u32le();
  if (!HEADER_SIZES.has(headerSize)) throw new ImageFormatError('unknown BMP');
  const width = headerSize === 12 ? reader.u16le() : reader.u32le();
  const rawHeight = headerSize === 12 ? reader.u16le() : reader.u32le();
  const signedHeight = headerSize === 12 ? rawHeight : rawHeight | 0;
  if (reader.u16le() !== 1) throw new ImageFormatError('bad BMP');
  const bitsPerPixel = reader.u16le();
  let masks = defaultMasks(bitsPerPixel);
  let headerEnd = FILE_HEADER_BYTES + headerSize;
  if (headerSize !== 12) {
    const compression = reader.u32le();
    if (compression === 1 || compression === 2) throw new ImageFormatError('BMP RLE');
    if (compression >= 4) throw new ImageFormatError('BMP JPEG/PNG');
    if (compression === 3 && bitsPerPixel !== 16 && bitsPerPixel !== 32) throw new ImageFormatError('bad BMP');
    reader.skip(20); // image size, resolutions, colours used and important
    if (headerSize === 56) reader.skip(16);
    if (compression === 3) {
      // BI_BITFIELDS: the masks follow a 40/56-byte header, or sit inside a V4/V5 header.
      masks = [reader.u32le(), reader.u32le(), reader.u32le()];
      if (headerSize <= 56) {
        headerEnd += 12;
        if (masks[0] === masks[1] && masks[1] === masks[2]) throw new ImageFormatError('bad BMP');
      }
    } else if (compression !== 0 && (bitsPerPixel === 16 || bitsPerPixel === 32)) {
      throw new ImageFormatError('bad BMP');
    }
  }
  if (width > MAX_IMAGE_SIDE || Math.abs(signedHeight) > MAX_IMAGE_SIDE) throw new ImageFormatError('too large');
  if (width === 0 || signedHeight === 0) throw new ImageFormatError('0-pixel image');
  return { width, signedHeight, bitsPerPixel, headerSize, dataOffset, masks, headerEnd };
}

/** stbi__shiftsigned: the masked bits moved to the top of a byte, then replicated downwards to fill 8 bits. */
function channelReader(mask: number): (value: number) => number {
  if (mask === 0) throw new ImageFormatError('bad masks');
  const highBit = 31 - Math.clz32(mask);
  let count = 0;
  for (let bits = mask >>> 0; bits !== 0; bits >>>= 1) count += bits & 1;
  if (count > 8) throw new ImageFormatError('bad masks');
  const shift = highBit - 7;
  const multiplier = [0, 0xff, 0x55, 0x49, 0x11, 0x21, 0x41, 0x81, 0x01][count]!;
  const postShift = [0, 0, 0, 1, 0, 2, 4, 6, 0][count]!;
  return (value) => {
    const masked = (value & mask) >>> 0;
    const top = (shift < 0 ? masked << -shift : masked >>> shift) >>> (8 - count);
    return ((top * multiplier) >>> postShift) & 255;
  };
}

function readPalette(reader: ByteReader, layout: BmpLayout): Uint8Array {
  const entryBytes = layout.headerSize === 12 ? 3 : 4;
  const size = Math.floor((layout.dataOffset - layout.headerEnd) / entryBytes);
  if (size <= 0 || size > 256) throw new ImageFormatError('invalid palette');
  const palette = new Uint8Array(256 * 3);
  for (let i = 0; i < size; i++) {
    const entry = reader.take(entryBytes);
    palette[i * 3] = entry[2]!;
    palette[i * 3 + 1] = entry[1]!;
    palette[i * 3 + 2] = entry[0]!;
  }
  return palette;
}

function decodeIndexed(reader: ByteReader, layout: BmpLayout, image: RgbImage, rowOf: (row: number) => number): void {
  const palette = readPalette(reader, layout);
  reader.seek(layout.dataOffset);
  const { bitsPerPixel, width } = layout;
  if (bitsPerPixel !== 1 && bitsPerPixel !== 4 && bitsPerPixel !== 8) throw new ImageFormatError('bad bpp');
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  const padding = (4 - (rowBytes % 4)) % 4;
  const perByte = 8 / bitsPerPixel;
  for (let row = 0; row < image.height; row++) {
    const data = reader.take(rowBytes);
    reader.skip(Math.min(padding, reader.remaining));
    const out = rowOf(row) * width * 3;
    for (let x = 0; x < width; x++) {
      const byte = data[Math.floor(x / perByte)]!;
      const index = (byte >> (8 - bitsPerPixel * ((x % perByte) + 1))) & ((1 << bitsPerPixel) - 1);
      image.pixels.set(palette.subarray(index * 3, index * 3 + 3), out + x * 3);
    }
  }
}

function decodeDirect(reader: ByteReader, layout: BmpLayout, image: RgbImage, rowOf: (row: number) => number): void {
  reader.seek(layout.dataOffset);
  const { bitsPerPixel, width } = layout;
  if (bitsPerPixel !== 16 && bitsPerPixel !== 24 && bitsPerPixel !== 32) throw new ImageFormatError('bad bpp');
  const bytesPerPixel = bitsPerPixel / 8;
  const rowBytes = width * bytesPerPixel;
  const padding = (4 - (rowBytes % 4)) % 4;
  const [red, green, blue] = bitsPerPixel === 24 ? [] : layout.masks.map(channelReader);
  for (let row = 0; row < image.height; row++) {
    const data = reader.take(rowBytes);
    reader.skip(Math.min(padding, reader.remaining));
    const out = rowOf(row) * width * 3;
    for (let x = 0; x < width; x++) {
      const at = x * bytesPerPixel;
      if (bitsPerPixel === 24) {
        image.pixels[out + x * 3] = data[at + 2]!;
        image.pixels[out + x * 3 + 1] = data[at + 1]!;
        image.pixels[out + x * 3 + 2] = data[at]!;
      } else {
        const value = bitsPerPixel === 16 ? data[at]! | (data[at + 1]! << 8)
          : (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
        image.pixels[out + x * 3] = red!(value);
        image.pixels[out + x * 3 + 1] = green!(value);
        image.pixels[out + x * 3 + 2] = blue!(value);
      }
    }
  }
}

export const BMP_FORMAT: ImageFormat = {
  name: 'BMP',

  // stbi__bmp_test: "BM", then an info header size stb knows.
  matches: (bytes) => bytes.length >= 18 && bytes[0] === 0x42 && bytes[1] === 0x4d
    && HEADER_SIZES.has(bytes[14]! | (bytes[15]! << 8) | (bytes[16]! << 16) | (bytes[17]! << 24)),

  readHeader(bytes) {
    const layout = readLayout(bytes);
    return { width: layout.width, height: Math.abs(layout.signedHeight) };
  },

  decode(bytes) {
    const layout = readLayout(bytes);
    const image = rgbImage(layout.width, Math.abs(layout.signedHeight));
    const isBottomUp = layout.signedHeight > 0;
    const rowOf = (row: number): number => (isBottomUp ? image.height - 1 - row : row);
    const reader = new ByteReader(bytes, 'BMP', layout.headerEnd);
    if (layout.bitsPerPixel < 16) decodeIndexed(reader, layout, image, rowOf);
    else decodeDirect(reader, layout, image, rowOf);
    return image;
  },
};
