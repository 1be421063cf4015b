/**
 * @module calculators/request/image-gen-response-calculator
 * ImageGenResponseCalculator: the last node of an image-generation graph. It writes the images endpoint's success
 * body (`{"created":…,"data":[{"b64_json":…}, …]}`, OVMS's layout) from the encoded PNGs, for the HTTP layer (or
 * `pictograph generate`) to send or unpack.
 *
 * Ports: input_stream `PNGS` (Uint8Array[]); output_stream `HTTP_RESPONSE_PAYLOAD` (string).
 *
 *   node {
 *     name: "ImageGenResponse"
 *     calculator: "ImageGenResponseCalculator"
 *     input_stream: "PNGS:pngs"
 *     output_stream: "HTTP_RESPONSE_PAYLOAD:output"
 *   }
 */
import { defineContract, input, output, STRING, type Calculator, type ContextOf } from '../../engine/index.js';
import { PNG_FILES } from '../image/png-encoder-calculator.js';
import { imagesResponseBody, unixSeconds } from './image-generation-response.js';

export class ImageGenResponseCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { pngs: input('PNGS', PNG_FILES) },
    outputs: { body: output('HTTP_RESPONSE_PAYLOAD', STRING) },
  });

  process(cx: ContextOf<typeof ImageGenResponseCalculator>): void {
    cx.out.body.send(imagesResponseBody(cx.in.pngs, unixSeconds(new Date())));
  }
}
