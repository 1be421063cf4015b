/**
 * @module calculators/request/image-gen-options
 * `ImageGenCalculatorOptions` (OVMS's node_options) validated at graph load into typed pipeline args, with every rule
 * of OVMS's prepareImageGenPipelineArgs (src/image_gen/imagegen_init.cpp), in its order, with its status names.
 */
import { statSync } from 'node:fs';
import { GraphError, type StatusCode } from '../../engine/status.js';
import { CACHE_DIR, parsePluginConfig, type PluginConfig } from './plugin-config.js';
import { formatResolution, isDimensionsError, parseDimensions, type Resolution } from './resolution.js';

export type LoraLoadMode = 'DYNAMIC' | 'STATIC' | 'FUSE';

export interface LoraAdapterEntry {
  readonly alias: string;
  readonly path: string;
  readonly alpha?: number;
  readonly mode?: LoraLoadMode;
}

export interface CompositeLoraComponent {
  readonly adapter_alias: string;
  readonly alpha?: number;
}

export interface CompositeLoraAdapterEntry {
  readonly alias: string;
  readonly components?: readonly CompositeLoraComponent[];
}

/**
 * The options message as decoded from the pbtxt, field names as in image_gen_calculator.proto. A field that is
 * undefined was not written (proto2 has_*()): do not fill in the proto defaults, this module applies them.
 */
export interface ImageGenCalculatorOptions {
  readonly models_path: string;
  readonly device?: string;
  readonly plugin_config?: string;
  readonly max_resolution?: string;
  readonly default_resolution?: string;
  readonly max_num_images_per_prompt?: number | bigint;
  readonly default_num_inference_steps?: number | bigint;
  readonly max_num_inference_steps?: number | bigint;
  readonly resolution?: string;
  readonly num_images_per_prompt?: number | bigint;
  readonly guidance_scale?: number;
  readonly lora_adapters?: readonly LoraAdapterEntry[];
  readonly composite_lora_adapters?: readonly CompositeLoraAdapterEntry[];
}

/** Proto defaults of the options message. */
export const DEFAULT_MAX_RESOLUTION = '4096x4096';
export const DEFAULT_MAX_NUM_IMAGES_PER_PROMPT = 10n;
export const DEFAULT_NUM_INFERENCE_STEPS = 50n;
export const DEFAULT_MAX_NUM_INFERENCE_STEPS = 100n;
/** OVMS's DEFAULT_ALPHA, also the proto default of both alpha fields. */
export const DEFAULT_LORA_ALPHA = 1;

export interface LoraAdapterInfo {
  readonly alias: string;
  /** Absolute, or joined to the graph directory. */
  readonly path: string;
  readonly alpha: number;
  readonly mode: LoraLoadMode;
}

export interface CompositeComponentArgs {
  readonly adapterAlias: string;
  /** Undefined when the pbtxt did not set it: the adapter's own alpha applies. */
  readonly alpha?: number;
}

/** Static reshape settings (`resolution`, required on NPU). */
export interface StaticReshapeSettings {
  readonly resolutions: readonly Resolution[];
  readonly numImagesPerPrompt?: bigint;
  readonly guidanceScale?: number;
}

/** OVMS's ImageGenPipelineArgs. */
export interface ImageGenPipelineArgs {
  readonly modelsPath: string;
  /** One device, or three (text encoders, denoiser, VAE); empty when unset (the runtime recommends one). */
  readonly devices: readonly string[];
  readonly pluginConfig: PluginConfig;
  readonly maxResolution: Resolution;
  readonly defaultResolution?: Resolution;
  readonly maxNumImagesPerPrompt: bigint;
  readonly defaultNumInferenceSteps: bigint;
  readonly maxNumInferenceSteps: bigint;
  readonly staticReshape?: StaticReshapeSettings;
  readonly loraAdapters: readonly LoraAdapterInfo[];
  readonly compositeLoraAdapters: ReadonlyMap<string, readonly CompositeComponentArgs[]>;
}

