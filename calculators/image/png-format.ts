/**
 * @module calculators/image/png-format
 * PNG with stb_image's semantics (stbi__parse_png_file): every bit depth and colour type, Adam7 interlacing and
 * Apple's CgBI variant; 16-bit samples keep their high byte, 1/2/4-bit grey is scaled to 0..255, palettes expand,
 * alpha and tRNS are dropped, CRCs are not checked. The zlib stream is inflated by node:zlib, bounded by the
 * declared size, so a compression bomb cannot allocate more than the (already limit-checked) image needs.
 */
import { constants, inflateRawSync, inflateSync } from 'node:zlib';
import { ByteReader } from './byte-reader.js';
import { ImageFormatError, MAX_IMAGE_SIDE, type ImageFormat, type ImageHeader } from './image-format.js';
import { rgbImage, type RgbImage } from './rgb-image.js';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** stbi__depth_scale_table: grey samples below 8 bits are stretched to 0..255. */
const GREY_SCALE: Readonly<Record<number, number>> = { 1: 0xff, 2: 0x55, 4: 0x11, 8: 1, 16: 1 };
/** Adam7 passes: x origin, y origin, x spacing, y spacing. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

interface PngLayout extends ImageHeader {
  readonly depth: number;
  readonly colorType: number;
  /** Samples per pixel in the data stream (1 for palette indices). */
  readonly samples: number;
  readonly interlaced: boolean;
}

interface PngContents {
  readonly layout: PngLayout;
  readonly palette: Uint8Array;
  readonly data: Uint8Array;
  /** Apple's CgBI PNGs carry a raw deflate stream (no zlib header); stb reads them without swapping channels. */
  readonly isCgbi: boolean;
}

const chunkName = (type: number): string => String.fromCharCode(type >>> 24, (type >>> 16) & 255, (type >>> 8) & 255, type & 255);
const isCritical = (type: number): boolean => (type & (1 << 29)) === 0;

function readLayout(reader: ByteReader): PngLayout {
  const width = reader.u32be();
  const height = reader.u32be();
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) throw new ImageFormatError('too large');
  const depth = reader.u8();
  if (![1, 2, 4, 8, 16].includes(depth)) throw new ImageFormatError('1/2/4/8/16-bit only');
  const colorType = reader.u8();
  if (colorType > 6 || (colorType === 3 && depth === 16) || (colorType !== 3 && (colorType & 1) !== 0)) {
    throw new ImageFormatError('bad ctype');
  }
  if (reader.u8() !== 0) throw new ImageFormatError('bad comp method');
  if (reader.u8() !== 0) throw new ImageFormatError('bad filter method');
  const interlace = reader.u8();
  if (interlace > 1) throw new ImageFormatError('bad interlace method');
  if (width === 0 || height === 0) throw new ImageFormatError('0-pixel image');
  const samples = colorType === 3 ? 1 : ((colorType & 2) !== 0 ? 3 : 1) + ((colorType & 4) !== 0 ? 1 : 0);
  // stb: (1 << 30) / x / n < y is "too large" (n = 4 for palettes, which expand to RGBA there).
  if (Math.floor(Math.floor((1 << 30) / width) / (colorType === 3 ? 4 : samples)) < height) {
    throw new ImageFormatError('too large');
  }
  return { width, height, depth, colorType, samples, interlaced: interlace === 1 };
}

/** Walks the chunks in stb's order of checks; `headerOnly` stops after IHDR. */
function readContents(bytes: Uint8Array, headerOnly: boolean): PngContents {
  const reader = new ByteReader(bytes, 'PNG');
  if (!SIGNATURE.every((byte) => reader.u8() === byte)) throw new ImageFormatError('bad png sig');
  let layout: PngLayout | undefined;
  let palette: Uint8Array = new Uint8Array(0);
  const idat: Uint8Array[] = [];
  let isCgbi = false;
  for (;;) {
    const length = reader.u32be();
    const type = reader.u32be();
    const name = chunkName(type);
    if (name === 'CgBI') {
      isCgbi = true;
      reader.skip(length);
    } else if (name === 'IHDR') {
      if (layout !== undefined) throw new ImageFormatError('multiple IHDR');
      if (length !== 13) throw new ImageFormatError('bad IHDR len');
      layout = readLayout(reader);
      if (headerOnly) return { layout, palette, data: new Uint8Array(0), isCgbi };
    } else if (layout === undefined) {
      throw new ImageFormatError('first not IHDR');
    } else if (name === 'PLTE') {
      if (length > 256 * 3 || length % 3 !== 0) throw new ImageFormatError('invalid PLTE');
      palette = reader.take(length);
    } else if (name === 'tRNS') {
      if (idat.length > 0) throw new ImageFormatError('tRNS after IDAT');
      if (layout.colorType === 3) {
        if (palette.length === 0) throw new ImageFormatError('tRNS before PLTE');
        if (length > palette.length / 3) throw new ImageFormatError('bad tRNS len');
      } else {
        if ((layout.samples & 1) === 0) throw new ImageFormatError('tRNS with alpha');
        if (length !== layout.samples * 2) throw new ImageFormatError('bad tRNS len');
      }
      reader.skip(length); // transparency only feeds an alpha channel, which RGB output drops
    } else if (name === 'IDAT') {
      if (layout.colorType === 3 && palette.length === 0) throw new ImageFormatError('no PLTE');
      idat.push(reader.take(length));
    } else if (name === 'IEND') {
      if (idat.length === 0) throw new ImageFormatError('no IDAT');
      return { layout, palette, data: Buffer.concat(idat), isCgbi };
    } else if (isCritical(type)) {
      throw new ImageFormatError(`${name} PNG chunk not known`);
    } else {
      reader.skip(length);
    }
    reader.skip(4); // CRC, not checked (stb does not either)
  }
}

