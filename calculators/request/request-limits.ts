/**
 * @module calculators/request/request-limits
 * The per-request limits and defaults a servable imposes (OVMS's ensureAcceptableAndDefaultsSetRequestOptions and
 * ensureAcceptableForStatic), in OVMS's order, on the options read from a request.
 */
import type { ImageGenPipelineArgs } from './image-gen-options.js';
import {
  NPU_GUIDANCE_SCALE_MISMATCH, NPU_HEIGHT_MISSING, NPU_NUM_IMAGES_MISMATCH, NPU_WIDTH_MISSING, NUM_IMAGES_NOT_POSITIVE,
  STEPS_NOT_POSITIVE, STRENGTH_ABOVE_MAX, STRENGTH_BELOW_MIN, aboveInt32, notPositive, npuResolutionNotSupported,
  numImagesAboveMax, stepsAboveMax,
} from './request-messages.js';

/** The numeric generation options of a request, typed as OVMS stores them in its ov::AnyMap. */
export interface NumericOptions {
  /** int64 (from `size` or `width`). */
  readonly width?: bigint;
  readonly height?: bigint;
  /** int (from `n` or `num_images_per_prompt`). */
  readonly numImagesPerPrompt?: number;
  /** size_t. */
  readonly numInferenceSteps?: bigint;
  /** float32. */
  readonly guidanceScale?: number;
  readonly strength?: number;
}

/** GenAI's ImageGenerationConfig defaults that static shapes are compared with. */
const GENAI_DEFAULT_NUM_IMAGES = 1n;
const GENAI_DEFAULT_GUIDANCE_SCALE = 7.5;
const INT32_MAX = 2n ** 31n - 1n;

/** C++ converts an int compared with a uint64_t to uint64_t: a negative count wraps to a huge one. */
function asUint64(value: number): bigint {
  return BigInt.asUintN(64, BigInt(value));
}

/** Missing width/height filled from the servable's default resolution (done before OVMS's whitelist check). */
export function withDefaultResolution<T extends NumericOptions>(options: T, args: ImageGenPipelineArgs): T {
  const defaults = args.defaultResolution;
  if (defaults === undefined) return options;
  return { ...options, width: options.width ?? defaults.width, height: options.height ?? defaults.height };
}

/** The first limit the options break, as OVMS words it; undefined when they are acceptable. */
export function limitViolation(options: NumericOptions, args: ImageGenPipelineArgs): string | undefined {
  if (args.staticReshape !== undefined) {
    const statics = args.staticReshape;
    if (options.numImagesPerPrompt !== undefined
      && asUint64(options.numImagesPerPrompt) !== (statics.numImagesPerPrompt ?? GENAI_DEFAULT_NUM_IMAGES)) {
      return NPU_NUM_IMAGES_MISMATCH;
    }
    if (options.guidanceScale !== undefined
      && options.guidanceScale !== (statics.guidanceScale ?? GENAI_DEFAULT_GUIDANCE_SCALE)) {
      return NPU_GUIDANCE_SCALE_MISMATCH;
    }
    const { width, height } = options;
    if (width !== undefined && height !== undefined) {
      if (!statics.resolutions.some((r) => r.width === width && r.height === height)) {
        return npuResolutionNotSupported(width, height);
      }
    } else if (width !== undefined) {
      return NPU_HEIGHT_MISSING;
    } else if (height !== undefined) {
      return NPU_WIDTH_MISSING;
    }
  }
  if (options.numImagesPerPrompt !== undefined) {
    if (asUint64(options.numImagesPerPrompt) > args.maxNumImagesPerPrompt) return numImagesAboveMax(args.maxNumImagesPerPrompt);
    if (options.numImagesPerPrompt <= 0) return NUM_IMAGES_NOT_POSITIVE;
  }
  if (options.numInferenceSteps !== undefined) {
    if (options.numInferenceSteps > args.maxNumInferenceSteps) return stepsAboveMax(args.maxNumInferenceSteps);
    if (options.numInferenceSteps <= 0n) return STEPS_NOT_POSITIVE;
  }
  for (const field of ['width', 'height'] as const) {
    const value = options[field];
    if (value === undefined) continue;
    if (value > INT32_MAX) return aboveInt32(field);
    if (value <= 0n) return notPositive(field);
  }
  if (options.strength !== undefined) {
    if (options.strength > 1) return STRENGTH_ABOVE_MAX;
    if (options.strength < 0) return STRENGTH_BELOW_MIN;
  }
  return undefined;
}

/** The step count a request runs: its own, or the servable's default. */
export function inferenceSteps(options: NumericOptions, args: ImageGenPipelineArgs): bigint {
  return options.numInferenceSteps ?? args.defaultNumInferenceSteps;
}