/** The OVMS status each load-time rule fails with, and OVMS's text for it (src/status.cpp). */
export const OPTIONS_STATUS_TEXT = {
  PATH_INVALID: "The provided base path is invalid or doesn't exists",
  DEVICE_WRONG_FORMAT: 'Device is in wrong format',
  SHAPE_WRONG_FORMAT: 'The provided shape is in wrong format',
  SHAPE_DYNAMIC_BUT_NPU_USED: 'Shape is dynamic but NPU is used',
  STATIC_RESOLUTION_MISUSE: 'Wrong usage of static resolution',
  PLUGIN_CONFIG_WRONG_FORMAT: 'Plugin config is in wrong format',
  DEFAULT_EXCEEDS_MAXIMUM_ALLOWED_RESOLUTION: 'Default exceeds maximum allowed resolution',
  MEDIAPIPE_GRAPH_CONFIG_FILE_INVALID: 'Failed to read protobuf graph configuration file',
} as const;
export type OptionsStatus = keyof typeof OPTIONS_STATUS_TEXT;

const GRAPH_CODE: Record<OptionsStatus, StatusCode> = {
  PATH_INVALID: 'NOT_FOUND',
  DEVICE_WRONG_FORMAT: 'INVALID_ARGUMENT',
  SHAPE_WRONG_FORMAT: 'INVALID_ARGUMENT',
  SHAPE_DYNAMIC_BUT_NPU_USED: 'INVALID_ARGUMENT',
  STATIC_RESOLUTION_MISUSE: 'INVALID_ARGUMENT',
  PLUGIN_CONFIG_WRONG_FORMAT: 'INVALID_ARGUMENT',
  DEFAULT_EXCEEDS_MAXIMUM_ALLOWED_RESOLUTION: 'INVALID_ARGUMENT',
  MEDIAPIPE_GRAPH_CONFIG_FILE_INVALID: 'INVALID_ARGUMENT',
};

/** A load-time options error: `ovmsStatus` is OVMS's StatusCode name; the message reads like OVMS's Status string. */
export class ImageGenOptionsError extends GraphError {
  constructor(readonly ovmsStatus: OptionsStatus, detail: string, node?: string) {
    super(GRAPH_CODE[ovmsStatus], `${OPTIONS_STATUS_TEXT[ovmsStatus]} - ${detail}`, node === undefined ? {} : { node });
    this.name = 'ImageGenOptionsError';
  }
}

// Details, as OVMS logs them.
export const modelsPathMissing = (path: string): string => `Models path does not exist: ${path}`;
export const noDevicesIn = (device: string): string => `No valid devices found in: ${device}`;
export const NO_VALID_DEVICES = 'No valid devices found';
export const wrongDeviceCount = (count: number): string => `Invalid number of devices specified: ${count}. Expected 1 or 3.`;
export const resolutionUnparsable = (field: string, detail: string): string => `Failed to parse ${field}: ${detail}`;
export const resolutionNotSpecified = (resolution: string): string =>
  `Resolution is not specified or is invalid: ${resolution}`;
export const NO_VALID_RESOLUTIONS = 'No valid resolutions found';
export const DUPLICATE_RESOLUTIONS = 'Duplicate resolutions found';
export const NPU_MULTIPLE_RESOLUTIONS = 'NPU cannot have multiple resolutions in static settings';
export const NPU_WITHOUT_RESOLUTION = 'Cannot use NPU without setting static resolution';
export const STATIC_WITH_MAX_RESOLUTION = 'Cannot explicitly use max resolution when using static settings';
export const STATIC_NUM_IMAGES_WITH_MANY_RESOLUTIONS =
  'Cannot use static num images per prompt with multiple resolutions';
export const STATIC_GUIDANCE_WITH_MANY_RESOLUTIONS = 'Cannot use static guidance scale with multiple resolutions';
export const STATIC_WITH_MAX_NUM_IMAGES =
  'Cannot explicitly use max num images per prompt when using static settings';
export const GUIDANCE_WITHOUT_STATIC =
  'Cannot explicitly use static guidance scale when not using static resolution';
export const NUM_IMAGES_WITHOUT_STATIC =
  'Cannot explicitly use static num images per prompt when not using static resolution';
export const PLUGIN_CONFIG_UNPARSABLE = 'Failed to parse plugin config: Plugin config is in wrong format';
export const maxResolutionNotSpecified = (value: string): string =>
  `Max resolution is not specified or is invalid: ${value}`;
