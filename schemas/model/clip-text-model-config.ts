/**
 * @module schemas/model/clip-text-model-config
 * JSON schema of a CLIP text encoder's `config.json` (transformers CLIPTextConfig) limited to what GenAI reads, with
 * GenAI's defaults (clip_text_model.cpp Config; a missing or null key keeps the default).
 */

export const CLIP_TEXT_MODEL_CONFIG_SCHEMA = {
  $id: 'pictograph:model/clip-text-model-config',
  type: 'object',
  properties: {
    /** The token row length: every prompt is padded or cut to it. */
    max_position_embeddings: { type: 'integer', minimum: 1, default: 77 },
    /** SDXL/SD3 read hidden_states.(L-1) at output index num_hidden_layers + 1. */
    num_hidden_layers: { type: 'integer', minimum: 1, default: 12 },
  },
} as const;
