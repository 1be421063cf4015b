/**
 * @module test/support/tiny-servable
 * A loaded image-generation servable (compiled models, tokenizer) over a tiny model directory, loaded once per
 * directory and scheduler choice within a test process, for calculator and graph tests that run the real models.
 */
import { loadOpenVino, type OpenVino } from '../../calculators/openvino/index.js';
import {
  loadImageGenerationServable, type ImageGenerationServable, type LoadServableOptions,
} from '../../calculators/pipeline/image-generation-servable.js';
import { prepareImageGenPipelineArgs, type ImageGenCalculatorOptions } from '../../calculators/request/image-gen-options.js';

let openVino: OpenVino | undefined;
const servables = new Map<string, Promise<ImageGenerationServable>>();

/** The C binding, loaded once. */
export function testOpenVino(): OpenVino {
  openVino ??= loadOpenVino({ binding: 'c' });
  return openVino;
}

/** The servable of `modelDir` (absolute), with OVMS's option defaults unless `options` says otherwise. */
export function tinyServable(modelDir: string, options: Partial<ImageGenCalculatorOptions> = {},
  load: LoadServableOptions = {}): Promise<ImageGenerationServable> {
  const key = JSON.stringify([modelDir, options, load]);
  let servable = servables.get(key);
  if (servable === undefined) {
    const args = prepareImageGenPipelineArgs({ ...options, models_path: modelDir }, { graphDirectory: '' });
    servable = loadImageGenerationServable(args, testOpenVino(), load);
    servables.set(key, servable);
  }
  return servable;
}
