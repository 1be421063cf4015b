/**
 * @module calculators/request/image-gen-request-calculator
 * ImageGenRequestCalculator: the first node of an image-generation graph (named "ImageGenExecutor", as OVMS's node,
 * so errors read `Calculator::Process() for node "ImageGenExecutor" failed: <OVMS message>`). It decodes the request
 * payload with OVMS's order and messages, resolves GenAI's generation config for the servable's model (defaults per
 * class, GenAI's checks with the field named), and starts the request's random generator from `rng_seed`.
 * Edits: the image is decoded where OVMS decodes it (right after it is found, before any option is checked), the
 * mode's availability checked (412), then the mask decoded; both leave as RGB images (alpha dropped).
 * It carries OVMS's ImageGenCalculatorOptions, from which the servable was loaded.
 *
 * Ports: input_stream `HTTP_REQUEST_PAYLOAD` (RequestPayload); input_side_packet `PIPELINE` (ImageGenPipeline);
 * output_stream `GENERATION_CONFIG` (GenerationConfig), `GENERATOR` (RandomGenerator: GenAI's CppStdGenerator, the
 * baton every drawing node forwards), `IMAGE` and `MASK` (RgbImage; optional: edits only, the mask inpainting only).
 * Options: mediapipe.ImageGenCalculatorOptions (schemas/proto/ovms/image_gen_calculator.proto), as written.
 *
 *   node {
 *     name: "ImageGenExecutor"
 *     calculator: "ImageGenRequestCalculator"
 *     input_stream: "HTTP_REQUEST_PAYLOAD:input"
 *     input_side_packet: "PIPELINE:pipeline"
 *     output_stream: "GENERATION_CONFIG:generation_config"
 *     output_stream: "GENERATOR:generator"
 *     output_stream: "IMAGE:input_image"
 *     output_stream: "MASK:input_mask"
 *     node_options: {
 *       [type.googleapis.com / mediapipe.ImageGenCalculatorOptions]: { models_path: "./" }
 *     }
 *   }
 */
import {
  defineContract, GraphError, input, optionsType, output, packetType, sideInput, type Calculator, type ContextOf,
} from '../../engine/index.js';
import { decodeImage, DEFAULT_IMAGE_LIMITS } from '../image/image-decoder.js';
import { RGB_IMAGE, type RgbImage } from '../image/rgb-image.js';
import { checkModeAvailable, GENERATION_CONFIG, resolveGenerationConfig } from '../pipeline/generation-config.js';
import { IMAGE_GEN_PIPELINE } from '../pipeline/image-gen-resources.js';
import { CppStdGenerator } from '../random/cpp-std-generator.js';
import { RANDOM_GENERATOR } from '../random/generator-packet.js';
import type { ImageGenCalculatorOptions } from './image-gen-options.js';
import { ImageRequestDecoder } from './image-request-decoder.js';
import type { RequestPayload } from './request-payload.js';

export const REQUEST_PAYLOAD = packetType<RequestPayload>('RequestPayload',
  (value) => typeof value === 'object' && value !== null && typeof (value as RequestPayload).uri === 'string');

/** The options message OVMS's ImageGenCalculator reads; here it is what the servable loader was given. */
export const IMAGE_GEN_CALCULATOR_OPTIONS = optionsType<ImageGenCalculatorOptions>(
  'mediapipe.ImageGenCalculatorOptions', 'ovms/image_gen_calculator.proto', { asWritten: true });

export const IMAGE_NOT_DECODED = 'the edit request reached the pipeline without its decoded image';

export class ImageGenRequestCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { payload: input('HTTP_REQUEST_PAYLOAD', REQUEST_PAYLOAD) },
    side: { pipeline: sideInput('PIPELINE', IMAGE_GEN_PIPELINE) },
    outputs: {
      config: output('GENERATION_CONFIG', GENERATION_CONFIG),
      generator: output('GENERATOR', RANDOM_GENERATOR),
      image: output('IMAGE', RGB_IMAGE).optional(),
      mask: output('MASK', RGB_IMAGE).optional(),
    },
    options: IMAGE_GEN_CALCULATOR_OPTIONS,
  });
  private decoder: ImageRequestDecoder | undefined;

  process(cx: ContextOf<typeof ImageGenRequestCalculator>): void {
    // One decoder per graph instance: it compiles the request schemas once.
    this.decoder ??= new ImageRequestDecoder(cx.side.pipeline.args);
    let image: RgbImage | undefined;
    const request = this.decoder.decode(cx.in.payload, { validateImage: (encoded) => { image = decodeImage(encoded.bytes); } });
    const { model, staticShape } = cx.side.pipeline;
    if (request.mode !== 'text2image' && image === undefined) throw new GraphError('INTERNAL', IMAGE_NOT_DECODED);
    checkModeAvailable(request.mode, model);
    const mask = request.mask === undefined ? undefined : decodeImage(request.mask.bytes, DEFAULT_IMAGE_LIMITS, 'mask');
    const config = resolveGenerationConfig(request, model, image, staticShape);
    cx.out.config.send(config);
    if (image !== undefined) cx.out.image.send(image);
    if (mask !== undefined) cx.out.mask.send(mask);
    // GenAI's update_generation_config: a fresh CppStdGenerator(rng_seed) per generate() call.
    cx.out.generator.send(new CppStdGenerator(config.rngSeed));
  }
}
