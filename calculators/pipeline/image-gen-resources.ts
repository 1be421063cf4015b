/**
 * @module calculators/pipeline/image-gen-resources
 * What a loaded image-generation servable hands its graph: the pipeline description (OVMS's args and the model's
 * configs) and the per-component resources (tokenizer, compiled models), with a packet type each. Compiled models
 * are shared by every graph instance; calculators create their own infer requests from them.
 */
import { packetType } from '../../engine/index.js';
import type { CompiledModel, OpenVino } from '../openvino/index.js';
import type { ImageGenPipelineArgs } from '../request/image-gen-options.js';
import { ImagePreprocessor } from '../image/image-preprocessor.js';
import { ClipTokenizer } from '../text/clip-tokenizer.js';
import type { DiffusionModel } from './diffusion-model.js';
import type { StaticShape } from './static-shape.js';

export type ComponentName = 'text_encoder' | 'unet' | 'vae_encoder' | 'vae_decoder';

/** One compiled model of the servable and the binding to make its tensors with. */
export interface CompiledComponent {
  readonly name: ComponentName;
  readonly device: string;
  readonly model: CompiledModel;
  readonly openVino: OpenVino;
}

/** The servable as the request-side calculators see it: limits and defaults (OVMS) and model configs (GenAI). */
export interface ImageGenPipeline {
  readonly args: ImageGenPipelineArgs;
  readonly model: DiffusionModel;
  /** The shape the models were compiled for (one static resolution); undefined when they stay dynamic. */
  readonly staticShape?: StaticShape;
}

/** Everything a servable's graph needs, as one value (the graph's `IMAGE_GEN_NODE_RESOURCES` side packet). */
export interface ImageGenResources {
  readonly pipeline: ImageGenPipeline;
  readonly tokenizer: ClipTokenizer;
  readonly textEncoder: CompiledComponent;
  readonly unet: CompiledComponent;
  readonly vaeDecoder: CompiledComponent;
  /** Image-to-image and inpainting only: undefined when the model has no `vae_encoder/` (text-to-image only, as OVMS). */
  readonly vaeEncoder: CompiledComponent | undefined;
  /** GenAI's edit preprocessing models (CPU); undefined when the model serves text-to-image only. */
  readonly imagePreprocessor: ImagePreprocessor | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const componentGuard = (name: ComponentName) => (value: unknown): boolean => isObject(value) && value['name'] === name;

export const IMAGE_GEN_RESOURCES = packetType<ImageGenResources>('ImageGenResources',
  (value) => isObject(value) && isObject(value['pipeline']) && value['tokenizer'] instanceof ClipTokenizer);
export const IMAGE_GEN_PIPELINE = packetType<ImageGenPipeline>('ImageGenPipeline',
  (value) => isObject(value) && isObject(value['args']) && isObject(value['model']));
export const CLIP_TOKENIZER = packetType<ClipTokenizer>('ClipTokenizer', (value) => value instanceof ClipTokenizer);
export const TEXT_ENCODER_MODEL = packetType<CompiledComponent>('TextEncoderModel', componentGuard('text_encoder'));
export const UNET_MODEL = packetType<CompiledComponent>('UNetModel', componentGuard('unet'));
export const VAE_DECODER_MODEL = packetType<CompiledComponent>('VaeDecoderModel', componentGuard('vae_decoder'));
/** The VAE encoder, or undefined for a text-to-image-only model (the side packet is set either way). */
export const VAE_ENCODER_MODEL = packetType<CompiledComponent | undefined>('VaeEncoderModel',
  (value) => value === undefined || componentGuard('vae_encoder')(value));
/** The edit preprocessing models, or undefined for a text-to-image-only model. */
export const IMAGE_PREPROCESSOR = packetType<ImagePreprocessor | undefined>('ImagePreprocessor',
  (value) => value === undefined || value instanceof ImagePreprocessor);