/** Bytes of one filtered row of `width` pixels (without the filter-type byte). */
function rowBytes(layout: PngLayout, width: number): number {
  return Math.ceil((layout.samples * width * layout.depth) / 8);
}

/** The inflated stream's expected length: every (pass) row plus its filter byte. */
function expectedLength(layout: PngLayout): number {
  if (!layout.interlaced) return (rowBytes(layout, layout.width) + 1) * layout.height;
  return ADAM7.reduce((total, [x0, y0, dx, dy]) => {
    const w = Math.ceil((layout.width - x0) / dx);
    const h = Math.ceil((layout.height - y0) / dy);
    return w > 0 && h > 0 ? total + (rowBytes(layout, w) + 1) * h : total;
  }, 0);
}

function inflate(contents: PngContents, expected: number): Uint8Array {
  // A truncated stream yields what it has (Z_SYNC_FLUSH); stb then says "not enough pixels". Trailing data past the
  // image is allowed, as in stb, up to a bound that keeps a bomb from allocating.
  const options = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: expected * 2 + 1024 };
  try {
    return contents.isCgbi ? inflateRawSync(contents.data, options) : inflateSync(contents.data, options);
  } catch (error) {
    throw new ImageFormatError(`bad zlib data (${(error as Error).message})`, { cause: error });
  }
}

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Undoes the row filters of one (pass) image in place; returns the unfiltered rows without filter bytes. */
function unfilter(raw: Uint8Array, offset: number, stride: number, rows: number, pixelBytes: number): Uint8Array {
  const out = new Uint8Array(stride * rows);
  for (let y = 0; y < rows; y++) {
    const filter = raw[offset + y * (stride + 1)]!;
    if (filter > 4) throw new ImageFormatError('invalid filter');
    const source = offset + y * (stride + 1) + 1;
    const row = y * stride;
    const prior = row - stride; // the row above; absent (zeros) on the first row
    for (let k = 0; k < stride; k++) {
      const left = k >= pixelBytes ? out[row + k - pixelBytes]! : 0;
      const up = y > 0 ? out[prior + k]! : 0;
      const upLeft = y > 0 && k >= pixelBytes ? out[prior + k - pixelBytes]! : 0;
      const predictor = filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up
        : filter === 3 ? (left + up) >> 1 : paeth(left, up, upLeft);
      out[row + k] = (raw[source + k]! + predictor) & 255;
    }
  }
  return out;
}

/** Sample `index` of an unfiltered row, as stb stores it in 8 bits. */
function sampleAt(rows: Uint8Array, rowStart: number, index: number, depth: number): number {
  if (depth === 8) return rows[rowStart + index]!;
  if (depth === 16) return rows[rowStart + 2 * index]!; // stbi__convert_16_to_8 keeps the high byte
  const perByte = 8 / depth;
  const byte = rows[rowStart + Math.floor(index / perByte)]!;
  const shift = 8 - depth * ((index % perByte) + 1);
  return (byte >> shift) & ((1 << depth) - 1);
}

function writePixels(target: RgbImage, rows: Uint8Array, contents: PngContents, pass: readonly [number, number, number, number],
  width: number, height: number): void {
  const { layout, palette } = contents;
  const stride = rowBytes(layout, width);
  const scale = layout.colorType === 0 ? GREY_SCALE[layout.depth]! : 1;
  const [x0, y0, dx, dy] = pass;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const out = ((y0 + y * dy) * target.width + x0 + x * dx) * 3;
      const first = x * layout.samples;
      if (layout.colorType === 3) {
        const entry = sampleAt(rows, y * stride, first, layout.depth) * 3;
        // An index past the palette reads stb's uninitialised table; it is black here.
        target.pixels[out] = palette[entry] ?? 0;
        target.pixels[out + 1] = palette[entry + 1] ?? 0;
        target.pixels[out + 2] = palette[entry + 2] ?? 0;
      } else if (layout.samples >= 3) {
        for (let c = 0; c < 3; c++) target.pixels[out + c] = sampleAt(rows, y * stride, first + c, layout.depth);
      } else {
        const grey = (scale * sampleAt(rows, y * stride, first, layout.depth)) & 255;
        target.pixels[out] = grey;
        target.pixels[out + 1] = grey;
        target.pixels[out + 2] = grey;
      }
    }
  }
}

export const PNG_FORMAT: ImageFormat = {
  name: 'PNG',

  matches: (bytes) => SIGNATURE.every((byte, i) => bytes[i] === byte),

  readHeader(bytes) {
    const { width, height } = readContents(bytes, true).layout;
    return { width, height };
  },

  decode(bytes) {
    const contents = readContents(bytes, false);
    const { layout } = contents;
    const expected = expectedLength(layout);
    const raw = inflate(contents, expected);
    if (raw.length < expected) throw new ImageFormatError('not enough pixels');
    const image = rgbImage(layout.width, layout.height);
    const pixelBytes = Math.max(1, (layout.samples * layout.depth) / 8);
    const passes = layout.interlaced ? ADAM7 : [[0, 0, 1, 1] as const];
    let offset = 0;
    for (const pass of passes) {
      const [x0, y0, dx, dy] = pass;
      const width = Math.ceil((layout.width - x0) / dx);
      const height = Math.ceil((layout.height - y0) / dy);
      if (width <= 0 || height <= 0) continue;
      const stride = rowBytes(layout, width);
      writePixels(image, unfilter(raw, offset, stride, height, pixelBytes), contents, pass, width, height);
      offset += (stride + 1) * height;
    }
    return image;
  },
};
