/**
 * @module schemas/model/model-index
 * JSON schema of a diffusers `model_index.json` as GenAI reads it (reference: genai-image-generation.md §1.1): the
 * pipeline `_class_name`, each component as `[library, class]` (or `[null, null]` when absent) and SDXL's
 * `force_zeros_for_empty_prompt` (default true). Other keys are allowed and ignored.
 */

/** A component entry: `["diffusers", "UNet2DConditionModel"]`, or `[null, null]` for a component left out. */
const COMPONENT = {
  type: 'array',
  minItems: 2,
  maxItems: 2,
  items: { type: ['string', 'null'] },
} as const;

export const MODEL_INDEX_SCHEMA = {
  $id: 'pictograph:model/model-index',
  type: 'object',
  required: ['_class_name'],
  properties: {
    _class_name: { type: 'string', minLength: 1 },
    scheduler: COMPONENT,
    text_encoder: COMPONENT,
    text_encoder_2: COMPONENT,
    text_encoder_3: COMPONENT,
    tokenizer: COMPONENT,
    tokenizer_2: COMPONENT,
    tokenizer_3: COMPONENT,
    unet: COMPONENT,
    transformer: COMPONENT,
    vae: COMPONENT,
    force_zeros_for_empty_prompt: { type: 'boolean', default: true },
  },
} as const;
