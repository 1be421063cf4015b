/**
 * @module calculators/pipeline/generation-config
 * GenAI's ImageGenerationConfig for one request: the decoded request with the model's per-class defaults filled in
 * and GenAI's checks applied in GenAI's order (update_generation_config → validate(), then generate()'s size and
 * check_inputs). DEVIATION: where GenAI throws a bare exception (OVMS then answers "Error during images
 * generation"), we answer INVALID_ARGUMENT with a message naming the field.
 */
import { GraphError } from '../../engine/status.js';
import { packetType } from '../../engine/graph/packet-type.js';
import type { GenerationMode, ImageGenerationRequest } from '../request/image-generation-request.js';
import { doClassifierFreeGuidance, unetSizeViolation, type DiffusionModel } from './diffusion-model.js';
import { staticShapeViolation, type StaticShape } from './static-shape.js';

/** GenAI's default `rng_seed`. */
export const DEFAULT_RNG_SEED = 42n;

/** Everything a generation runs with; numbers as GenAI holds them (guidance and strength in float32). */
export interface GenerationConfig {
  /** Which of GenAI's pipelines runs: Text2Image, Image2Image (an image, no mask) or Inpainting (image and mask). */
  readonly mode: GenerationMode;
  readonly prompt: string;
  /** Undefined when the request sent none (GenAI's std::nullopt; the text encoder then encodes ""). */
  readonly negativePrompt?: string;
  readonly width: number;
  readonly height: number;
  readonly numImagesPerPrompt: number;
  readonly numInferenceSteps: number;
  readonly guidanceScale: number;
  readonly strength: number;
  /** As sent (up to 2^64 - 1); the generator narrows it to uint32. */
  readonly rngSeed: bigint;
  /** GenAI's CFG rule: guidance_scale > 1 and the UNet has no time_cond_proj_dim. */
  readonly doClassifierFreeGuidance: boolean;
}

export const GENERATION_CONFIG = packetType<GenerationConfig>('GenerationConfig',
  (value) => typeof value === 'object' && value !== null && 'numInferenceSteps' in value);

/** Width and height in pixels. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

// Messages: OVMS's for a missing pipeline; GenAI's wording where it has one, with the request field named.
export const TEXT2IMAGE_NOT_AVAILABLE = 'Text-to-image pipeline is not available for this model';
export const IMAGE2IMAGE_NOT_AVAILABLE = 'Image-to-image pipeline is not available for this model';
export const INPAINTING_NOT_AVAILABLE = 'Inpainting pipeline is not available for this model';
export const negativePromptWithoutGuidance = (field: string): string =>
  `${field} is not used when guidance_scale <= 1.0 (GenAI: "Guidance scale <= 1.0 ignores negative prompt")`;
export const sizeNotDivisible = (factor: number, width: number, height: number): string =>
  `width and height must be divisible by ${factor} (got ${width}x${height})`;
export const imageTooSmall = (image: Size, factor: number): string =>
  `the image (${image.width}x${image.height}) must be at least ${factor} pixels wide and high, or width and height must be given`;
export const fieldNotUsedBy = (field: string, pipeline: string): string => `${field} is not used by ${pipeline}`;
export const strengthNotOne = (strength: number): string =>
  `strength must be 1.0 for text-to-image generation (got ${strength})`;
export const positiveInteger = (field: string, value: number): string =>
  `${field} must be a positive integer (got ${value})`;
export const inpaintingOneImage = (count: number): string =>
  `num_images_per_prompt must be 1 for inpainting with a 4-channel UNet (got ${count}; GenAI blends one image latent per step)`;

const NOT_AVAILABLE: Readonly<Record<GenerationMode, string>> = {
  text2image: TEXT2IMAGE_NOT_AVAILABLE, image2image: IMAGE2IMAGE_NOT_AVAILABLE, inpainting: INPAINTING_NOT_AVAILABLE,
};

/** OVMS's FAILED_PRECONDITION (412) when the servable has no pipeline for `mode` (e.g. a dedicated inpainting model). */
export function checkModeAvailable(mode: GenerationMode, model: DiffusionModel): void {
  if (!model.modes.includes(mode)) throw new GraphError('FAILED_PRECONDITION', NOT_AVAILABLE[mode]);
}

/**
 * The GenerationConfig of a request on `model`; throws GraphError on what OVMS or GenAI would refuse. `image` is
 * the decoded input image's size (edits: image-to-image sizes itself from it); `staticShape` the shape the models
 * were compiled for, if static.
 */
