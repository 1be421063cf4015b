/**
 * @module calculators/request/image-request-decoder
 * Turns a request payload into the typed ImageGenerationRequest with OVMS's routing, check order and messages
 * (ImageGenCalculator::Process up to the pipeline call), or throws a GraphError carrying OVMS's message.
 */
import { GraphError } from '../../engine/status.js';
import { jsonFloat, jsonInt32, jsonInt64, jsonUint64, stof, stoi32, stoi64, stou64 } from './field-readers.js';
import type { EncodedImage, ImageGenerationRequest } from './image-generation-request.js';
import type { ImageGenPipelineArgs } from './image-gen-options.js';
import type { JsonObject } from './json-value.js';
import {
  isLoraAlphasError, loraAlphasFromJson, loraAlphasFromText, loraRoutingOf, loraTargetViolation, type LoraAlphas,
  type LoraRouting,
} from './lora-alphas.js';
import type { MultipartForm } from './multipart-form.js';
import { EDITS_CHECKS, GENERATIONS_CHECKS, firstViolation } from './request-checks.js';
import { inferenceSteps, limitViolation, withDefaultResolution, type NumericOptions } from './request-limits.js';
import { FAILED_TO_PARSE_JSON, FAILED_TO_PARSE_MULTIPART, unsupportedUri } from './request-messages.js';
import type { JsonRequestPayload, MultipartRequestPayload, RequestPayload } from './request-payload.js';
import { compileRequestSchemas, type RequestSchemas } from './request-schemas.js';
import { isDimensionsError, parseDimensions } from './resolution.js';

const GENERATIONS_URIS = ['/v3/images/generations', '/v1/images/generations'];
const EDITS_URIS = ['/v3/images/edits', '/v1/images/edits'];

export interface DecodeOptions {
  /**
   * Decodes (or at least checks) the edit image where OVMS does, right after finding it and before any option is
   * checked; throws a GraphError (OVMS: "Image parsing failed: <reason>", INVALID_ARGUMENT) to reject it.
   */
  readonly validateImage?: (image: EncodedImage) => void;
}

/**
 * One decoder per servable: it holds the servable's limits and LoRA setup and the compiled request schemas.
 * Every error is a GraphError with code INVALID_ARGUMENT and OVMS's message.
 */
export class ImageRequestDecoder {
  private readonly schemas: RequestSchemas = compileRequestSchemas();

  constructor(
    private readonly args: ImageGenPipelineArgs,
    private readonly routing: LoraRouting = loraRoutingOf(args),
  ) {}

  decode(payload: RequestPayload, options: DecodeOptions = {}): ImageGenerationRequest {
    if (GENERATIONS_URIS.some((prefix) => payload.uri.startsWith(prefix))) {
      if (payload.kind !== 'json') throw invalid(FAILED_TO_PARSE_JSON);
      return this.decodeGenerations(payload);
    }
    if (EDITS_URIS.some((prefix) => payload.uri.startsWith(prefix))) {
      if (payload.kind !== 'multipart') throw invalid(FAILED_TO_PARSE_MULTIPART);
      return this.decodeEdits(payload, options);
    }
    throw invalid(unsupportedUri(payload.uri));
  }

  private decodeGenerations({ body, memberNames }: JsonRequestPayload): ImageGenerationRequest {
    const failures = this.schemas.generations(body);
    raise(firstViolation(GENERATIONS_CHECKS, { body, memberNames, failures, routing: this.routing }));
    const options = withDefaultResolution(numericOptionsOfJson(body), this.args);
    raise(limitViolation(options, this.args));
    const alphas = loraAlphasFromJson(body['lora_alphas']) as LoraAlphas;
    const model = typeof body['model'] === 'string' ? body['model'] : '';
    raise(loraTargetViolation(model, this.routing, alphas));
    return {
      mode: 'text2image',
      ...this.common(model, alphas, options),
      prompt: body['prompt'] as string,
      prompt2: stringField(body, 'prompt_2'),
      prompt3: stringField(body, 'prompt_3'),
      negativePrompt: stringField(body, 'negative_prompt'),
      negativePrompt2: stringField(body, 'negative_prompt_2'),
      negativePrompt3: stringField(body, 'negative_prompt_3'),
      rngSeed: jsonUint64(body['rng_seed']),
      maxSequenceLength: jsonInt32(body['max_sequence_length']),
    };
  }

