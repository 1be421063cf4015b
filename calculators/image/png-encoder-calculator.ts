/**
 * @module calculators/image/png-encoder-calculator
 * PngEncoderCalculator: encodes each RGB image as an 8-bit RGB PNG (fast-png), keeping the batch order. Pixels are
 * what count: the file bytes differ from OVMS's stb encoder, the decoded images do not.
 *
 * Ports: input_stream `IMAGES` (RgbImage[]); output_stream `PNGS` (Uint8Array[], one PNG file each).
 *
 *   node {
 *     name: "PngEncoder"
 *     calculator: "PngEncoderCalculator"
 *     input_stream: "IMAGES:images"
 *     output_stream: "PNGS:pngs"
 *   }
 */
import { encode } from 'fast-png';
import { defineContract, input, output, packetType, type Calculator, type ContextOf } from '../../engine/index.js';
import { RGB_IMAGES, type RgbImage } from './rgb-image.js';

/** Encoded PNG files, in batch order. */
export const PNG_FILES = packetType<readonly Uint8Array[]>('PngFiles',
  (value) => Array.isArray(value) && value.every((item) => item instanceof Uint8Array));

/** An 8-bit RGB PNG of `image`. */
export function encodePng(image: RgbImage): Uint8Array {
  return encode({ width: image.width, height: image.height, data: image.pixels, channels: 3, depth: 8 });
}

export class PngEncoderCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { images: input('IMAGES', RGB_IMAGES) },
    outputs: { pngs: output('PNGS', PNG_FILES) },
  });

  process(cx: ContextOf<typeof PngEncoderCalculator>): void {
    cx.out.pngs.send(cx.in.images.map(encodePng));
  }
}
