/**
 * @module calculators/pipeline/generation-config
 * GenAI's ImageGenerationConfig for one request: the decoded request with the model's per-class defaults filled in
 * and GenAI's checks applied in GenAI's order (update_generation_config → validate(), then generate()'s size and
 * check_inputs). DEVIATION: where GenAI throws a bare exception (OVMS then answers "Error during images
 * generation"), we answer INVALID_ARGUMENT with a message naming the field.
 */
import { GraphError } from '../../engine/status.js';
import { packetType } from '../../engine/graph/packet-type.js';
import type { ImageGenerationRequest } from '../request/image-generation-request.js';
import { doClassifierFreeGuidance, type DiffusionModel } from './diffusion-model.js';

/** GenAI's default `rng_seed`. */
export const DEFAULT_RNG_SEED = 42n;

/** Everything a text-to-image generation runs with; numbers as GenAI holds them (guidance and strength in float32). */
export interface GenerationConfig {
  readonly mode: 'text2image';
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

// Messages (GenAI's wording where it has one, with the request field named).
export const EDITS_NOT_SUPPORTED = 'image editing (/v3/images/edits) is not supported by this graph yet';
export const TEXT2IMAGE_NOT_AVAILABLE = 'Text-to-image pipeline is not available for this model';
export const negativePromptWithoutGuidance = (field: string): string =>
  `${field} is not used when guidance_scale <= 1.0 (GenAI: "Guidance scale <= 1.0 ignores negative prompt")`;
export const sizeNotDivisible = (factor: number, width: number, height: number): string =>
  `width and height must be divisible by ${factor} (got ${width}x${height})`;
export const fieldNotUsedBy = (field: string, pipeline: string): string => `${field} is not used by ${pipeline}`;
export const strengthNotOne = (strength: number): string =>
  `strength must be 1.0 for text-to-image generation (got ${strength})`;
export const positiveInteger = (field: string, value: number): string =>
  `${field} must be a positive integer (got ${value})`;

/** The GenerationConfig of a text-to-image request on `model`; throws GraphError on what GenAI would refuse. */
export function resolveGenerationConfig(request: ImageGenerationRequest, model: DiffusionModel): GenerationConfig {
  if (request.mode !== 'text2image') throw new GraphError('UNIMPLEMENTED', EDITS_NOT_SUPPORTED);
  if (!model.modes.includes('text2image')) throw new GraphError('FAILED_PRECONDITION', TEXT2IMAGE_NOT_AVAILABLE);
  const { defaults } = model;
  const guidanceScale = Math.fround(request.guidanceScale ?? defaults.guidanceScale);
  const config: GenerationConfig = {
    mode: 'text2image',
    prompt: request.prompt,
    negativePrompt: request.negativePrompt,
    width: request.width ?? defaults.width,
    height: request.height ?? defaults.height,
    numImagesPerPrompt: request.numImagesPerPrompt ?? 1,
    numInferenceSteps: request.numInferenceSteps ?? defaults.numInferenceSteps,
    guidanceScale,
    strength: Math.fround(request.strength ?? defaults.strength),
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
  const pipelineName = model.isLcm ? 'Latent Consistency Model' : 'Stable Diffusion';
  if (request.prompt2 !== undefined) invalid(fieldNotUsedBy('prompt_2', pipelineName));
  if (request.prompt3 !== undefined) invalid(fieldNotUsedBy('prompt_3', pipelineName));
  if (model.isLcm && request.negativePrompt !== undefined) invalid(fieldNotUsedBy('negative_prompt', pipelineName));
  if (request.negativePrompt2 !== undefined) invalid(fieldNotUsedBy('negative_prompt_2', pipelineName));
  if (request.negativePrompt3 !== undefined) invalid(fieldNotUsedBy('negative_prompt_3', pipelineName));
  if (config.strength !== 1) invalid(strengthNotOne(config.strength));
  return Object.freeze(config);
}

const WIRE_NAMES = {
  negativePrompt: 'negative_prompt',
  negativePrompt2: 'negative_prompt_2',
  negativePrompt3: 'negative_prompt_3',
} as const;

function invalid(message: string): never {
  throw new GraphError('INVALID_ARGUMENT', message);
}