/** DEVIATION: OVMS dereferences an empty optional for `default_resolution: "auto"`; we report it. */
export const defaultResolutionNotSpecified = (value: string): string =>
  `Default resolution is not specified or is invalid: ${value}`;
export const defaultExceedsMax = (defaults: Resolution, max: Resolution): string =>
  `Default resolution exceeds maximum allowed resolution: (${formatResolution(defaults)}) > (${formatResolution(max)})`;
export const defaultNotStatic = (defaults: Resolution, statics: readonly Resolution[]): string =>
  `Default resolution (${formatResolution(defaults)}) is not among the static resolutions: ` +
  statics.map((r) => `(${formatResolution(r)}) `).join('');
export const npuManyComposites = (count: number): string =>
  `NPU device supports only a single composite_lora_adapters entry. Found ${count} composites.`;
export const NPU_MANY_ADAPTERS_WITHOUT_COMPOSITE =
  'NPU device with multiple LoRA adapters requires composite_lora_adapters definition. ' +
  'All adapters are compiled with MODE_STATIC and runtime switching is unavailable.';
export const npuAdapterNotInComposite = (adapter: string, composite: string): string =>
  `NPU device: LoRA adapter '${adapter}' is not referenced by composite_lora_adapters entry '${composite}'. ` +
  'On NPU all adapters are static and only composite aliases are routable.';

export interface OptionsContext {
  /** The directory of the graph file (or of the model, for generated graphs): relative paths are joined to it. */
  readonly graphDirectory: string;
  /** The server's `--cache_dir`, added to the plugin config as CACHE_DIR unless it sets one. */
  readonly globalCacheDir?: string;
  /** The node name, for error locations. */
  readonly node?: string;
}

