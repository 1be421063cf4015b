/**
 * @module bin/serve/image-generation-task
 * The `--task image_generation` flags (OVMS's ImageGenerationGraphCLIParser) and the options they give the graph
 * generated in memory: one ImageGenCalculator node over the model directory.
 */
import { FlagValues, parseFlags, usage, type FlagTable } from './flag-parser.js';
import { parseLoraSources, type CompositeLoraSource, type LoraSource } from './lora-sources.js';
import { INVALID_DEFAULT_RESOLUTION, INVALID_MAX_RESOLUTION, mustBePositive, taskUnmatchedArguments } from './messages.js';

export const IMAGE_GENERATION_TASK = 'image_generation';

export const IMAGE_GENERATION_FLAGS: FlagTable = {
  resolution: { kind: 'string', placeholder: 'RESOLUTION', help: 'Allowed resolutions, space-separated WxH; one makes the pipeline static' },
  max_resolution: { kind: 'string', placeholder: 'MAX_RESOLUTION', help: 'Max allowed resolution, WxH' },
  default_resolution: { kind: 'string', placeholder: 'DEFAULT_RESOLUTION', help: 'Resolution when the client sends none, WxH' },
  num_images_per_prompt: { kind: 'uint32', placeholder: 'NUM_IMAGES_PER_PROMPT', help: 'Static batch (needs one --resolution)' },
  guidance_scale: { kind: 'float', placeholder: 'GUIDANCE_SCALE', help: 'Static guidance scale (needs one --resolution)' },
  max_num_images_per_prompt: { kind: 'uint32', placeholder: 'MAX_NUM_IMAGES_PER_PROMPT', help: 'Max images a client may request per prompt' },
  default_num_inference_steps: { kind: 'uint32', placeholder: 'DEFAULT_NUM_INFERENCE_STEPS', help: 'Steps when the client sends none' },
  max_num_inference_steps: { kind: 'uint32', placeholder: 'MAX_NUM_INFERENCE_STEPS', help: 'Max steps a client may request' },
  num_streams: { kind: 'uint32', placeholder: 'NUM_STREAMS', help: 'Parallel execution streams (plugin_config NUM_STREAMS)' },
};

/** The parts OVMS assembles the generated graph's plugin_config from (manual JSON first, then NUM_STREAMS, CACHE_DIR). */
export interface TaskPluginConfig {
  /** `--plugin_config`, verbatim. */
  readonly manual?: string;
  readonly numStreams?: number;
  /** `--cache_dir`. */
  readonly cacheDir?: string;
}

/** What the in-memory graph is generated from: OVMS's export settings plus ImageGenerationGraphSettings. */
export interface ImageGenerationTaskOptions {
  /** The model directory, absolute and normalised (the node's models_path). */
  readonly modelsPath: string;
  /** `--target_device` verbatim (`"GPU GPU NPU"` stays as is); undefined lets the runtime pick. */
  readonly targetDevice?: string;
  readonly pluginConfig: TaskPluginConfig;
  /** Verbatim, whitespace kept, validated when the graph loads. */
  readonly resolution?: string;
  readonly numImagesPerPrompt?: number;
  readonly guidanceScale?: number;
  readonly maxResolution?: string;
  readonly defaultResolution?: string;
  readonly maxNumImagesPerPrompt?: number;
  readonly defaultNumInferenceSteps?: number;
  readonly maxNumInferenceSteps?: number;
  readonly loraAdapters: readonly LoraSource[];
  readonly compositeLoraAdapters: readonly CompositeLoraSource[];
}

export interface TaskContext {
  readonly modelsPath: string;
  readonly targetDevice?: string;
  readonly pluginConfig?: string;
  readonly cacheDir?: string;
  readonly sourceLoras?: string;
}

const WXH = /^\d+x\d+$/;

/**
 * Parses the arguments the server flags left unmatched as image_generation flags, then OVMS's prepare() checks in
 * its order. Anything still unmatched is an error listing it.
 */
export function parseImageGenerationTask(unmatched: readonly string[], context: TaskContext): ImageGenerationTaskOptions {
  const parsed = parseFlags(unmatched, IMAGE_GENERATION_FLAGS);
  if (parsed.unmatched.length > 0) throw usage(taskUnmatchedArguments(IMAGE_GENERATION_TASK, parsed.unmatched));
  const flags = new FlagValues(parsed.values);
  const maxResolution = flags.string('max_resolution');
  if (maxResolution !== undefined && maxResolution !== '' && !WXH.test(maxResolution)) throw usage(INVALID_MAX_RESOLUTION);
  const defaultResolution = flags.string('default_resolution');
  if (defaultResolution !== undefined && defaultResolution !== '' && !WXH.test(defaultResolution)) throw usage(INVALID_DEFAULT_RESOLUTION);
  for (const name of ['max_num_images_per_prompt', 'default_num_inference_steps', 'max_num_inference_steps', 'num_streams']) {
    if (flags.uint32(name) === 0) throw usage(mustBePositive(name));
  }
  const loras = context.sourceLoras === undefined || context.sourceLoras === ''
    ? { adapters: [], composites: [] }
    : parseLoraSources(context.sourceLoras, context.targetDevice ?? '');
  return {
    modelsPath: context.modelsPath,
    targetDevice: context.targetDevice === '' ? undefined : context.targetDevice,
    pluginConfig: { manual: context.pluginConfig, numStreams: flags.uint32('num_streams'), cacheDir: context.cacheDir || undefined },
    resolution: flags.string('resolution') || undefined,
    numImagesPerPrompt: flags.uint32('num_images_per_prompt'),
    guidanceScale: flags.float('guidance_scale'),
    maxResolution: maxResolution || undefined,
    defaultResolution: defaultResolution || undefined,
    maxNumImagesPerPrompt: flags.uint32('max_num_images_per_prompt'),
    defaultNumInferenceSteps: flags.uint32('default_num_inference_steps'),
    maxNumInferenceSteps: flags.uint32('max_num_inference_steps'),
    loraAdapters: loras.adapters,
    compositeLoraAdapters: loras.composites,
  };
}
