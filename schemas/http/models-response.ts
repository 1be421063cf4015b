/**
 * @module schemas/http/models-response
 * JSON schemas of GET /v3/models (`{"data": [model, ...], "object": "list"}`) and GET /v3/models/{id} (one model), as
 * OVMS's parseModel writes a model: `{"id", "object": "model", "created": <unix seconds>, "owned_by": "OVMS"}`.
 */

export const MODEL_OBJECT_SCHEMA = {
  $id: 'pictograph:http/model-object',
  type: 'object',
  required: ['id', 'object', 'created', 'owned_by'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    object: { const: 'model' },
    created: { type: 'integer', minimum: 0 },
    owned_by: { const: 'OVMS' },
  },
} as const;

export const MODELS_LIST_SCHEMA = {
  $id: 'pictograph:http/models-list',
  type: 'object',
  required: ['data', 'object'],
  additionalProperties: false,
  properties: {
    data: { type: 'array', items: MODEL_OBJECT_SCHEMA },
    object: { const: 'list' },
  },
} as const;
