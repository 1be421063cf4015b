/**
 * @module calculators/image/gif-format
 * GIF as stb_image loads a single image (stbi__gif_load_next, first frame): the frame is drawn on a canvas of the
 * logical screen size; transparent pixels stay black; on a GIF whose background index is not 0, pixels the frame
 * does not cover get the background colour (with red and blue swapped, as stb copies its BGRA palette entry).
 */
import { ByteReader } from './byte-reader.js';
import { ImageFormatError, MAX_IMAGE_SIDE, type ImageFormat, type ImageHeader } from './image-format.js';
import { rgbImage, type RgbImage } from './rgb-image.js';

const MAX_CODES = 4096;

/** A colour table as stb keeps it: RGB plus an opaque flag per entry. */
interface ColorTable {
  readonly rgb: Uint8Array;
  readonly opaque: Uint8Array;
}

function readColorTable(reader: ByteReader, entries: number, transparent: number): ColorTable {
  const rgb = new Uint8Array(256 * 3);
  const opaque = new Uint8Array(256);
  rgb.set(reader.take(entries * 3));
  for (let i = 0; i < entries; i++) opaque[i] = i === transparent ? 0 : 1;
  return { rgb, opaque };
}

function readScreen(reader: ByteReader): ImageHeader & { flags: number; background: number } {
  const signature = String.fromCharCode(...reader.take(6));
  if (signature !== 'GIF87a' && signature !== 'GIF89a') throw new ImageFormatError('not GIF');
  const width = reader.u16le();
  const height = reader.u16le();
  const flags = reader.u8();
  const background = reader.u8();
  reader.skip(1); // aspect ratio
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) throw new ImageFormatError('too large');
  if (width === 0 || height === 0) throw new ImageFormatError('0-pixel image');
  return { width, height, flags, background };
}

/** The canvas pixel index of each raster pixel in order: rows in sequence, or the four interlaced passes. */
function* rasterPixels(canvasWidth: number, x0: number, y0: number, width: number, height: number,
  interlaced: boolean): Generator<number> {
  const passes = interlaced ? [[0, 8], [4, 8], [2, 4], [1, 2]] as const : [[0, 1]] as const;
  for (const [first, step] of passes) {
    for (let y = first; y < height; y += step) {
      for (let x = 0; x < width; x++) yield (y0 + y) * canvasWidth + x0 + x;
    }
  }
}

/** stbi__process_gif_raster: LZW decoding into `draw(index)` calls, in raster order. */
function decodeRaster(reader: ByteReader, draw: (index: number) => void): void {
  const minimumCodeSize = reader.u8();
  if (minimumCodeSize > 12) throw new ImageFormatError('bad LZW code size');
  const clear = 1 << minimumCodeSize;
  const prefix = new Int16Array(MAX_CODES * 2).fill(-1);
  const suffix = new Uint8Array(MAX_CODES * 2);
  const first = new Uint8Array(MAX_CODES * 2);
  for (let code = 0; code < clear; code++) {
    suffix[code] = code;
    first[code] = code;
  }
  let codeSize = minimumCodeSize + 1;
  let codeMask = (1 << codeSize) - 1;
  let available = clear + 2;
  let oldCode = -1;
  let isFirst = true;
  let bits = 0;
  let validBits = 0;
  let blockLeft = 0;
  const chain: number[] = [];
  for (;;) {
    if (validBits < codeSize) {
      if (blockLeft === 0) {
        blockLeft = reader.u8();
        if (blockLeft === 0) return;
      }
      blockLeft--;
      bits |= reader.u8() << validBits;
      validBits += 8;
      continue;
    }
    const code = bits & codeMask;
    bits >>= codeSize;
    validBits -= codeSize;
    if (code === clear) {
      codeSize = minimumCodeSize + 1;
      codeMask = (1 << codeSize) - 1;
      available = clear + 2;
      oldCode = -1;
      isFirst = false;
    } else if (code === clear + 1) {
      reader.skip(blockLeft);
      for (let length = reader.u8(); length > 0; length = reader.u8()) reader.skip(length);
      return;
    } else if (code <= available) {
      if (isFirst) throw new ImageFormatError('no clear code');
      if (oldCode >= 0) {
        const entry = available++;
        if (available > 8192) throw new ImageFormatError('too many codes');
        prefix[entry] = oldCode;
        first[entry] = first[oldCode]!;
        suffix[entry] = code === available ? first[entry]! : first[code]!;
      } else if (code === available) {
        throw new ImageFormatError('illegal code in raster');
      }
      chain.length = 0;
      for (let at = code; at >= 0; at = prefix[at]!) chain.push(suffix[at]!);
      for (let i = chain.length - 1; i >= 0; i--) draw(chain[i]!);
      if ((available & codeMask) === 0 && available <= 0x0fff) {
        codeSize++;
        codeMask = (1 << codeSize) - 1;
      }
      oldCode = code;
    } else {
      throw new ImageFormatError('illegal code in raster');
    }
  }
}

