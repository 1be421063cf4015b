/**
 * @module calculators/pipeline/static-shape
 * OVMS's static reshape: with exactly one static `resolution`, the servable's models are reshaped before compiling
 * as GenAI's StableDiffusionPipeline::reshape(N, H, W, guidance_scale) does (reference: genai-image-generation.md §8,
 * ovms-image-generation.md §2.4), and each request must then run with that batch and size.
 */
import { GraphError } from '../../engine/status.js';
import type { DimensionInterval, Model, PortInfo, ReshapeDimension } from '../openvino/index.js';
import type { ImageGenPipelineArgs } from '../request/image-gen-options.js';
import { doClassifierFreeGuidance, unetSizeViolation, type DiffusionModel } from './diffusion-model.js';
import type { GenerationConfig } from './generation-config.js';
import type { ComponentName } from './image-gen-resources.js';

/** The one shape a servable is compiled for. */
export interface StaticShape {
  /** N: the static num_images_per_prompt, or GenAI's ImageGenerationConfig default 1. */
  readonly numImagesPerPrompt: number;
  readonly width: number;
  readonly height: number;
  /** What the reshape used: the static guidance_scale (float32), or GenAI's ImageGenerationConfig default 7.5. */
  readonly guidanceScale: number;
  /** The static guidance_scale when the servable sets one (undefined otherwise): requests without one run with it. */
  readonly configuredGuidanceScale: number | undefined;
  /** GenAI's batch_size_multiplier is 2: the text encoder runs [negative, positive] and the UNet N·2 latents. */
  readonly doClassifierFreeGuidance: boolean;
}

/** GenAI's ImageGenerationConfig defaults, which OVMS's reshape falls back to. */
const GENAI_DEFAULT_NUM_IMAGES = 1;
const GENAI_DEFAULT_GUIDANCE_SCALE = 7.5;
const INT32_MAX = 2 ** 31 - 1;

export const staticBatchOutOfRange = (value: bigint): string =>
  `num_images_per_prompt (static) must be between 1 and ${INT32_MAX}, got ${value}`;
export const staticResolutionNotDivisible = (width: bigint, height: bigint, factor: number): string =>
  `resolution ${width}x${height}: both width and height must be divisible by ${factor} (GenAI's reshape check)`;
export const staticResolutionTooLarge = (width: bigint, height: bigint): string =>
  `resolution ${width}x${height}: width and height must be at most ${INT32_MAX}`;
export const portWithoutName = (component: ComponentName, index: number): string =>
  `${component}: input ${index} has no tensor name, so it cannot be reshaped to the static resolution`;
export const editsNeedStaticBatchOne = (batch: number): string =>
  `image edits need a static num_images_per_prompt of 1 (this servable is reshaped to ${batch}); GenAI encodes the ` +
  'input image with batch 1, which the static VAE encoder refuses';
export const lcmNeedsStaticBatchOne = (batch: number): string =>
  `a Latent Consistency Model needs a static num_images_per_prompt of 1 (this servable is reshaped to ${batch}); ` +
  'GenAI feeds timestep_cond with batch 1, which the static UNet refuses';
export const staticShapeMismatch = (what: string, requested: string, compiled: string): string =>
  `the request's ${what} (${requested}) does not match the static shape the models were compiled for (${compiled})`;

/**
 * The shape a servable is reshaped to, or undefined when it stays dynamic (no static resolution, or several: OVMS
 * then only restricts the requests' sizes). Throws INVALID_ARGUMENT (naming the option) for a shape GenAI's reshape or
 * the compile would refuse.
 */
export function staticShapeOf(args: ImageGenPipelineArgs, model: DiffusionModel): StaticShape | undefined {
  const settings = args.staticReshape;
  const [resolution] = settings?.resolutions ?? [];
  if (settings === undefined || resolution === undefined || settings.resolutions.length !== 1) return undefined;
  const batch = settings.numImagesPerPrompt ?? BigInt(GENAI_DEFAULT_NUM_IMAGES);
  if (batch < 1n || batch > BigInt(INT32_MAX)) throw new GraphError('INVALID_ARGUMENT', staticBatchOutOfRange(batch));
  const { width, height } = resolution;
  if (width > BigInt(INT32_MAX) || height > BigInt(INT32_MAX)) {
    throw new GraphError('INVALID_ARGUMENT', staticResolutionTooLarge(width, height));
  }
  // StableDiffusionPipeline::reshape starts with check_image_size.
  const factor = BigInt(model.vae.vaeScaleFactor);
  if (width % factor !== 0n || height % factor !== 0n) {
    throw new GraphError('INVALID_ARGUMENT', staticResolutionNotDivisible(width, height, model.vae.vaeScaleFactor));
  }
  // Every request would be refused at this size: refuse the servable instead.
  const unetSize = unetSizeViolation(model, Number(width), Number(height));
  if (unetSize !== undefined) throw new GraphError('INVALID_ARGUMENT', `resolution ${width}x${height}: ${unetSize}`);
  const guidanceScale = Math.fround(settings.guidanceScale ?? GENAI_DEFAULT_GUIDANCE_SCALE);
  return Object.freeze({
    numImagesPerPrompt: Number(batch),
    width: Number(width),
    height: Number(height),
    guidanceScale,
    configuredGuidanceScale: settings.guidanceScale,
    doClassifierFreeGuidance: doClassifierFreeGuidance(model, guidanceScale),
  });
}

