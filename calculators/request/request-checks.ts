/**
 * @module calculators/request/request-checks
 * OVMS's field checks for generations (JSON) and edits (multipart) as two ordered lists: the first check that fails
 * decides the message, exactly as getImageGenerationRequestOptions / getImageEditRequestOptions return early.
 * Schema failures are worded here; checks a schema cannot express (formats, duplicates, order-dependent rules) too.
 */
import { REJECTED_OPENAI_FIELDS } from '../../schemas/http/image-generations-request.js';
import type { EncodedImage } from './image-generation-request.js';
import type { JsonObject } from './json-value.js';
import { loraAlphasNotAllowed, type LoraRouting } from './lora-alphas.js';
import type { MultipartForm } from './multipart-form.js';
import {
  IMAGE_MISSING_IN_MULTIPART, LORA_ALPHAS_NOT_AN_OBJECT, PROMPT_MISSING_IN_JSON, PROMPT_MISSING_IN_MULTIPART,
  alreadyExists, loraAlphaNotANumber, notAFloat, notAnInt, notAnInt32, notAnInt64, notASizeT, notAString,
  unhandledParameter, unsupportedResponseFormat,
} from './request-messages.js';
import type { SchemaFailure } from './request-schemas.js';
import { isDimensionsError, parseDimensions } from './resolution.js';

/** One OVMS check: returns its message when the request fails it. A check may also throw a GraphError of its own. */
export interface RequestCheck<Input> {
  readonly name: string;
  readonly check: (input: Input) => string | undefined;
}

interface Checked {
  readonly failures: readonly SchemaFailure[];
  readonly routing: LoraRouting;
}

export interface GenerationsInput extends Checked {
  readonly body: JsonObject;
  readonly memberNames: readonly string[];
}

export interface EditsInput extends Checked {
  readonly form: MultipartForm;
  /** Called right after the image part is found, where OVMS decodes it (before any option is checked). */
  readonly validateImage?: (image: EncodedImage) => void;
}

/** The first failing check's message, or undefined. */
export function firstViolation<Input>(checks: readonly RequestCheck<Input>[], input: Input): string | undefined {
  for (const { check } of checks) {
    const message = check(input);
    if (message !== undefined) return message;
  }
  return undefined;
}

function hasFailure(input: Checked, field: string, kinds: readonly SchemaFailure['kind'][]): boolean {
  return input.failures.some((failure) => failure.field === field && failure.member === undefined && kinds.includes(failure.kind));
}

/** A check worded from a schema failure of `field`. */
function schema<Input extends Checked>(field: string, kinds: readonly SchemaFailure['kind'][], message: string): RequestCheck<Input> {
  return { name: `${field} (${kinds.join('/')})`, check: (input) => (hasFailure(input, field, kinds) ? message : undefined) };
}

function rule<Input>(name: string, check: (input: Input) => string | undefined): RequestCheck<Input> {
  return { name, check };
}

/** Both sources of the image count given: OVMS inserts `n` first, then fails inserting num_images_per_prompt. */
function duplicateCount(has: (field: string) => boolean): string | undefined {
  return has('n') && has('num_images_per_prompt') ? alreadyExists('num_images_per_prompt') : undefined;
}

/** `size` gave width and height, so the explicit field collides with it. */
function duplicateDimension(size: string | undefined, has: boolean, field: 'width' | 'height'): string | undefined {
  if (size === undefined || !has) return undefined;
  const dimensions = parseDimensions(size);
  return dimensions !== null && !isDimensionsError(dimensions) ? alreadyExists(field) : undefined;
}

function sizeViolation(size: string | undefined): string | undefined {
  if (size === undefined) return undefined;
  const dimensions = parseDimensions(size);
  return isDimensionsError(dimensions) ? dimensions.error : undefined;
}

function responseFormatViolation(format: string | undefined): string | undefined {
  return format === undefined || format === 'b64_json' ? undefined : unsupportedResponseFormat(format);
}

const STRING_OPTIONS = ['prompt_2', 'prompt_3', 'negative_prompt', 'negative_prompt_2', 'negative_prompt_3'] as const;

const jsonString = (body: JsonObject, field: string): string | undefined => {
  const value = body[field];
  return typeof value === 'string' ? value : undefined;
};