function decodeFirstFrame(bytes: Uint8Array): RgbImage {
  const reader = new ByteReader(bytes, 'GIF');
  const screen = readScreen(reader);
  const global = (screen.flags & 0x80) !== 0 ? readColorTable(reader, 2 << (screen.flags & 7), -1) : readColorTable(reader, 0, -1);
  const image = rgbImage(screen.width, screen.height);
  const drawn = new Uint8Array(screen.width * screen.height);
  let transparent = -1;
  let hasTransparency = false;
  for (;;) {
    const tag = reader.u8();
    if (tag === 0x2c) {
      const x0 = reader.u16le();
      const y0 = reader.u16le();
      const width = reader.u16le();
      const height = reader.u16le();
      if (x0 + width > screen.width || y0 + height > screen.height) throw new ImageFormatError('bad Image Descriptor');
      const flags = reader.u8();
      let table: ColorTable;
      if ((flags & 0x80) !== 0) table = readColorTable(reader, 2 << (flags & 7), hasTransparency ? transparent : -1);
      else if ((screen.flags & 0x80) !== 0) table = global;
      else throw new ImageFormatError('missing color table');
      const pixels = rasterPixels(screen.width, x0, y0, width, height, (flags & 0x40) !== 0);
      decodeRaster(reader, (index) => {
        const next = pixels.next();
        if (next.done === true) return; // codes past the frame's last pixel are ignored
        const pixel = next.value;
        drawn[pixel] = 1;
        if (table.opaque[index] === 1) image.pixels.set(table.rgb.subarray(index * 3, index * 3 + 3), pixel * 3);
      });
      if (screen.background > 0) {
        const [r, g, b] = global.rgb.subarray(screen.background * 3, screen.background * 3 + 3);
        drawn.forEach((isDrawn, pixel) => { if (isDrawn === 0) image.pixels.set([b!, g!, r!], pixel * 3); });
      }
      return image;
    }
    if (tag === 0x21) {
      const label = reader.u8();
      if (label === 0xf9) {
        const length = reader.u8();
        if (length === 4) {
          hasTransparency = (reader.u8() & 1) !== 0;
          reader.skip(2); // delay
          const index = reader.u8();
          if (transparent >= 0) global.opaque[transparent] = 1;
          transparent = hasTransparency ? index : -1;
          if (transparent >= 0) global.opaque[transparent] = 0;
        } else {
          reader.skip(length);
          continue; // stb leaves the sub-blocks to be read as tags
        }
      }
      for (let length = reader.u8(); length > 0; length = reader.u8()) reader.skip(length);
    } else if (tag === 0x3b) {
      throw new ImageFormatError('no image in GIF');
    } else {
      throw new ImageFormatError('unknown code');
    }
  }
}

export const GIF_FORMAT: ImageFormat = {
  name: 'GIF',
  matches: (bytes) => bytes.length >= 6 && ['GIF87a', 'GIF89a'].includes(String.fromCharCode(...bytes.subarray(0, 6))),
  readHeader: (bytes) => {
    const { width, height } = readScreen(new ByteReader(bytes, 'GIF'));
    return { width, height };
  },
  decode: decodeFirstFrame,
};
