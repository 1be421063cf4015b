/**
 * @module schemas/http/image-generations-request
 * JSON schema of a `POST /v3/images/generations` body as OVMS accepts it: field types (rapidjson's predicates on
 * lossless numbers, keyword `rapidjson`), the fields OVMS rejects explicitly, and the whitelist.
 */

/** OpenAI fields OVMS rejects by name, whatever their value (even null), in the order it checks them. */
export const REJECTED_OPENAI_FIELDS = ['background', 'moderation', 'output_compression', 'output_format', 'quality', 'style'] as const;

/** The fields OVMS accepts on generations (`image` is accepted and ignored). */
export const GENERATIONS_FIELDS = [
  'prompt', 'prompt_2', 'prompt_3', 'image', 'negative_prompt', 'negative_prompt_2', 'negative_prompt_3',
  'size', 'height', 'width', 'n', 'num_images_per_prompt', 'response_format', 'num_inference_steps', 'rng_seed',
  'strength', 'guidance_scale', 'max_sequence_length', 'model', 'lora_alphas',
] as const;

export const IMAGE_GENERATIONS_REQUEST_SCHEMA = {
  $id: 'pictograph:http/image-generations-request',
  type: 'object',
  required: ['prompt'],
  properties: {
    model: {},
    prompt: { type: 'string' },
    prompt_2: { type: 'string' },
    prompt_3: { type: 'string' },
    negative_prompt: { type: 'string' },
    negative_prompt_2: { type: 'string' },
    negative_prompt_3: { type: 'string' },
    image: {},
    /** `WxH` or `auto`; the format itself is checked in OVMS's order by the decoder. */
    size: { type: 'string' },
    /** Only `b64_json` works; the value is checked in OVMS's order by the decoder. */
    response_format: { type: 'string' },
    n: { rapidjson: 'Int' },
    num_images_per_prompt: { rapidjson: 'Int' },
    max_sequence_length: { rapidjson: 'Int' },
    guidance_scale: { rapidjson: 'Float' },
    strength: { rapidjson: 'Float' },
    width: { rapidjson: 'Int64' },
    height: { rapidjson: 'Int64' },
    num_inference_steps: { rapidjson: 'Uint64' },
    rng_seed: { rapidjson: 'Uint64' },
    lora_alphas: { type: 'object', rapidjson: 'Object', additionalProperties: { rapidjson: 'Number' } },
    ...Object.fromEntries(REJECTED_OPENAI_FIELDS.map((field) => [field, false])),
  },
  propertyNames: { enum: GENERATIONS_FIELDS },
} as const;
