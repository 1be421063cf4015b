/**
 * @module schemas/ovms/config-json
 * JSON schema of OVMS's config.json (`--config_path`), after OVMS's MODELS_CONFIG_SCHEMA (src/schema.cpp): servables
 * in `model_config_list` and `mediapipe_config_list`, and `monitoring`. DAG and custom-loader lists are accepted as
 * arrays here and refused by the loader when non-empty (Pictograph serves graphs only).
 */

const layoutShape = { oneOf: [{ type: 'object', additionalProperties: { type: 'string' } }, { type: 'string' }] } as const;

const versionPolicy = {
  oneOf: [
    { type: 'object', maxProperties: 1, required: ['all'], additionalProperties: false,
      properties: { all: { type: 'object', additionalProperties: false, maxProperties: 0 } } },
    { type: 'object', maxProperties: 1, required: ['specific'], additionalProperties: false,
      properties: { specific: { type: 'object', additionalProperties: false, required: ['versions'],
        properties: { versions: { type: 'array', items: { type: 'integer', minimum: 1 } } } } } },
    { type: 'object', maxProperties: 1, required: ['latest'], additionalProperties: false,
      properties: { latest: { type: 'object', additionalProperties: false, required: ['num_versions'],
        properties: { num_versions: { type: 'integer', minimum: 1 } } } } },
  ],
} as const;

/** The keys a servable entry shares between model_config_list's `config` and mediapipe_config_list. */
const servableEntryProperties = {
  name: { type: 'string' },
  base_path: { type: 'string' },
  graph_path: { type: 'string' },
  subconfig: { type: 'string' },
} as const;

const modelConfig = {
  type: 'object',
  required: ['config'],
  maxProperties: 1,
  properties: {
    config: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        ...servableEntryProperties,
        batch_size: { type: ['integer', 'string'], minimum: 0 },
        model_version_policy: versionPolicy,
        shape: layoutShape,
        layout: layoutShape,
        nireq: { type: 'integer', minimum: 0 },
        target_device: { type: 'string' },
        allow_cache: { type: 'boolean' },
        plugin_config: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'number' }] } },
        custom_loader_options: { type: 'object', required: ['loader_name'], minProperties: 1, properties: { loader_name: { type: 'string' } } },
      },
    },
  },
} as const;

const mediapipeConfig = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: servableEntryProperties,
} as const;

export const CONFIG_JSON_SCHEMA = {
  $id: 'pictograph:ovms/config-json',
  type: 'object',
  required: ['model_config_list'],
  additionalProperties: false,
  properties: {
    model_config_list: { type: 'array', items: modelConfig },
    mediapipe_config_list: { type: 'array', items: mediapipeConfig },
    pipeline_config_list: { type: 'array' },
    custom_loader_config_list: { type: 'array' },
    custom_node_library_config_list: { type: 'array' },
    monitoring: {
      type: 'object',
      maxProperties: 1,
      required: ['metrics'],
      additionalProperties: false,
      properties: {
        metrics: {
          type: 'object',
          required: ['enable'],
          additionalProperties: false,
          properties: { enable: { type: 'boolean' }, metrics_list: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  },
} as const;

/** The shape the schema admits, for the loader. */
export interface ConfigJson {
  readonly model_config_list: readonly { readonly config: ServableEntry & Readonly<Record<string, unknown>> }[];
  readonly mediapipe_config_list?: readonly ServableEntry[];
  readonly pipeline_config_list?: readonly unknown[];
  readonly custom_loader_config_list?: readonly unknown[];
  readonly custom_node_library_config_list?: readonly unknown[];
  readonly monitoring?: { readonly metrics: { readonly enable: boolean; readonly metrics_list?: readonly string[] } };
}

export interface ServableEntry {
  readonly name: string;
  readonly base_path?: string;
  readonly graph_path?: string;
  readonly subconfig?: string;
}
