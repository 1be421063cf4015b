/**
 * @module schemas/http/images-response
 * JSON schema of a successful images response: `{"created": <unix seconds>, "data": [{"b64_json": "<png>"}, ...]}`.
 */

export const IMAGES_RESPONSE_SCHEMA = {
  $id: 'pictograph:http/images-response',
  type: 'object',
  required: ['created', 'data'],
  additionalProperties: false,
  properties: {
    created: { type: 'integer', minimum: 0 },
    data: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['b64_json'],
        additionalProperties: false,
        properties: { b64_json: { type: 'string', pattern: '^[A-Za-z0-9+/]*={0,2}$' } },
      },
    },
  },
} as const;