/** getImageGenerationRequestOptions, step by step (§1.4 of the OVMS reference, steps 2-14). */
export const GENERATIONS_CHECKS: readonly RequestCheck<GenerationsInput>[] = [
  schema('prompt', ['missing'], PROMPT_MISSING_IN_JSON),
  schema('prompt', ['invalid'], notAString('prompt')),
  schema('size', ['invalid'], notAString('size')),
  rule('size format', ({ body }) => sizeViolation(jsonString(body, 'size'))),
  ...STRING_OPTIONS.map((field) => schema<GenerationsInput>(field, ['invalid'], notAString(field))),
  schema('response_format', ['invalid'], notAString('response_format')),
  rule('response_format value', ({ body }) => responseFormatViolation(jsonString(body, 'response_format'))),
  schema('n', ['invalid'], notAnInt('n')),
  schema('num_images_per_prompt', ['invalid'], notAnInt('num_images_per_prompt')),
  rule('n with num_images_per_prompt', ({ body }) => duplicateCount((field) => field in body)),
  schema('max_sequence_length', ['invalid'], notAnInt('max_sequence_length')),
  schema('guidance_scale', ['invalid'], notAFloat('guidance_scale')),
  schema('strength', ['invalid'], notAFloat('strength')),
  schema('width', ['invalid'], notAnInt64('width')),
  rule('size with width', ({ body }) => duplicateDimension(jsonString(body, 'size'), 'width' in body, 'width')),
  schema('height', ['invalid'], notAnInt64('height')),
  rule('size with height', ({ body }) => duplicateDimension(jsonString(body, 'size'), 'height' in body, 'height')),
  schema('num_inference_steps', ['invalid'], notASizeT('num_inference_steps')),
  schema('rng_seed', ['invalid'], notASizeT('rng_seed')),
  ...REJECTED_OPENAI_FIELDS.map((field) => schema<GenerationsInput>(field, ['rejected'], unhandledParameter(field))),
  rule('whitelist', ({ memberNames, failures }) => {
    const unknown = memberNames.find((name) => failures.some((f) => f.field === name && f.kind === 'unknown'));
    return unknown === undefined ? undefined : unhandledParameter(unknown);
  }),
  schema('lora_alphas', ['invalid'], LORA_ALPHAS_NOT_AN_OBJECT),
  rule('lora_alphas values', ({ failures }) => {
    const member = failures.find((f) => f.field === 'lora_alphas' && f.member !== undefined)?.member;
    return member === undefined ? undefined : loraAlphaNotANumber(member);
  }),
  rule('lora_alphas allowed', ({ body, routing }) => {
    const alphas = body['lora_alphas'];
    return loraAlphasNotAllowed(routing, typeof alphas === 'object' && alphas !== null && Object.keys(alphas).length > 0);
  }),
];

const formText = (form: MultipartForm, field: string): string | undefined => form.text(field) || undefined;

/** The calculator's edits path and getImageEditRequestOptions, step by step (§1.5 of the OVMS reference). */
export const EDITS_CHECKS: readonly RequestCheck<EditsInput>[] = [
  schema('prompt', ['missing', 'invalid'], PROMPT_MISSING_IN_MULTIPART),
  schema('image', ['missing', 'invalid'], IMAGE_MISSING_IN_MULTIPART),
  rule('image decodes', ({ form, validateImage }) => {
    const image = form.file('image');
    if (image !== undefined && validateImage !== undefined) validateImage({ bytes: image.bytes, origin: image.fileName });
    return undefined;
  }),
  rule('size format', ({ form }) => sizeViolation(formText(form, 'size'))),
  rule('response_format value', ({ form }) => responseFormatViolation(formText(form, 'response_format'))),
  schema('n', ['invalid'], notAnInt32('n')),
  schema('num_images_per_prompt', ['invalid'], notAnInt32('num_images_per_prompt')),
  rule('n with num_images_per_prompt', ({ form }) => duplicateCount((field) => form.text(field) !== '')),
  schema('max_sequence_length', ['invalid'], notAnInt32('max_sequence_length')),
  schema('guidance_scale', ['invalid'], notAFloat('guidance_scale')),
  schema('strength', ['invalid'], notAFloat('strength')),
  schema('width', ['invalid'], notAnInt64('width')),
  rule('size with width', ({ form }) => duplicateDimension(formText(form, 'size'), form.text('width') !== '', 'width')),
  schema('height', ['invalid'], notAnInt64('height')),
  rule('size with height', ({ form }) => duplicateDimension(formText(form, 'size'), form.text('height') !== '', 'height')),
  schema('num_inference_steps', ['invalid'], notASizeT('num_inference_steps')),
  schema('rng_seed', ['invalid'], notASizeT('rng_seed')),
  ...REJECTED_OPENAI_FIELDS.map((field) => schema<EditsInput>(field, ['rejected'], unhandledParameter(field))),
  rule('whitelist', ({ form, failures }) => {
    // getAllFieldNames() is a std::set: the first unknown name in sorted order is reported.
    const unknown = form.fieldNames().find((name) => failures.some((f) => f.field === name && f.kind === 'unknown'));
    return unknown === undefined ? undefined : unhandledParameter(unknown);
  }),
  rule('lora_alphas allowed', ({ form, routing }) => loraAlphasNotAllowed(routing, form.text('lora_alphas') !== '')),
];
