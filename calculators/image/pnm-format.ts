/**
 * @module calculators/image/pnm-format
 * Binary PGM/PPM (`P5`/`P6`) as stb_image reads them (stbi__pnm_info/load): whitespace and `#` comments between the
 * header fields, one whitespace byte before the samples, no rescaling by the declared maximum value; 16-bit files
 * (maximum above 255) keep the byte stb keeps (it reads big-endian samples as native little-endian words and takes
 * their high byte, i.e. the sample's second byte).
 */
import { ByteReader } from './byte-reader.js';
import { ImageFormatError, MAX_IMAGE_SIDE, type ImageFormat } from './image-format.js';
import { rgbImage, type RgbImage } from './rgb-image.js';

interface PnmLayout {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly bytesPerSample: 1 | 2;
  readonly dataOffset: number;
}

const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

function readLayout(bytes: Uint8Array): PnmLayout {
  const reader = new ByteReader(bytes, 'PNM');
  reader.skip(1);
  const channels = reader.u8() === 0x36 ? 3 : 1;
  let c = reader.u8();
  const skipSpace = (): void => {
    for (;;) {
      while (isSpace(c)) c = reader.u8();
      if (c !== 0x23) return;
      while (c !== 0x0a && c !== 0x0d) c = reader.u8();
    }
  };
  const integer = (): number => {
    let value = 0;
    while (isDigit(c)) {
      value = value * 10 + (c - 0x30);
      if (value > 0x7fffffff) throw new ImageFormatError('integer parse overflow');
      c = reader.u8();
    }
    return value;
  };
  skipSpace();
  const width = integer();
  if (width === 0) throw new ImageFormatError('invalid width');
  skipSpace();
  const height = integer();
  if (height === 0) throw new ImageFormatError('invalid width'); // sic: stb's text for both sides
  skipSpace();
  const maxValue = integer();
  if (maxValue > 65535) throw new ImageFormatError('max value > 65535');
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) throw new ImageFormatError('too large');
  // The byte after the maximum (a whitespace) was consumed by the integer scan, as in stb.
  return { width, height, channels, bytesPerSample: maxValue > 255 ? 2 : 1, dataOffset: reader.offset };
}

function decode(bytes: Uint8Array): RgbImage {
  const layout = readLayout(bytes);
  const reader = new ByteReader(bytes, 'PNM', layout.dataOffset);
  const samples = reader.take(layout.width * layout.height * layout.channels * layout.bytesPerSample);
  const image = rgbImage(layout.width, layout.height);
  for (let pixel = 0; pixel < layout.width * layout.height; pixel++) {
    for (let c = 0; c < 3; c++) {
      const sample = pixel * layout.channels + (layout.channels === 3 ? c : 0);
      image.pixels[pixel * 3 + c] = samples[sample * layout.bytesPerSample + layout.bytesPerSample - 1]!;
    }
  }
  return image;
}

export const PNM_FORMAT: ImageFormat = {
  name: 'PNM',
  matches: (bytes) => bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x36),
  readHeader: (bytes) => {
    const { width, height } = readLayout(bytes);
    return { width, height };
  },
  decode,
};