export function resolveGenerationConfig(request: ImageGenerationRequest, model: DiffusionModel, image?: Size,
  staticShape?: StaticShape): GenerationConfig {
  checkModeAvailable(request.mode, model);
  const { defaults } = model;
  // DEVIATION: OVMS derives its Text2ImagePipeline from the reshaped inpainting one, and GenAI's derived pipelines
  // start from the class defaults, so a request without n or guidance_scale runs with 1 and 7.5 (8.5 for LCM): a
  // static batch above 1 then fails in GenAI, and a static guidance is ignored. We default to the static values, as
  // GenAI's own Text2ImagePipeline::reshape does; an unset static guidance keeps the model's default, as in OVMS.
  const guidanceScale = Math.fround(request.guidanceScale ?? staticShape?.configuredGuidanceScale ?? defaults.guidanceScale);
  // initialize_generation_config: the Image2Image pipeline has its own default strength.
  const defaultStrength = request.mode === 'image2image' ? defaults.image2imageStrength : defaults.strength;
  const size = generationSize(request, model, image);
  const config: GenerationConfig = {
    mode: request.mode,
    prompt: request.prompt,
    negativePrompt: request.negativePrompt,
    width: size.width,
    height: size.height,
    numImagesPerPrompt: request.numImagesPerPrompt ?? staticShape?.numImagesPerPrompt ?? 1,
    numInferenceSteps: request.numInferenceSteps ?? defaults.numInferenceSteps,
    guidanceScale,
    strength: Math.fround(request.strength ?? defaultStrength),
    rngSeed: request.rngSeed ?? DEFAULT_RNG_SEED,
    doClassifierFreeGuidance: doClassifierFreeGuidance(model, guidanceScale),
  };

  // 1. ImageGenerationConfig::validate().
  for (const field of ['negativePrompt', 'negativePrompt2', 'negativePrompt3'] as const) {
    if (!(guidanceScale > 1) && request[field] !== undefined) invalid(negativePromptWithoutGuidance(WIRE_NAMES[field]));
  }
  // 2. Counts GenAI takes as size_t (the request decoder has checked them already when they come from OVMS's paths).
  if (!Number.isSafeInteger(config.numImagesPerPrompt) || config.numImagesPerPrompt < 1) {
    invalid(positiveInteger('num_images_per_prompt', config.numImagesPerPrompt));
  }
  if (!Number.isSafeInteger(config.numInferenceSteps) || config.numInferenceSteps < 1) {
    invalid(positiveInteger('num_inference_steps', config.numInferenceSteps));
  }
  // 3. StableDiffusionPipeline::check_inputs, in its order.
  const factor = model.vae.vaeScaleFactor;
  if (config.width % factor !== 0 || config.height % factor !== 0 || config.width < 1 || config.height < 1) {
    invalid(sizeNotDivisible(factor, config.width, config.height));
  }
  const unetSize = unetSizeViolation(model, config.width, config.height);
  if (unetSize !== undefined) invalid(unetSize);
  const pipelineName = model.isLcm ? 'Latent Consistency Model' : 'Stable Diffusion';
  if (request.prompt2 !== undefined) invalid(fieldNotUsedBy('prompt_2', pipelineName));
  if (request.prompt3 !== undefined) invalid(fieldNotUsedBy('prompt_3', pipelineName));
  if (model.isLcm && request.negativePrompt !== undefined) invalid(fieldNotUsedBy('negative_prompt', pipelineName));
  if (request.negativePrompt2 !== undefined) invalid(fieldNotUsedBy('negative_prompt_2', pipelineName));
  if (request.negativePrompt3 !== undefined) invalid(fieldNotUsedBy('negative_prompt_3', pipelineName));
  // Edits: the request decoder has checked strength in [0, 1] with OVMS's messages.
  if (config.mode === 'text2image' && config.strength !== 1) invalid(strengthNotOne(config.strength));
  // 4. DEVIATION: GenAI's blend_latents asserts one image latent per step ("Shapes for current [2,4,h,w] and initial
  // image latents [1,4,h,w] must match") only after encoding; we refuse before any work, naming the field.
  if (config.mode === 'inpainting' && !model.isInpaintingModel && config.numImagesPerPrompt !== 1) {
    invalid(inpaintingOneImage(config.numImagesPerPrompt));
  }
  // 5. DEVIATION: where a stage would feed a static model another batch or size, GenAI fails inside generate(); we
  // refuse before any work, saying which.
  const violation = staticShape === undefined ? undefined : staticShapeViolation(config, model, staticShape);
  if (violation !== undefined) invalid(violation);
  return Object.freeze(config);
}

/**
 * GenAI's output size (initialize_generation_config, compute_dim): a side the request gives is kept; otherwise
 * image-to-image takes the input image's side rounded down to a multiple of the VAE scale factor (the image is then
 * resized, not cropped), text-to-image and inpainting take unet.sample_size · vae_scale_factor (an inpainting image
 * is resized to it).
 */
function generationSize(request: ImageGenerationRequest, model: DiffusionModel, image: Size | undefined): Size {
  const factor = model.vae.vaeScaleFactor;
  const side = (requested: number | undefined, imageSide: number | undefined, fallback: number): number => {
    if (requested !== undefined) return requested;
    if (request.mode === 'image2image' && imageSide !== undefined) return imageSide - (imageSide % factor);
    return fallback;
  };
  const size = {
    width: side(request.width, image?.width, model.defaults.width),
    height: side(request.height, image?.height, model.defaults.height),
  };
  // DEVIATION: GenAI goes on with a 0-pixel side (an image smaller than the scale factor) and fails in the UNet.
  if ((size.width === 0 || size.height === 0) && image !== undefined) invalid(imageTooSmall(image, factor));
  return size;
}

const WIRE_NAMES = {
  negativePrompt: 'negative_prompt',
  negativePrompt2: 'negative_prompt_2',
  negativePrompt3: 'negative_prompt_3',
} as const;

function invalid(message: string): never {
  throw new GraphError('INVALID_ARGUMENT', message);
}
