import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { decode as decodePngWithFastPng } from 'fast-png';
import { GraphError } from '../../../engine/status.js';
import {
  decodeImage, imageParsingFailed, notSupportedFormat, readImageHeader, tooManyPixels, UNKNOWN_IMAGE_TYPE,
} from '../../../calculators/image/image-decoder.js';
import { sharedDataDir } from '../../support/paths.js';
import { runPythonJson } from '../../support/python.js';
import { encodeTestPng, ihdr, PNG_SIGNATURE, pngChunk, pngImageData, type PngSpec } from '../../support/png-writer.js';

interface OracleCase {
  readonly name: string;
  readonly format: string;
  readonly bytes: string;
  readonly width: number;
  readonly height: number;
  readonly rgb: string;
  readonly exact: boolean;
}

/** A deterministic sample sequence below 2^depth. */
function samples(count: number, depth: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % (1 << depth);
  });
}

/** What stb_image returns for a PNG's samples with 3 forced channels. */
function stbRgb(spec: PngSpec): number[] {
  const perPixel = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[spec.colorType];
  const to8 = (value: number): number => (spec.depth === 16 ? value >> 8 : value * ({ 1: 255, 2: 85, 4: 17, 8: 1 }[spec.depth] ?? 1));
  const out: number[] = [];
  for (let pixel = 0; pixel < spec.width * spec.height; pixel++) {
    const s = (k: number): number => spec.samples[pixel * perPixel + k]!;
    if (spec.colorType === 3) out.push(...Array.from(spec.palette!).slice(s(0) * 3, s(0) * 3 + 3));
    else if (perPixel >= 3) out.push(to8(s(0)), to8(s(1)), to8(s(2)));
    else out.push(to8(s(0)), to8(s(0)), to8(s(0)));
  }
  return out;
}

function parsingError(bytes: Uint8Array, limits?: { maxPixels: number }, part?: string): GraphError {
  try {
    decodeImage(bytes, limits, part);
  } catch (error) {
    expect(error).to.be.instanceOf(GraphError);
    expect((error as GraphError).code).to.equal('INVALID_ARGUMENT');
    return error as GraphError;
  }
  throw new Error('decodeImage accepted the bytes');
}

const RGB_SPEC: PngSpec = { width: 3, height: 2, colorType: 2, depth: 8, samples: samples(18, 8, 1) };

