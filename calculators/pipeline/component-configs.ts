/**
 * @module calculators/pipeline/component-configs
 * A model directory's JSON files read as GenAI reads them (json_utils.hpp read_json_param: a missing or null key keeps
 * the default): validated against schemas/model/, defaults filled from those schemas, frozen, camelCase. A value GenAI
 * could not read fails with FAILED_PRECONDITION naming the key and the file.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { GraphError } from '../../engine/status.js';
import { AUTOENCODER_KL_CONFIG_SCHEMA } from '../../schemas/model/autoencoder-kl-config.js';
import { CLIP_TEXT_MODEL_CONFIG_SCHEMA } from '../../schemas/model/clip-text-model-config.js';
import { MODEL_INDEX_SCHEMA } from '../../schemas/model/model-index.js';
import { UNET_CONFIG_SCHEMA } from '../../schemas/model/unet-config.js';

/** `[library, class]` of one model_index.json component; both null when the pipeline was saved without it. */
export type ComponentEntry = readonly [library: string | null, className: string | null];

export interface ModelIndex {
  readonly className: string;
  /** Component entries by key (`unet`, `text_encoder`, ...), as written. */
  readonly components: Readonly<Record<string, ComponentEntry>>;
  readonly forceZerosForEmptyPrompt: boolean;
}

export interface ClipTextModelConfig {
  readonly maxPositionEmbeddings: number;
  readonly numHiddenLayers: number;
}

export interface UNetConfig {
  readonly inChannels: number;
  readonly sampleSize: number;
  readonly timeCondProjDim: number;
  /** 2^(len(block_out_channels) - 1): each latent side must be a multiple of it (the UNet halves it that often). */
  readonly latentMultiple: number;
}

export interface AutoencoderKlConfig {
  readonly inChannels: number;
  readonly latentChannels: number;
  readonly outChannels: number;
  /** float32, as GenAI stores it. */
  readonly scalingFactor: number;
  readonly shiftFactor: number;
  readonly blockOutChannels: readonly number[];
  /** 2^(len(block_out_channels) - 1): pixels per latent cell along each axis. */
  readonly vaeScaleFactor: number;
}

type Json = Record<string, unknown>;
type ConfigSchema = 'modelIndex' | 'clip' | 'unet' | 'vae';

/** The compiled schemas; one per loader (ajv compiles in a few milliseconds). */
export class ModelConfigReader {
  private readonly validators: Readonly<Record<ConfigSchema, ValidateFunction>>;

  constructor() {
    // useDefaults 'empty': null counts as missing, as read_json_param skips it.
    const ajv = new Ajv({ allErrors: false, strict: true, strictTypes: false, useDefaults: 'empty', allowUnionTypes: true });
    this.validators = {
      modelIndex: ajv.compile(MODEL_INDEX_SCHEMA),
      clip: ajv.compile(CLIP_TEXT_MODEL_CONFIG_SCHEMA),
      unet: ajv.compile(UNET_CONFIG_SCHEMA),
      vae: ajv.compile(AUTOENCODER_KL_CONFIG_SCHEMA),
    };
  }

  modelIndex(file: string): ModelIndex {
    const json = this.read(file, 'modelIndex');
    const components: Record<string, ComponentEntry> = {};
    for (const [key, value] of Object.entries(json)) {
      if (isComponentEntry(value)) components[key] = Object.freeze([value[0], value[1]] as const);
    }
    return Object.freeze({
      className: json['_class_name'] as string,
      components: Object.freeze(components),
      forceZerosForEmptyPrompt: json['force_zeros_for_empty_prompt'] as boolean,
    });
  }

  clipTextModel(file: string): ClipTextModelConfig {
    const json = this.read(file, 'clip');
    return Object.freeze({
      maxPositionEmbeddings: json['max_position_embeddings'] as number,
      numHiddenLayers: json['num_hidden_layers'] as number,
    });
  }

  unet(file: string): UNetConfig {
    const json = this.read(file, 'unet');
    return Object.freeze({
      inChannels: json['in_channels'] as number,
      sampleSize: json['sample_size'] as number,
      timeCondProjDim: json['time_cond_proj_dim'] as number,
      latentMultiple: 2 ** ((json['block_out_channels'] as number[]).length - 1),
    });
  }

  autoencoderKl(file: string): AutoencoderKlConfig {
    const json = this.read(file, 'vae');
    const blockOutChannels = Object.freeze([...(json['block_out_channels'] as number[])]);
    return Object.freeze({
      inChannels: json['in_channels'] as number,
      latentChannels: json['latent_channels'] as number,
      outChannels: json['out_channels'] as number,
      // C++ float fields: the JSON double rounds to float32.
      scalingFactor: Math.fround(json['scaling_factor'] as number),
      shiftFactor: Math.fround(json['shift_factor'] as number),
      blockOutChannels,
      vaeScaleFactor: 2 ** (blockOutChannels.length - 1),
    });
  }

  private read(file: string, schema: ConfigSchema): Json {
    const json = readJsonObject(file);
    const validate = this.validators[schema];
    if (!validate(json)) throw configError(file, validate.errors?.[0]);
    return json;
  }
}

/** Reads a JSON object file; FAILED_PRECONDITION naming the file when it is missing, unreadable or not an object. */
export function readJsonObject(file: string): Json {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    const reason = cause instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw new GraphError('FAILED_PRECONDITION', `${file} ${reason}`, { file }, { cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new GraphError('FAILED_PRECONDITION', `${file} must hold a JSON object`, { file });
  }
  return json as Json;
}

function isComponentEntry(value: unknown): value is ComponentEntry {
  return Array.isArray(value) && value.length === 2 && value.every((item) => item === null || typeof item === 'string');
}

function configError(file: string, error: ErrorObject | null | undefined): GraphError {
  const key = error === undefined || error === null ? ''
    : error.keyword === 'required' ? String(error.params['missingProperty'])
      : error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const detail = error?.message ?? 'is invalid';
  return new GraphError('FAILED_PRECONDITION', `${file}: ${key === '' ? '' : `'${key}' `}${detail}`, { file });
}