  private decodeEdits({ form }: MultipartRequestPayload, options: DecodeOptions): ImageGenerationRequest {
    const failures = this.schemas.edits(form);
    raise(firstViolation(EDITS_CHECKS, { form, failures, routing: this.routing, validateImage: options.validateImage }));
    const numeric = withDefaultResolution(numericOptionsOfForm(form), this.args);
    raise(limitViolation(numeric, this.args));
    // Edits parse lora_alphas only after the limits (OVMS parses it in the calculator, after the options).
    const alphas = loraAlphasFromText(form.text('lora_alphas'));
    if (isLoraAlphasError(alphas)) throw invalid(alphas.error);
    const model = form.text('model');
    raise(loraTargetViolation(model, this.routing, alphas));
    const image = form.file('image');
    const mask = form.file('mask');
    return {
      mode: mask !== undefined && mask.bytes.length > 0 ? 'inpainting' : 'image2image',
      ...this.common(model, alphas, numeric),
      prompt: form.text('prompt'),
      prompt2: textField(form, 'prompt_2'),
      prompt3: textField(form, 'prompt_3'),
      negativePrompt: textField(form, 'negative_prompt'),
      negativePrompt2: textField(form, 'negative_prompt_2'),
      negativePrompt3: textField(form, 'negative_prompt_3'),
      rngSeed: optionalText(form, 'rng_seed', stou64),
      maxSequenceLength: optionalText(form, 'max_sequence_length', stoi32),
      image: image === undefined ? undefined : { bytes: image.bytes, origin: image.fileName },
      mask: mask === undefined || mask.bytes.length === 0 ? undefined : { bytes: mask.bytes, origin: mask.fileName },
    };
  }

  /** The fields both paths fill the same way, from checked values (within int32 by now). */
  private common(model: string, alphas: LoraAlphas, options: NumericOptions): Pick<ImageGenerationRequest,
    'model' | 'width' | 'height' | 'numImagesPerPrompt' | 'numInferenceSteps' | 'guidanceScale' | 'strength' | 'loraAlphas'> {
    return {
      model: model === '' ? undefined : model,
      width: options.width === undefined ? undefined : Number(options.width),
      height: options.height === undefined ? undefined : Number(options.height),
      numImagesPerPrompt: options.numImagesPerPrompt,
      numInferenceSteps: Number(inferenceSteps(options, this.args)),
      guidanceScale: options.guidanceScale,
      strength: options.strength,
      loraAlphas: Object.fromEntries(alphas),
    };
  }
}

function invalid(message: string): GraphError {
  return new GraphError('INVALID_ARGUMENT', message);
}

function raise(message: string | undefined): void {
  if (message !== undefined) throw invalid(message);
}

function stringField(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  return typeof value === 'string' ? value : undefined;
}

function textField(form: MultipartForm, field: string): string | undefined {
  return form.text(field) || undefined;
}

function optionalText<T>(form: MultipartForm, field: string, read: (text: string) => T | undefined): T | undefined {
  const text = form.text(field);
  return text === '' ? undefined : read(text);
}

/** width/height from `size` (they cannot both come from fields then, the checks made sure). */
function sizeDimensions(size: string | undefined): Pick<NumericOptions, 'width' | 'height'> {
  const dimensions = size === undefined ? null : parseDimensions(size);
  return dimensions === null || isDimensionsError(dimensions) ? {} : { width: dimensions.width, height: dimensions.height };
}

function numericOptionsOfJson(body: JsonObject): NumericOptions {
  const fromSize = sizeDimensions(stringField(body, 'size'));
  return {
    width: fromSize.width ?? jsonInt64(body['width']),
    height: fromSize.height ?? jsonInt64(body['height']),
    numImagesPerPrompt: jsonInt32(body['n']) ?? jsonInt32(body['num_images_per_prompt']),
    numInferenceSteps: jsonUint64(body['num_inference_steps']),
    guidanceScale: jsonFloat(body['guidance_scale']),
    strength: jsonFloat(body['strength']),
  };
}

function numericOptionsOfForm(form: MultipartForm): NumericOptions {
  const fromSize = sizeDimensions(textField(form, 'size'));
  return {
    width: fromSize.width ?? optionalText(form, 'width', stoi64),
    height: fromSize.height ?? optionalText(form, 'height', stoi64),
    numImagesPerPrompt: optionalText(form, 'n', stoi32) ?? optionalText(form, 'num_images_per_prompt', stoi32),
    numInferenceSteps: optionalText(form, 'num_inference_steps', stou64),
    guidanceScale: optionalText(form, 'guidance_scale', stof),
    strength: optionalText(form, 'strength', stof),
  };
}
