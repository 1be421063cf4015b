/**
 * @module calculators/model-generator/configs
 * The architecture × size table `make-model` builds from.
 */
import type { Arch, ModelSize, PipelineSpec } from './config-types.js';
import { LCM } from './lcm.js';
import { SD15_INPAINT } from './sd15-inpaint.js';
import { SD15 } from './sd15.js';
import { SD21 } from './sd21.js';

export * from './config-types.js';

export const PIPELINE_SPECS: Readonly<Record<Arch, Readonly<Record<ModelSize, PipelineSpec>>>> = {
  'sd15': SD15,
  'sd21': SD21,
  'lcm': LCM,
  'sd15-inpaint': SD15_INPAINT,
};

export function pipelineSpec(arch: Arch, size: ModelSize): PipelineSpec {
  return PIPELINE_SPECS[arch][size];
}
