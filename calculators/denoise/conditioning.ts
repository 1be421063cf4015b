/**
 * @module calculators/denoise/conditioning
 * What the prompt encoder hands the denoiser: every UNet input besides `sample` and `timestep`, by the UNet's input
 * name, batch layout as GenAI's [negative × N, positive × N] (SD: `encoder_hidden_states`, LCM adds
 * `timestep_cond`; SDXL will add `text_embeds` and `time_ids`). The denoiser sets each once per request.
 */
import { packetType } from '../../engine/index.js';
import type { FloatTensor } from '../tensor/float-tensor.js';

export type DenoiserConditioning = Readonly<Record<string, FloatTensor>>;

export const DENOISER_CONDITIONING = packetType<DenoiserConditioning>('DenoiserConditioning',
  (value) => typeof value === 'object' && value !== null);