/**
 * Reshapes one component's model in place, as GenAI's reshape(N, H, W, guidance_scale) (genai-image-generation.md
 * §8), before it is compiled. cfg = 2 with classifier-free guidance, else 1; f = the VAE scale factor.
 * - text_encoder (CLIPTextModel::reshape): input 0 → [cfg, max_position_embeddings];
 * - unet (UNetInference::reshape), by input name: sample [N·cfg, ·, H/f, W/f]; encoder_hidden_states
 *   [N·cfg, max_position_embeddings, ·]; text_embeds, time_ids, timestep_cond [N·cfg, ·]; timestep [1];
 * - vae_decoder (AutoencoderKL::reshape): input 0 → [N, ·, H/f, W/f] (our merged post-processing follows the shape);
 * - vae_encoder: input 0 → [N, ·, H, W].
 * A `·` keeps the axis as the IR has it; a scalar input stays a scalar.
 */
export function reshapeToStaticShape(name: ComponentName, source: Model, model: DiffusionModel, shape: StaticShape): void {
  const cfg = shape.doClassifierFreeGuidance ? 2 : 1;
  const factor = model.vae.vaeScaleFactor;
  const tokens = model.textEncoder.maxPositionEmbeddings;
  const latentHeight = shape.height / factor;
  const latentWidth = shape.width / factor;
  const inputs = source.inputs;
  const shapes: Record<string, readonly ReshapeDimension[]> = {};
  const fix = (port: PortInfo, axes: Readonly<Record<number, number>>): void => {
    const dims = withAxes(port, axes);
    if (dims.length > 0) shapes[port.name] = dims;
  };
  const first = (): PortInfo => {
    const port = inputs[0];
    if (port === undefined || port.name === '') throw new GraphError('FAILED_PRECONDITION', portWithoutName(name, 0));
    return port;
  };
  switch (name) {
    case 'text_encoder':
      fix(first(), { 0: cfg, 1: tokens });
      break;
    case 'unet': {
      const batch = shape.numImagesPerPrompt * cfg;
      for (const port of inputs) {
        switch (port.name) {
          case 'timestep': fix(port, { 0: 1 }); break;
          case 'sample': fix(port, { 0: batch, 2: latentHeight, 3: latentWidth }); break;
          case 'encoder_hidden_states': fix(port, { 0: batch, 1: tokens }); break;
          case 'text_embeds': case 'time_ids': case 'timestep_cond': fix(port, { 0: batch }); break;
          default: // any other input keeps its shape (GenAI passes it unchanged)
        }
      }
      break;
    }
    case 'vae_decoder':
      fix(first(), { 0: shape.numImagesPerPrompt, 2: latentHeight, 3: latentWidth });
      break;
    case 'vae_encoder':
      fix(first(), { 0: shape.numImagesPerPrompt, 2: shape.height, 3: shape.width });
      break;
  }
  source.reshape(shapes);
}

/**
 * What GenAI would feed a model compiled for `shape` with this request, where that differs from the static shape
 * (GenAI then fails inside generate(), and OVMS answers "Error during images generation"); undefined when it fits.
 * OVMS's request checks (request-limits.ts) have already held n, guidance_scale and the size to the static settings.
 */
export function staticShapeViolation(config: GenerationConfig, model: DiffusionModel, shape: StaticShape): string | undefined {
  // AutoencoderKL::encode: the processed image and the masked image go in with batch 1.
  if (config.mode !== 'text2image' && shape.numImagesPerPrompt !== 1) return editsNeedStaticBatchOne(shape.numImagesPerPrompt);
  // compute_hidden_states: timestep_cond is [1, time_cond_proj_dim], not repeated for N.
  if (model.unet.timeCondProjDim >= 0 && shape.numImagesPerPrompt !== 1) return lcmNeedsStaticBatchOne(shape.numImagesPerPrompt);
  if (config.numImagesPerPrompt !== shape.numImagesPerPrompt) {
    return staticShapeMismatch('num_images_per_prompt', String(config.numImagesPerPrompt), String(shape.numImagesPerPrompt));
  }
  if (config.width !== shape.width || config.height !== shape.height) {
    return staticShapeMismatch('size', `${config.width}x${config.height}`, `${shape.width}x${shape.height}`);
  }
  if (config.doClassifierFreeGuidance !== shape.doClassifierFreeGuidance) {
    return staticShapeMismatch('guidance_scale', String(config.guidanceScale), String(shape.guidanceScale));
  }
  return undefined;
}

/** The port's current partial shape with some axes fixed (GenAI edits a copy of get_partial_shape()). */
function withAxes(port: PortInfo, fixed: Readonly<Record<number, number>>): ReshapeDimension[] {
  if (port.isRankDynamic) {
    throw new GraphError('FAILED_PRECONDITION', `input '${port.name}' has a dynamic rank; it cannot be reshaped to a static shape`);
  }
  return port.intervals.map((interval: DimensionInterval, axis: number): ReshapeDimension =>
    fixed[axis] ?? (interval.min === interval.max ? interval.min : interval));
}
