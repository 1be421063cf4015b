/**
 * @module calculators/request/image-gen-request-calculator
 * ImageGenRequestCalculator: the first node of an image-generation graph (named "ImageGenExecutor", as OVMS's node,
 * so errors read `Calculator::Process() for node "ImageGenExecutor" failed: <OVMS message>`). It decodes the request
 * payload with OVMS's order and messages, resolves GenAI's generation config for the servable's model (defaults per
 * class, GenAI's checks with the field named), and starts the request's random generator from `rng_seed`.
 * It carries OVMS's ImageGenCalculatorOptions, from which the servable was loaded.
 *
 * Ports: input_stream `HTTP_REQUEST_PAYLOAD` (RequestPayload); input_side_packet `PIPELINE` (ImageGenPipeline);
 * output_stream `GENERATION_CONFIG` (GenerationConfig), `GENERATOR` (RandomGenerator: GenAI's CppStdGenerator, the
 * baton every drawing node forwards).
 * Options: mediapipe.ImageGenCalculatorOptions (schemas/proto/ovms/image_gen_calculator.proto), as written.
 *
 *   node {
 *     name: "ImageGenExecutor"
 *     calculator: "ImageGenRequestCalculator"
 *     input_stream: "HTTP_REQUEST_PAYLOAD:input"
 *     input_side_packet: "PIPELINE:pipeline"
 *     output_stream: "GENERATION_CONFIG:generation_config"
 *     output_stream: "GENERATOR:generator"
 *     node_options: {
 *       [type.googleapis.com / mediapipe.ImageGenCalculatorOptions]: { models_path: "./" }
 *     }
 *   }
 */
import {
  defineContract, GraphError, input, optionsType, output, packetType, sideInput, type Calculator, type ContextOf,
} from '../../engine/index.js';
import { GENERATION_CONFIG, resolveGenerationConfig } from '../pipeline/generation-config.js';
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

export const EDITS_NOT_SUPPORTED = 'image editing (/v3/images/edits) is not supported by this graph yet';

export class ImageGenRequestCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { payload: input('HTTP_REQUEST_PAYLOAD', REQUEST_PAYLOAD) },
    side: { pipeline: sideInput('PIPELINE', IMAGE_GEN_PIPELINE) },
    outputs: { config: output('GENERATION_CONFIG', GENERATION_CONFIG), generator: output('GENERATOR', RANDOM_GENERATOR) },
    options: IMAGE_GEN_CALCULATOR_OPTIONS,
  });
  private decoder: ImageRequestDecoder | undefined;

  process(cx: ContextOf<typeof ImageGenRequestCalculator>): void {
    // One decoder per graph instance: it compiles the request schemas once.
    this.decoder ??= new ImageRequestDecoder(cx.side.pipeline.args);
    const request = this.decoder.decode(cx.in.payload);
    if (request.mode !== 'text2image') throw new GraphError('UNIMPLEMENTED', EDITS_NOT_SUPPORTED);
    const config = resolveGenerationConfig(request, cx.side.pipeline.model);
    cx.out.config.send(config);
    // GenAI's update_generation_config: a fresh CppStdGenerator(rng_seed) per generate() call.
    cx.out.generator.send(new CppStdGenerator(config.rngSeed));
  }
}
