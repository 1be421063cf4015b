/**
 * @module calculators/image/image-preprocessor-calculator
 * ImagePreprocessorCalculator: GenAI's edit preprocessing for one request (StableDiffusionPipeline::prepare_latents'
 * image part and DiffusionPipeline::prepare_mask_latents; genai-image-generation.md §5.2, §5.5): the input image
 * resized to the generation size (Pillow-style bicubic) and normalised to [-1, 1]; for inpainting the mask resized the
 * same way, binarised and taken to latent size (nearest), and for a 9-channel UNet the masked image. It emits only the
 * images GenAI VAE-encodes for the request (the start-latent plan), so the encoder nodes downstream draw from the
 * generator exactly when GenAI does. A text-to-image request (no IMAGE packet) passes without output.
 *
 * Ports: input_stream `GENERATION_CONFIG`, `IMAGE` (RgbImage: the decoded input image), `MASK` (RgbImage: the decoded
 * mask, inpainting); input_side_packet `PIPELINE`, `IMAGE_PREPROCESSOR` (the compiled preprocessing models); output_stream
 * `IMAGE` (FloatTensor [1,3,H,W]: the processed image, when it is to be encoded), `MASK` (FloatTensor [1,1,H/f,W/f]:
 * the binary latent-size mask), `MASKED_IMAGE` (FloatTensor [1,3,H,W]: the processed image, 0 where the mask is set;
 * 9-channel UNets only). Each output optional.
 *
 *   node {
 *     name: "ImagePreprocessor"
 *     calculator: "ImagePreprocessorCalculator"
 *     input_stream: "GENERATION_CONFIG:generation_config"
 *     input_stream: "IMAGE:input_image"
 *     input_stream: "MASK:input_mask"
 *     input_side_packet: "PIPELINE:pipeline"
 *     input_side_packet: "IMAGE_PREPROCESSOR:image_preprocessor"
 *     output_stream: "IMAGE:processed_image"
 *     output_stream: "MASK:latent_mask"
 *     output_stream: "MASKED_IMAGE:masked_image"
 *   }
 */
import { defineContract, GraphError, input, output, sideInput, type Calculator, type ContextOf } from '../../engine/index.js';
import { maskedImage } from '../denoise/inpainting-model-input.js';
import { startLatentPlan } from '../denoise/start-latent.js';
import { GENERATION_CONFIG } from '../pipeline/generation-config.js';
import { IMAGE_GEN_PIPELINE, IMAGE_PREPROCESSOR } from '../pipeline/image-gen-resources.js';
import { FLOAT_TENSOR } from '../tensor/float-tensor-packet.js';
import { latentMask } from './latent-mask.js';
import { RGB_IMAGE } from './rgb-image.js';

export const NO_PREPROCESSOR = 'this model has no VAE encoder: it serves text-to-image only';
export const INPAINTING_WITHOUT_MASK = 'an inpainting request reached the preprocessor without its mask';

export class ImagePreprocessorCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: {
      config: input('GENERATION_CONFIG', GENERATION_CONFIG),
      image: input('IMAGE', RGB_IMAGE).optional(),
      mask: input('MASK', RGB_IMAGE).optional(),
    },
    side: { pipeline: sideInput('PIPELINE', IMAGE_GEN_PIPELINE), preprocessor: sideInput('IMAGE_PREPROCESSOR', IMAGE_PREPROCESSOR) },
    outputs: {
      image: output('IMAGE', FLOAT_TENSOR).optional(),
      mask: output('MASK', FLOAT_TENSOR).optional(),
      maskedImage: output('MASKED_IMAGE', FLOAT_TENSOR).optional(),
    },
  });

  async process(cx: ContextOf<typeof ImagePreprocessorCalculator>): Promise<void> {
    const { image, mask } = cx.packet;
    if (image.isEmpty() || cx.packet.config.isEmpty()) return;
    const config = cx.in.config;
    const { model } = cx.side.pipeline;
    const preprocessor = cx.side.preprocessor;
    if (preprocessor === undefined) throw new GraphError('FAILED_PRECONDITION', NO_PREPROCESSOR);
    // 1. prepare_latents: resize to the generation size, then normalise (x / 127.5 - 1).
    const processed = await preprocessor.normalize(await preprocessor.resize(image.value, config.height, config.width));
    if (startLatentPlan(config.mode, config.strength, model.isInpaintingModel).encodesImage) cx.out.image.send(processed);
    if (config.mode !== 'inpainting') return;
    // 2. prepare_mask_latents: the mask resized to the processed image's size, binarised, then nearest to latent size.
    if (mask.isEmpty()) throw new GraphError('INTERNAL', INPAINTING_WITHOUT_MASK);
    const maskCondition = await preprocessor.binarizeMask(await preprocessor.resize(mask.value, config.height, config.width));
    cx.out.mask.send(latentMask(maskCondition, model.vae.vaeScaleFactor));
    // 3. A 9-channel UNet also sees the image with the region to repaint blacked out (encoded by the next VAE node).
    if (model.isInpaintingModel) cx.out.maskedImage.send(maskedImage(processed, maskCondition));
  }
}
