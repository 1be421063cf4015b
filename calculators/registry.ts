/**
 * @module calculators/registry
 * The project's calculator registry: every calculator Pictograph ships, by the name graphs use. `bin/` builds it
 * for `graph check`, `graph dot` and serving. Add a line per calculator.
 */
import { CalculatorRegistry } from '../engine/index.js';
import { FlowLimiterCalculator } from './core/flow-limiter-calculator.js';
import { GateCalculator } from './core/gate-calculator.js';
import { PassThroughCalculator } from './core/pass-through-calculator.js';
import { DenoiseCalculator } from './denoise/denoise-calculator.js';
import { ImagePreprocessorCalculator } from './image/image-preprocessor-calculator.js';
import { PngEncoderCalculator } from './image/png-encoder-calculator.js';
import { ImageGenResourcesCalculator } from './pipeline/image-gen-resources-calculator.js';
import { ImageGenRequestCalculator } from './request/image-gen-request-calculator.js';
import { ImageGenResponseCalculator } from './request/image-gen-response-calculator.js';
import { SchedulerCalculator } from './schedulers/scheduler-calculator.js';
import { PromptEncoderCalculator } from './text/prompt-encoder-calculator.js';
import { VaeDecoderCalculator } from './vae/vae-decoder-calculator.js';
import { VaeEncoderCalculator } from './vae/vae-encoder-calculator.js';

/** Options schemas graphs may carry before their calculator exists (OVMS image-generation graphs must parse). */
const EXTRA_PROTO_FILES = ['ovms/image_gen_calculator.proto'];

export function createCalculatorRegistry(): CalculatorRegistry {
  const registry = new CalculatorRegistry()
    .register('PassThroughCalculator', PassThroughCalculator)
    .register('FlowLimiterCalculator', FlowLimiterCalculator)
    .register('GateCalculator', GateCalculator)
    // Image generation, in data-flow order.
    .register('ImageGenResourcesCalculator', ImageGenResourcesCalculator)
    .register('ImageGenRequestCalculator', ImageGenRequestCalculator)
    .register('PromptEncoderCalculator', PromptEncoderCalculator)
    .register('ImagePreprocessorCalculator', ImagePreprocessorCalculator)
    .register('VaeEncoderCalculator', VaeEncoderCalculator)
    .register('SchedulerCalculator', SchedulerCalculator)
    .register('DenoiseCalculator', DenoiseCalculator)
    .register('VaeDecoderCalculator', VaeDecoderCalculator)
    .register('PngEncoderCalculator', PngEncoderCalculator)
    .register('ImageGenResponseCalculator', ImageGenResponseCalculator);
  for (const file of EXTRA_PROTO_FILES) registry.addProtoFile(file);
  return registry;
}
