/**
 * @module schemas/model/autoencoder-kl-config
 * JSON schema of `vae_decoder/config.json` (diffusers AutoencoderKL) limited to what GenAI reads, with GenAI's
 * defaults (autoencoder_kl.cpp Config; a missing or null key keeps the default; note scaling_factor defaults to 1).
 */

export const AUTOENCODER_KL_CONFIG_SCHEMA = {
  $id: 'pictograph:model/autoencoder-kl-config',
  type: 'object',
  properties: {
    in_channels: { type: 'integer', minimum: 1, default: 3 },
    latent_channels: { type: 'integer', minimum: 1, default: 4 },
    out_channels: { type: 'integer', minimum: 1, default: 3 },
    /** The decoder divides latents by it (baked into the decoder IR, as GenAI does). */
    scaling_factor: { type: 'number', exclusiveMinimum: 0, default: 1 },
    shift_factor: { type: 'number', default: 0 },
    /** vae_scale_factor = 2^(len(block_out_channels) - 1). */
    block_out_channels: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1 }, default: [64] },
  },
} as const;
