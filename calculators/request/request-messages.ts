/**
 * @module calculators/request/request-messages
 * The catalogue of OVMS's image-request validation messages (src/image_gen/imagegenutils.cpp and
 * http_image_gen_calculator.cc), word for word: clients and OVMS's tests match on them.
 */

export const FAILED_TO_PARSE_JSON = 'Failed to parse JSON';
export const FAILED_TO_PARSE_MULTIPART = 'Failed to parse multipart data';
export const PROMPT_MISSING_IN_JSON = 'prompt field is missing in JSON body';
export const PROMPT_MISSING_IN_MULTIPART = 'prompt field is missing in multipart body';
/** A RET_CHECK in OVMS (see image-request-decoder.ts for the status we give it). */
export const IMAGE_MISSING_IN_MULTIPART = 'Image field is missing in multipart body';
export const SIZE_NOT_IN_FORMAT = 'size field is not in correct format - WxH';
export const SIZE_NOT_POSITIVE = 'size field values must be greater than 0';

export const notAString = (field: string): string => `${field} field is not a string`;
/** JSON int32 fields (rapidjson IsInt). */
export const notAnInt = (field: string): string => `${field} field is not a int`;
/** Multipart int32 fields (ovms::stoi32). */
export const notAnInt32 = (field: string): string => `${field} field is not a int32`;
export const notAnInt64 = (field: string): string => `${field} field is not a int64`;
export const notASizeT = (field: string): string => `${field} field is not a size_t`;
export const notAFloat = (field: string): string => `${field} field is not a float`;
export const alreadyExists = (key: string): string => `Key: ${key} already exists in request options.`;
export const unsupportedResponseFormat = (value: string): string =>
  `Unsupported response_format: ${value}. Only b64_json is supported.`;
export const unhandledParameter = (key: string): string => `Unhandled parameter: ${key}`;
export const unsupportedUri = (uri: string): string => `Unsupported URI: ${uri}`;

// ensureAcceptableAndDefaultsSetRequestOptions
export const NPU_NUM_IMAGES_MISMATCH =
  "NPU Image Generation requested num_images_per_prompt doesn't match underlying model shape";
export const NPU_GUIDANCE_SCALE_MISMATCH =
  "NPU Image Generation requested guidance_scale doesn't match underlying model shape";
export const npuResolutionNotSupported = (width: bigint, height: bigint): string =>
  `NPU Image Generation requested resolution ${width}x${height} is not supported by static reshape settings`;
export const NPU_HEIGHT_MISSING = 'NPU Image Generation requested width but height is missing';
export const NPU_WIDTH_MISSING = 'NPU Image Generation requested height but width is missing';
export const numImagesAboveMax = (max: bigint): string =>
  `num_images_per_prompt/n is greater than maxNumImagesPerPrompt: ${max}`;
export const NUM_IMAGES_NOT_POSITIVE = 'num_images_per_prompt/n must be higher than 0';
export const stepsAboveMax = (max: bigint): string => `num_inference_steps is greater than maxNumInferenceSteps: ${max}`;
export const STEPS_NOT_POSITIVE = 'num_inference_steps must be higher than 0';
export const notPositive = (field: 'width' | 'height'): string => `${field} must be higher than 0`;
/** DEVIATION: OVMS reads width/height with ov::Any::as<int>(), which throws an uncaught exception above int32. */
export const aboveInt32 = (field: 'width' | 'height'): string => `${field} must not be greater than 2147483647`;
export const STRENGTH_ABOVE_MAX = 'strength is greater than maxStrength: 1';
export const STRENGTH_BELOW_MIN = 'strength is less than minStrength: 0';

// lora_alphas
export const LORA_ALPHAS_NOT_AN_OBJECT = 'lora_alphas must be an object';
export const LORA_ALPHAS_NOT_JSON = 'lora_alphas field must be valid JSON';
export const loraAlphaNotANumber = (key: string): string => `lora_alphas value for '${key}' must be a number`;
export const LORA_ALPHAS_WITHOUT_DYNAMIC_ADAPTERS =
  'lora_alphas is not supported when no dynamic LoRA adapters are available. ' +
  'Alpha values cannot be overridden for STATIC (NPU) or FUSE mode adapters.';
export const loraAlphaNotInComposite = (key: string, composite: string): string =>
  `lora_alphas key '${key}' is not part of composite '${composite}'`;
export const loraAlphaNotForAdapter = (key: string, adapter: string): string =>
  `lora_alphas key '${key}' not allowed when targeting adapter '${adapter}'`;
export const staticLoraNeedsComposite = (model: string): string =>
  `Model '${model}' uses NPU with statically fused LoRA adapters. Send requests to the composite LoRA alias name instead.`;
export const staticLoraNeedsAlias = (model: string): string =>
  `Model '${model}' uses NPU with statically fused LoRA. Send requests to the LoRA alias name instead.`;
