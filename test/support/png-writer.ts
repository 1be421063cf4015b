/**
 * @module test/support/png-writer
 * A minimal PNG writer for decoder tests: any colour type and bit depth, optional Adam7 interlacing, raw sample
 * values in, filter type 0 (none) or 1 (sub) on every row. It writes the chunks the caller asks for, in order, so
 * tests can build valid files and deliberately broken ones.
 */
import { crc32, deflateSync } from 'node:zlib';

export interface PngSpec {
  readonly width: number;
  readonly height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  readonly colorType: 0 | 2 | 3 | 4 | 6;
  readonly depth: 1 | 2 | 4 | 8 | 16;
  /** Row-major samples, `samplesPerPixel` per pixel (palette: one index). */
  readonly samples: ArrayLike<number>;
  readonly interlaced?: boolean;
  /** RGB triplets for colour type 3. */
  readonly palette?: ArrayLike<number>;
  readonly filter?: 0 | 1;
}

const SAMPLES_PER_PIXEL = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export const PNG_SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

export function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([depth, colorType, 0, 0, interlace], 8);
  return pngChunk('IHDR', data);
}

/** One (pass) image's scanlines, each prefixed with its filter byte. */
function scanlines(spec: PngSpec, pixels: readonly number[], width: number): number[] {
  const perPixel = SAMPLES_PER_PIXEL[spec.colorType];
  const bytesPerPixel = Math.max(1, (perPixel * spec.depth) / 8);
  const out: number[] = [];
  for (let row = 0; row * width < pixels.length; row++) {
    const bytes: number[] = [];
    let bitBuffer = 0;
    let bitCount = 0;
    for (const pixel of pixels.slice(row * width, (row + 1) * width)) {
      for (let s = 0; s < perPixel; s++) {
        const value = spec.samples[pixel * perPixel + s]!;
        if (spec.depth === 16) bytes.push(value >> 8, value & 255);
        else if (spec.depth === 8) bytes.push(value);
        else {
          bitBuffer = (bitBuffer << spec.depth) | value;
          bitCount += spec.depth;
          if (bitCount === 8) { bytes.push(bitBuffer); bitBuffer = 0; bitCount = 0; }
        }
      }
    }
    if (bitCount > 0) bytes.push(bitBuffer << (8 - bitCount));
    const filter = spec.filter ?? 0;
    out.push(filter, ...bytes.map((byte, k) => (filter === 1 && k >= bytesPerPixel ? (byte - bytes[k - bytesPerPixel]! + 256) & 255 : byte)));
  }
  return out;
}

/** The zlib stream of the image data (IDAT contents). */
export function pngImageData(spec: PngSpec): Uint8Array {
  const raw: number[] = [];
  const passes = spec.interlaced === true ? ADAM7 : [[0, 0, 1, 1] as const];
  for (const [x0, y0, dx, dy] of passes) {
    const pixels: number[] = [];
    const width = Math.ceil((spec.width - x0) / dx);
    for (let y = y0; y < spec.height; y += dy) {
      for (let x = x0; x < spec.width; x += dx) pixels.push(y * spec.width + x);
    }
    if (width > 0 && pixels.length > 0) raw.push(...scanlines(spec, pixels, width));
  }
  return deflateSync(Uint8Array.from(raw));
}

export function encodeTestPng(spec: PngSpec): Uint8Array {
  const chunks = [PNG_SIGNATURE, ihdr(spec.width, spec.height, spec.depth, spec.colorType, spec.interlaced === true ? 1 : 0)];
  if (spec.palette !== undefined) chunks.push(pngChunk('PLTE', Uint8Array.from(spec.palette)));
  chunks.push(pngChunk('IDAT', pngImageData(spec)), pngChunk('IEND', new Uint8Array(0)));
  return Buffer.concat(chunks);
}
