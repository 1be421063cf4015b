/**
 * @module test/support/request-fixtures
 * Builders for request-layer tests: pipeline args like OVMS's DEFAULTIMAGE_GEN_ARGS, JSON and multipart payloads,
 * and a helper that returns a decoder's error message (or the decoded request).
 */
import { GraphError } from '../../engine/status.js';
import type { ImageGenerationRequest } from '../../calculators/request/image-generation-request.js';
import type { ImageGenPipelineArgs } from '../../calculators/request/image-gen-options.js';
import { ImageRequestDecoder, type DecodeOptions } from '../../calculators/request/image-request-decoder.js';
import { isJsonObject, parseJson } from '../../calculators/request/json-value.js';
import type { LoraRouting } from '../../calculators/request/lora-alphas.js';
import { MultipartForm, type MultipartFile } from '../../calculators/request/multipart-form.js';
import type { RequestPayload } from '../../calculators/request/request-payload.js';

/** OVMS's DEFAULTIMAGE_GEN_ARGS (text2image_test.cpp): max 4096x4096, no default size, 10 images, 10/10 steps. */
export const DEFAULT_TEST_ARGS: ImageGenPipelineArgs = {
  modelsPath: '/models/test',
  devices: [],
  pluginConfig: {},
  maxResolution: { width: 4096n, height: 4096n },
  maxNumImagesPerPrompt: 10n,
  defaultNumInferenceSteps: 10n,
  maxNumInferenceSteps: 10n,
  loraAdapters: [],
  compositeLoraAdapters: new Map(),
};

export function argsWith(overrides: Partial<ImageGenPipelineArgs>): ImageGenPipelineArgs {
  return { ...DEFAULT_TEST_ARGS, ...overrides };
}

export const NO_LORA: LoraRouting = { adapterAliases: [], composites: new Map(), isStaticMode: false };
export const DYNAMIC_LORA: LoraRouting = { adapterAliases: ['pokemon', 'anime'], composites: new Map(), isStaticMode: false };

export function jsonPayload(text: string, uri = '/v3/images/generations'): RequestPayload {
  const { value, memberNames } = parseJson(text);
  if (!isJsonObject(value)) throw new Error('test JSON must be an object');
  return { kind: 'json', uri, contentType: 'application/json', body: value, memberNames };
}

/** A tiny stand-in for an image file part (the decoder does not decode images). */
export const IMAGE_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

export function file(name: string, bytes: Uint8Array = IMAGE_BYTES, fileName = `${name}.png`): MultipartFile {
  return { name, fileName, contentType: 'image/png', bytes };
}

/** A multipart payload from text fields and file parts. */
export function multipartPayload(
  fields: Readonly<Record<string, string>> | readonly (readonly [string, string])[],
  files: readonly MultipartFile[] = [file('image')],
  uri = '/v3/images/edits',
): RequestPayload {
  const entries = Array.isArray(fields) ? fields : Object.entries(fields);
  const form = new MultipartForm(entries.map(([name, value]) => ({ name, value })), files);
  return { kind: 'multipart', uri, contentType: 'multipart/form-data; boundary=x', form };
}

const decoders = new WeakMap<ImageGenPipelineArgs, Map<LoraRouting, ImageRequestDecoder>>();

/** One decoder per (args, routing), as a servable holds one (it compiles its schemas once). */
function decoderFor(args: ImageGenPipelineArgs, routing: LoraRouting): ImageRequestDecoder {
  const byRouting = decoders.get(args) ?? new Map<LoraRouting, ImageRequestDecoder>();
  decoders.set(args, byRouting);
  const decoder = byRouting.get(routing) ?? new ImageRequestDecoder(args, routing);
  byRouting.set(routing, decoder);
  return decoder;
}

/** The decoded request, or the GraphError's message prefixed by its code. */
export function decodeOrError(
  payload: RequestPayload,
  args: ImageGenPipelineArgs = DEFAULT_TEST_ARGS,
  routing: LoraRouting = NO_LORA,
  options: DecodeOptions = {},
): ImageGenerationRequest | string {
  try {
    return decoderFor(args, routing).decode(payload, options);
  } catch (error) {
    if (error instanceof GraphError) return `${error.code}: ${error.message}`;
    throw error;
  }
}
