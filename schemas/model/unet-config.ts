/**
 * @module schemas/model/unet-config
 * JSON schema of `unet/config.json` (diffusers UNet2DConditionModel) limited to what GenAI reads, with GenAI's
 * defaults (unet2d_condition_model.cpp Config; a missing or null key keeps the default).
 */

export const UNET_CONFIG_SCHEMA = {
  $id: 'pictograph:model/unet-config',
  type: 'object',
  properties: {
    /** 4 for text-to-image UNets, 9 for inpainting ones (latent 4 + mask 1 + masked-image latent 4). */
    in_channels: { type: 'integer', minimum: 1, default: 4 },
    /** Latent size; the default image side is sample_size × vae_scale_factor. */
    sample_size: { type: 'integer', minimum: 0, default: 0 },
    /** LCM's guidance-embedding width; -1 (null) for ordinary UNets. */
    time_cond_proj_dim: { type: 'integer', minimum: -1, default: -1 },
    /**
     * Not read by GenAI: one level per entry, each but the last halving the latent. Pictograph refuses sizes the
     * exported UNet cannot join back (diffusers' default).
     */
    block_out_channels: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, default: [320, 640, 1280, 1280] },
  },
} as const;