describe('image decoding (OVMS: stb_image, 3 channels)', () => {
  describe('PNG', () => {
    const specs: PngSpec[] = [];
    for (const interlaced of [false, true]) {
      for (const [colorType, depths] of [[0, [1, 2, 4, 8, 16]], [2, [8, 16]], [3, [1, 2, 4, 8]], [4, [8, 16]], [6, [8, 16]]] as const) {
        for (const depth of depths) {
          const perPixel = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
          const [width, height] = [13, 11];
          const paletteSize = Math.min(1 << depth, 256);
          specs.push({
            width, height, colorType, depth, interlaced, filter: depth >= 8 ? 1 : 0,
            samples: samples(width * height * perPixel, colorType === 3 ? Math.min(depth, 8) : depth, depth * 7 + colorType),
            palette: colorType === 3 ? samples(paletteSize * 3, 8, 99) : undefined,
          });
        }
      }
    }
    for (const spec of specs) {
      it(`colour type ${spec.colorType}, ${spec.depth}-bit${spec.interlaced === true ? ', Adam7' : ''}: stb's 8-bit RGB`, () => {
        const image = decodeImage(encodeTestPng(spec));
        expect([image.width, image.height]).to.deep.equal([spec.width, spec.height]);
        expect([...image.pixels]).to.deep.equal(stbRgb(spec));
      });
    }

    it('the OVMS demo images: RGB as is, the RGBA mask with its alpha dropped (not composited)', () => {
      const cat = readFileSync(join(sharedDataDir, 'cat.png'));
      expect(decodeImage(cat).pixels).to.deep.equal(new Uint8Array(decodePngWithFastPng(cat).data));
      const maskBytes = readFileSync(join(sharedDataDir, 'cat_mask.png'));
      const rgba = decodePngWithFastPng(maskBytes);
      expect(rgba.channels).to.equal(4);
      const mask = decodeImage(maskBytes);
      expect(mask.pixels).to.deep.equal(Uint8Array.from({ length: 512 * 512 * 3 }, (_, i) => rgba.data[Math.floor(i / 3) * 4 + (i % 3)]!));
      expect(readImageHeader(maskBytes)).to.deep.equal({ format: 'PNG', width: 512, height: 512 });
    });
  });

  describe('against Pillow (test/reference/image_oracle.py)', () => {
    let cases: OracleCase[];
    before(async () => { cases = await runPythonJson<OracleCase[]>('image_oracle.py', [], undefined); });

    it('PNG, BMP, GIF (first frame, interlaced too) and PPM/PGM decode to the same pixels', () => {
      const exact = cases.filter((c) => c.exact);
      expect(exact.map((c) => c.format)).to.include.members(['PNG', 'BMP', 'GIF', 'PPM']);
      for (const c of exact) {
        const image = decodeImage(Buffer.from(c.bytes, 'base64'));
        expect([image.width, image.height], c.name).to.deep.equal([c.width, c.height]);
        expect(Buffer.from(image.pixels).toString('base64'), c.name).to.equal(c.rgb);
      }
    });

    it('JPEG (baseline, progressive, 4:2:0, 4:4:4, grey) is close: decoders differ in IDCT and upsampling', () => {
      const jpegs = cases.filter((c) => c.format === 'JPEG');
      expect(jpegs).to.have.length(4);
      // Mean absolute difference per channel value. Full-resolution chroma differs by IDCT rounding only; with
      // subsampled chroma, jpeg-js replicates samples where libjpeg (and stb) interpolate, which shows at edges.
      const bound: Record<string, number> = { 'jpeg 4:4:4': 1, 'jpeg grey': 1, 'jpeg 4:2:0': 6, 'jpeg progressive': 6 };
      for (const c of jpegs) {
        const image = decodeImage(Buffer.from(c.bytes, 'base64'));
        expect([image.width, image.height], c.name).to.deep.equal([c.width, c.height]);
        const expected = Buffer.from(c.rgb, 'base64');
        let total = 0;
        image.pixels.forEach((value, i) => { total += Math.abs(value - expected[i]!); });
        expect(total / image.pixels.length, c.name).to.be.lessThan(bound[c.name]!);
      }
    });
  });

  describe('refusals: INVALID_ARGUMENT, "Image parsing failed: <reason>"', () => {
    const validPng = encodeTestPng(RGB_SPEC);
    const rows: [string, Uint8Array, string][] = [
      ['text sent as the image', Buffer.from('a cat wearing a hat'), UNKNOWN_IMAGE_TYPE],
      ['no bytes', new Uint8Array(0), UNKNOWN_IMAGE_TYPE],
      ['a PNG cut short', validPng.subarray(0, validPng.length - 20), 'truncated PNG'],
      ['a PNG whose pixels stop early', Buffer.concat([PNG_SIGNATURE, ihdr(3, 2, 8, 2), pngChunk('IDAT', deflateSync(new Uint8Array(10))), pngChunk('IEND', new Uint8Array(0))]), 'not enough pixels'],
      ['a PNG without IHDR first', Buffer.concat([PNG_SIGNATURE, pngChunk('IDAT', pngImageData(RGB_SPEC))]), 'first not IHDR'],
      ['a PNG with an unknown critical chunk', Buffer.concat([PNG_SIGNATURE, ihdr(3, 2, 8, 2), pngChunk('QQQQ', new Uint8Array(1))]), 'QQQQ PNG chunk not known'],
      ['a PNG with a 3-bit depth', Buffer.concat([PNG_SIGNATURE, ihdr(3, 2, 3, 2)]), '1/2/4/8/16-bit only'],
      ['a PNG declaring more than stb decodes (2^30 bytes)', Buffer.concat([PNG_SIGNATURE, ihdr(100000, 100000, 8, 2)]), 'too large'],
      ['a PNG of 0 pixels', Buffer.concat([PNG_SIGNATURE, ihdr(0, 5, 8, 2)]), '0-pixel image'],
      ['a palette PNG without PLTE', Buffer.concat([PNG_SIGNATURE, ihdr(1, 1, 8, 3), pngChunk('IDAT', deflateSync(new Uint8Array(2)))]), 'no PLTE'],
      ['a BMP with RLE', bmpHeader(4, 4, 8, 1), 'BMP RLE'],
      ['a PSD', Buffer.from('8BPS\x00\x01', 'latin1'), notSupportedFormat('PSD')],
      ['a Radiance HDR', Buffer.from('#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n', 'latin1'), notSupportedFormat('HDR')],
      ['a TGA', Uint8Array.of(0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 4, 0, 24, 0), notSupportedFormat('TGA')],
      ['a lossless JPEG', Uint8Array.of(0xff, 0xd8, 0xff, 0xc3, 0, 11, 8, 0, 4, 0, 4, 1, 1, 0x11, 0), 'unknown marker 0xC3 (only baseline and progressive 8-bit JPEGs are supported)'],
      ['a 12-bit JPEG', Uint8Array.of(0xff, 0xd8, 0xff, 0xc0, 0, 11, 12, 0, 4, 0, 4, 1, 1, 0x11, 0), 'only 8-bit'],
      ['a GIF without an image', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00\x3b', 'latin1'), 'no image in GIF'],
    ];
    for (const [what, bytes, reason] of rows) {
      it(`${what}: ${reason}`, () => {
        expect(parsingError(bytes).message).to.equal(imageParsingFailed(reason));
      });
    }

    it('names the upload when it is not the image (a mask): unknown type, a bad header and the size limit alike', () => {
      expect(parsingError(Uint8Array.from([1, 2, 3]), undefined, 'mask').message).to.equal(imageParsingFailed(`mask: ${UNKNOWN_IMAGE_TYPE}`));
      expect(parsingError(encodeTestPng(RGB_SPEC), { maxPixels: 5 }, 'mask').message)
        .to.equal(imageParsingFailed(`mask: ${tooManyPixels(3, 2, 5)}`));
      expect(parsingError(encodeTestPng(RGB_SPEC).subarray(0, 20), undefined, 'mask').message).to.match(/^Image parsing failed: mask: /);
    });

    it('corrupt compressed PNG data', () => {
      const corrupt = Uint8Array.from(validPng);
      const idat = Buffer.from(corrupt).indexOf('IDAT') + 4;
      corrupt[idat] = 0x00; // the zlib header's first byte
      expect(parsingError(corrupt).message).to.match(/^Image parsing failed: bad zlib data \(/);
    });

    it('a declared size above the limit, before anything is allocated: PNG, JPEG and GIF headers alone', () => {
      const pngHeaderOnly = Buffer.concat([PNG_SIGNATURE, ihdr(20000, 20000, 8, 0)]);
      const jpegHeaderOnly = Uint8Array.of(0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0xfd, 0xe8, 0xfd, 0xe8, 1, 1, 0x11, 0);
      const gifHeaderOnly = Buffer.from('GIF89a\xff\xff\xff\xff\x00\x00\x00', 'latin1');
      expect(parsingError(pngHeaderOnly).message).to.equal(imageParsingFailed(tooManyPixels(20000, 20000, 8192 * 8192)));
      expect(parsingError(jpegHeaderOnly).message).to.equal(imageParsingFailed(tooManyPixels(65000, 65000, 8192 * 8192)));
      expect(parsingError(gifHeaderOnly).message).to.equal(imageParsingFailed(tooManyPixels(65535, 65535, 8192 * 8192)));
      expect(parsingError(encodeTestPng(RGB_SPEC), { maxPixels: 5 }).message).to.equal(imageParsingFailed(tooManyPixels(3, 2, 5)));
    });
  });
});

/** A BMP file header plus a 40-byte info header (no pixel data). */
function bmpHeader(width: number, height: number, bitsPerPixel: number, compression: number): Uint8Array {
  const bytes = new Uint8Array(54);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, bitsPerPixel, true);
  view.setUint32(30, compression, true);
  return bytes;
}