/** prepareImageGenPipelineArgs: validates the options and resolves paths and defaults. Throws ImageGenOptionsError. */
export function prepareImageGenPipelineArgs(options: ImageGenCalculatorOptions, context: OptionsContext): ImageGenPipelineArgs {
  const fail = (status: OptionsStatus, detail: string): never => {
    throw new ImageGenOptionsError(status, detail, context.node);
  };
  const modelsPath = joinToGraphDirectory(context.graphDirectory, options.models_path);
  if (!isDirectory(modelsPath)) fail('PATH_INVALID', modelsPathMissing(modelsPath));

  // 1. Devices: exactly 1 or 3 whitespace-separated tokens; "NPU" anywhere means NPU rules apply.
  const isNpu = options.device?.includes('NPU') ?? false;
  let devices: readonly string[] = [];
  if (options.device !== undefined) {
    devices = splitOnSpaces(options.device) ?? fail('SHAPE_WRONG_FORMAT', NO_VALID_DEVICES);
    if (devices.length === 0) fail('DEVICE_WRONG_FORMAT', noDevicesIn(options.device));
    if (devices.length !== 1 && devices.length !== 3) fail('DEVICE_WRONG_FORMAT', wrongDeviceCount(devices.length));
  }

  // 2. Static resolutions (required on NPU, one only there).
  let statics: readonly Resolution[] | undefined;
  if (options.resolution !== undefined) {
    statics = parseStaticResolutions(options.resolution, fail);
    if (isNpu && statics.length > 1) fail('SHAPE_DYNAMIC_BUT_NPU_USED', NPU_MULTIPLE_RESOLUTIONS);
  } else if (isNpu) {
    fail('SHAPE_DYNAMIC_BUT_NPU_USED', NPU_WITHOUT_RESOLUTION);
  }

  // 3. What may go with static resolutions, and what needs them.
  let staticReshape: StaticReshapeSettings | undefined;
  if (statics !== undefined) {
    if (options.max_resolution !== undefined) fail('STATIC_RESOLUTION_MISUSE', STATIC_WITH_MAX_RESOLUTION);
    let numImagesPerPrompt: bigint | undefined;
    if (options.num_images_per_prompt !== undefined) {
      if (statics.length > 1) fail('STATIC_RESOLUTION_MISUSE', STATIC_NUM_IMAGES_WITH_MANY_RESOLUTIONS);
      // int64 option stored as uint64_t: a negative value wraps, as in OVMS.
      numImagesPerPrompt = BigInt.asUintN(64, BigInt(options.num_images_per_prompt));
    }
    let guidanceScale: number | undefined;
    if (options.guidance_scale !== undefined) {
      if (statics.length > 1) fail('STATIC_RESOLUTION_MISUSE', STATIC_GUIDANCE_WITH_MANY_RESOLUTIONS);
      guidanceScale = Math.fround(options.guidance_scale);
    }
    if (statics.length === 1 && options.max_num_images_per_prompt !== undefined) {
      fail('STATIC_RESOLUTION_MISUSE', STATIC_WITH_MAX_NUM_IMAGES);
    }
    staticReshape = { resolutions: statics, numImagesPerPrompt, guidanceScale };
  } else {
    if (options.guidance_scale !== undefined) fail('STATIC_RESOLUTION_MISUSE', GUIDANCE_WITHOUT_STATIC);
    if (options.num_images_per_prompt !== undefined) fail('STATIC_RESOLUTION_MISUSE', NUM_IMAGES_WITHOUT_STATIC);
  }

  // 4. Plugin config, then the global cache directory unless the config names its own.
  let pluginConfig: PluginConfig = {};
  if (options.plugin_config !== undefined) {
    pluginConfig = parsePluginConfig(options.plugin_config) ?? fail('PLUGIN_CONFIG_WRONG_FORMAT', PLUGIN_CONFIG_UNPARSABLE);
  }
  if (context.globalCacheDir !== undefined && context.globalCacheDir !== '' && !(CACHE_DIR in pluginConfig)) {
    pluginConfig = { ...pluginConfig, [CACHE_DIR]: context.globalCacheDir };
  }

  // 5. Maximum and default resolution; without a default, the first static resolution is the default.
  const maxText = options.max_resolution ?? DEFAULT_MAX_RESOLUTION;
  const maxResolution = parseResolutionOption('max_resolution', maxText, fail)
    ?? fail('SHAPE_WRONG_FORMAT', maxResolutionNotSpecified(maxText));
  let defaultResolution: Resolution | undefined;
  if (options.default_resolution !== undefined) {
    const text = options.default_resolution;
    const parsed = parseResolutionOption('default_resolution', text, fail)
      ?? fail('SHAPE_WRONG_FORMAT', defaultResolutionNotSpecified(text));
    if (parsed.width > maxResolution.width || parsed.height > maxResolution.height) {
      fail('DEFAULT_EXCEEDS_MAXIMUM_ALLOWED_RESOLUTION', defaultExceedsMax(parsed, maxResolution));
    }
    if (statics !== undefined && !statics.some((r) => sameResolution(r, parsed))) {
      fail('SHAPE_WRONG_FORMAT', defaultNotStatic(parsed, statics));
    }
    defaultResolution = parsed;
  } else {
    defaultResolution = statics?.[0];
  }

  // 6. LoRA adapters and composites; on NPU, their static rules.
  const loraAdapters = (options.lora_adapters ?? []).map((entry): LoraAdapterInfo => ({
    alias: entry.alias,
    path: joinToGraphDirectory(context.graphDirectory, entry.path),
    alpha: Math.fround(entry.alpha ?? DEFAULT_LORA_ALPHA),
    mode: entry.mode ?? 'DYNAMIC',
  }));
  const compositeLoraAdapters = new Map<string, readonly CompositeComponentArgs[]>();
  for (const composite of options.composite_lora_adapters ?? []) {
    // std::unordered_map::emplace: the first composite of an alias wins.
    if (compositeLoraAdapters.has(composite.alias)) continue;
    compositeLoraAdapters.set(composite.alias, (composite.components ?? []).map((component) => ({
      adapterAlias: component.adapter_alias,
      alpha: component.alpha === undefined ? undefined : Math.fround(component.alpha),
    })));
  }
  const npuAdapters = isNpu ? applyNpuLoraRules(loraAdapters, compositeLoraAdapters, fail) : loraAdapters;

  return {
    modelsPath,
    devices,
    pluginConfig,
    maxResolution,
    defaultResolution,
    maxNumImagesPerPrompt: BigInt(options.max_num_images_per_prompt ?? DEFAULT_MAX_NUM_IMAGES_PER_PROMPT),
    defaultNumInferenceSteps: BigInt(options.default_num_inference_steps ?? DEFAULT_NUM_INFERENCE_STEPS),
    maxNumInferenceSteps: BigInt(options.max_num_inference_steps ?? DEFAULT_MAX_NUM_INFERENCE_STEPS),
    staticReshape,
    loraAdapters: npuAdapters,
    compositeLoraAdapters,
  };
}

