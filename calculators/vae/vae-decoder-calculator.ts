/**
 * @module calculators/vae/vae-decoder-calculator
 * VaeDecoderCalculator: decodes the final latent into RGB images with the VAE decoder, whose IR already holds GenAI's
 * post-processing (vae-decoder-ir.ts: latent / scaling_factor, then (x·0.5 + 0.5) clamped, ×255, u8, NHWC), so the
 * output is GenAI's image tensor u8 [N, H, W, 3] exactly; it is split into one RgbImage per batch entry.
 *
 * Ports: input_stream `LATENT` (FloatTensor [N, C, h, w]); input_side_packet `VAE_DECODER`; output_stream `IMAGES`
 * (RgbImage[], batch order).
 *
 *   node {
 *     name: "VaeDecoder"
 *     calculator: "VaeDecoderCalculator"
 *     input_stream: "LATENT:denoised_latent"
 *     input_side_packet: "VAE_DECODER:vae_decoder"
 *     output_stream: "IMAGES:images"
 *   }
 */
import { defineContract, GraphError, input, output, sideInput, type Calculator, type ContextOf } from '../../engine/index.js';
import { RGB_IMAGES, type RgbImage } from '../image/rgb-image.js';
import { VAE_DECODER_MODEL } from '../pipeline/image-gen-resources.js';
import { InferRequestSlot } from '../pipeline/infer-request-slot.js';
import { FLOAT_TENSOR } from '../tensor/float-tensor-packet.js';

export class VaeDecoderCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { latent: input('LATENT', FLOAT_TENSOR) },
    side: { decoder: sideInput('VAE_DECODER', VAE_DECODER_MODEL) },
    outputs: { images: output('IMAGES', RGB_IMAGES) },
  });
  private readonly request = new InferRequestSlot();

  open(cx: ContextOf<typeof VaeDecoderCalculator>): void {
    this.request.open(cx.side.decoder);
  }

  async process(cx: ContextOf<typeof VaeDecoderCalculator>): Promise<void> {
    const request = this.request.get();
    const latent = cx.in.latent;
    const input = cx.side.decoder.openVino.tensor('f32', latent.shape, latent.data);
    request.setInputTensor(0, input);
    input.dispose();
    await request.infer();
    const output = request.getOutputTensor(0);
    const [count, height, width, channels] = output.shape;
    if (output.elementType !== 'u8' || output.shape.length !== 4 || channels !== 3 || count === undefined
      || height === undefined || width === undefined) {
      throw new GraphError('INTERNAL', `the VAE decoder gave ${output.elementType} [${output.shape.join(',')}], expected u8 [N,H,W,3]`);
    }
    const pixels = output.data as Uint8Array;
    const size = height * width * 3;
    const images: RgbImage[] = [];
    for (let i = 0; i < count; i++) images.push({ width, height, pixels: pixels.slice(i * size, (i + 1) * size) });
    output.dispose();
    cx.out.images.send(images);
  }

  close(): void {
    this.request.close();
  }
}
