/**
 * @module calculators/pipeline/image-gen-resources-calculator
 * ImageGenResourcesCalculator: unpacks a servable's resources (OVMS's `IMAGE_GEN_NODE_RESOURCES` side packet, so an
 * OVMS graph's `pipes` can feed it unchanged) into one side packet per component, which the stage calculators take.
 * It has no streams: it sets its side packets in open() and is never processed.
 *
 * Ports: input_side_packet `IMAGE_GEN_NODE_RESOURCES` (ImageGenResources); output_side_packet `PIPELINE`
 * (ImageGenPipeline), `TOKENIZER` (ClipTokenizer), `TEXT_ENCODER`, `UNET`, `VAE_DECODER`, `VAE_ENCODER` (compiled
 * models; the encoder undefined for a model without one), `IMAGE_PREPROCESSOR` (GenAI's edit preprocessing models,
 * undefined likewise); each output optional.
 *
 *   node {
 *     name: "ImageGenResources"
 *     calculator: "ImageGenResourcesCalculator"
 *     input_side_packet: "IMAGE_GEN_NODE_RESOURCES:pipes"
 *     output_side_packet: "PIPELINE:pipeline"
 *     output_side_packet: "TOKENIZER:tokenizer"
 *     output_side_packet: "TEXT_ENCODER:text_encoder"
 *     output_side_packet: "UNET:unet"
 *     output_side_packet: "VAE_DECODER:vae_decoder"
 *     output_side_packet: "VAE_ENCODER:vae_encoder"
 *     output_side_packet: "IMAGE_PREPROCESSOR:image_preprocessor"
 *   }
 */
import { defineContract, sideInput, sideOutput, type Calculator, type ContextOf } from '../../engine/index.js';
import {
  CLIP_TOKENIZER, IMAGE_GEN_PIPELINE, IMAGE_GEN_RESOURCES, IMAGE_PREPROCESSOR, TEXT_ENCODER_MODEL, UNET_MODEL, VAE_DECODER_MODEL,
  VAE_ENCODER_MODEL,
} from './image-gen-resources.js';

export class ImageGenResourcesCalculator implements Calculator {
  static readonly contract = defineContract({
    side: { resources: sideInput('IMAGE_GEN_NODE_RESOURCES', IMAGE_GEN_RESOURCES) },
    sideOutputs: {
      pipeline: sideOutput('PIPELINE', IMAGE_GEN_PIPELINE).optional(),
      tokenizer: sideOutput('TOKENIZER', CLIP_TOKENIZER).optional(),
      textEncoder: sideOutput('TEXT_ENCODER', TEXT_ENCODER_MODEL).optional(),
      unet: sideOutput('UNET', UNET_MODEL).optional(),
      vaeDecoder: sideOutput('VAE_DECODER', VAE_DECODER_MODEL).optional(),
      vaeEncoder: sideOutput('VAE_ENCODER', VAE_ENCODER_MODEL).optional(),
      imagePreprocessor: sideOutput('IMAGE_PREPROCESSOR', IMAGE_PREPROCESSOR).optional(),
    },
  });

  open(cx: ContextOf<typeof ImageGenResourcesCalculator>): void {
    const resources = cx.side.resources;
    cx.sideOut.pipeline.set(resources.pipeline);
    cx.sideOut.tokenizer.set(resources.tokenizer);
    cx.sideOut.textEncoder.set(resources.textEncoder);
    cx.sideOut.unet.set(resources.unet);
    cx.sideOut.vaeDecoder.set(resources.vaeDecoder);
    cx.sideOut.vaeEncoder.set(resources.vaeEncoder);
    cx.sideOut.imagePreprocessor.set(resources.imagePreprocessor);
  }

  process(): void {
    // No input streams and no outputs: never scheduled.
  }
}