type Fail = (status: OptionsStatus, detail: string) => never;

/** std::filesystem `graphDir / path` (no normalisation: "./" stays in the result); absolute paths as they are. */
export function joinToGraphDirectory(graphDirectory: string, path: string): string {
  if (path.startsWith('/') || graphDirectory === '') return path;
  return graphDirectory.endsWith('/') ? `${graphDirectory}${path}` : `${graphDirectory}/${path}`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * OVMS's getListOfDevices/getListOfResolutions tokenising: strip ASCII whitespace at both ends, collapse runs of
 * spaces, split on single spaces. Returns undefined when a non-empty string holds no token (whitespace only).
 */
function splitOnSpaces(text: string): readonly string[] | undefined {
  if (text === '') return [];
  const trimmed = text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '').replace(/ {2,}/g, ' ');
  return trimmed === '' ? undefined : trimmed.split(' ');
}

function parseStaticResolutions(text: string, fail: Fail): readonly Resolution[] {
  const tokens = splitOnSpaces(text) ?? fail('SHAPE_WRONG_FORMAT', NO_VALID_RESOLUTIONS);
  const resolutions = tokens.map((token) => parseResolutionOption('resolution', token, fail)
    ?? fail('SHAPE_WRONG_FORMAT', resolutionNotSpecified(token)));
  const unique = new Set(resolutions.map(formatResolution));
  if (unique.size !== resolutions.length) fail('SHAPE_WRONG_FORMAT', DUPLICATE_RESOLUTIONS);
  return resolutions;
}

/** getDimensionsConfig: a WxH (null for "auto"); a malformed one fails with the request parser's message. */
function parseResolutionOption(field: string, text: string, fail: Fail): Resolution | null {
  const parsed = parseDimensions(text);
  if (isDimensionsError(parsed)) fail('SHAPE_WRONG_FORMAT', resolutionUnparsable(field, `INVALID_ARGUMENT: ${parsed.error}`));
  return parsed as Resolution | null;
}

function sameResolution(a: Resolution, b: Resolution): boolean {
  return a.width === b.width && a.height === b.height;
}

/**
 * validateLoraAdapterConfig on NPU: adapters are compiled in (MODE_STATIC), so one composite at most, several
 * adapters only with a composite that names each of them; a composite component's alpha replaces the adapter's.
 */
function applyNpuLoraRules(
  adapters: readonly LoraAdapterInfo[],
  composites: ReadonlyMap<string, readonly CompositeComponentArgs[]>,
  fail: Fail,
): readonly LoraAdapterInfo[] {
  if (composites.size > 1) fail('MEDIAPIPE_GRAPH_CONFIG_FILE_INVALID', npuManyComposites(composites.size));
  const [composite] = composites.entries();
  const withCompositeAlphas = adapters.map((adapter) => {
    const component = composite?.[1].find((c) => c.adapterAlias === adapter.alias);
    return component?.alpha === undefined ? adapter : { ...adapter, alpha: component.alpha };
  });
  if (adapters.length > 1 && composite === undefined) {
    fail('MEDIAPIPE_GRAPH_CONFIG_FILE_INVALID', NPU_MANY_ADAPTERS_WITHOUT_COMPOSITE);
  }
  if (composite !== undefined) {
    const missing = adapters.find((adapter) => !composite[1].some((c) => c.adapterAlias === adapter.alias));
    if (missing !== undefined) fail('MEDIAPIPE_GRAPH_CONFIG_FILE_INVALID', npuAdapterNotInComposite(missing.alias, composite[0]));
  }
  return withCompositeAlphas;
}
