/**
 * @module schemas/http/image-edits-request
 * JSON schema of a `POST /v3/images/edits` multipart body as OVMS accepts it. The validated object maps each part
 * name to `{ text, file }` (the first text part's value, "" when none, and the first file part); keyword `multipart`
 * names the conversion OVMS applies (ovms::stoi32, stoi64, stou64, stof) or the part kind it requires.
 */
import { GENERATIONS_FIELDS, REJECTED_OPENAI_FIELDS } from './image-generations-request.js';

/** Edits accept the generations fields plus the `mask` file. */
export const EDITS_FIELDS = [...GENERATIONS_FIELDS, 'mask'] as const;

export const IMAGE_EDITS_REQUEST_SCHEMA = {
  $id: 'pictograph:http/image-edits-request',
  type: 'object',
  required: ['prompt', 'image'],
  properties: {
    prompt: { multipart: 'required-text' },
    image: { multipart: 'required-file' },
    mask: { multipart: 'file' },
    n: { multipart: 'stoi32' },
    num_images_per_prompt: { multipart: 'stoi32' },
    max_sequence_length: { multipart: 'stoi32' },
    guidance_scale: { multipart: 'stof' },
    strength: { multipart: 'stof' },
    width: { multipart: 'stoi64' },
    height: { multipart: 'stoi64' },
    num_inference_steps: { multipart: 'stou64' },
    rng_seed: { multipart: 'stou64' },
    /** Rejected only when non-empty; an empty one is caught by the whitelist. */
    ...Object.fromEntries(REJECTED_OPENAI_FIELDS.map((field) => [field, { multipart: 'empty-text' }])),
  },
  propertyNames: { enum: EDITS_FIELDS },
} as const;
