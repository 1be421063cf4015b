/**
 * @module calculators/vae/vae-encoder-calculator
 * VaeEncoderCalculator: an image into its latent with the VAE encoder, sampled with the request's generator (GenAI's
 * AutoencoderKL::encode(image, generator); genai-image-generation.md §5.3), which it then forwards (the baton of
 * calculators/random/generator-packet.ts). The graph holds two: the input image's encode before the initial noise is
 * drawn, the masked image's after it (§4.3). Without an IMAGE packet at the timestamp (nothing to encode for this
 * request) it forwards the generator untouched.
 *
 * Ports: input_stream `IMAGE` (FloatTensor [1,3,H,W] in [-1, 1]), `GENERATOR`; input_side_packet `VAE_ENCODER` (the
 * compiled encoder; undefined for a text-to-image-only model), `PIPELINE` (scaling_factor and shift_factor);
 * output_stream `LATENT` (FloatTensor [1,C,H/f,W/f]), `GENERATOR` (the same generator, after the draws).
 *
 *   node {
 *     name: "ImageEncoder"
 *     calculator: "VaeEncoderCalculator"
 *     input_stream: "IMAGE:processed_image"
 *     input_stream: "GENERATOR:generator"
 *     input_side_packet: "VAE_ENCODER:vae_encoder"
 *     input_side_packet: "PIPELINE:pipeline"
 *     output_stream: "LATENT:image_latent"
 *     output_stream: "GENERATOR:encoded_generator"
 *   }
 */
import { defineContract, GraphError, input, output, sideInput, type Calculator, type ContextOf } from '../../engine/index.js';
import { IMAGE_GEN_PIPELINE, VAE_ENCODER_MODEL } from '../pipeline/image-gen-resources.js';
import { InferRequestSlot } from '../pipeline/infer-request-slot.js';
import { RANDOM_GENERATOR } from '../random/generator-packet.js';
import { FLOAT_TENSOR } from '../tensor/float-tensor-packet.js';
import { VaeEncoder } from './vae-encoder.js';

export const NO_VAE_ENCODER = 'this model has no VAE encoder (vae_encoder/): it serves text-to-image only';

export class VaeEncoderCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { image: input('IMAGE', FLOAT_TENSOR).optional(), generator: input('GENERATOR', RANDOM_GENERATOR) },
    side: { encoder: sideInput('VAE_ENCODER', VAE_ENCODER_MODEL), pipeline: sideInput('PIPELINE', IMAGE_GEN_PIPELINE) },
    outputs: { latent: output('LATENT', FLOAT_TENSOR), generator: output('GENERATOR', RANDOM_GENERATOR) },
  });
  private readonly request = new InferRequestSlot();
  private encoder: VaeEncoder | undefined;

  open(cx: ContextOf<typeof VaeEncoderCalculator>): void {
    const component = cx.side.encoder;
    if (component === undefined) return;
    const { vae } = cx.side.pipeline.model;
    this.encoder = new VaeEncoder(component.openVino, component.model, { scalingFactor: vae.scalingFactor, shiftFactor: vae.shiftFactor });
    this.request.open(component);
  }

  async process(cx: ContextOf<typeof VaeEncoderCalculator>): Promise<void> {
    if (cx.packet.generator.isEmpty()) return;
    const generator = cx.in.generator;
    const image = cx.packet.image;
    if (!image.isEmpty()) {
      if (this.encoder === undefined) throw new GraphError('FAILED_PRECONDITION', NO_VAE_ENCODER);
      cx.out.latent.send(await this.encoder.encode(this.request.get(), image.value, generator));
    }
    cx.out.generator.send(generator);
  }

  close(): void {
    this.request.close();
  }
}
