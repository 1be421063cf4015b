/**
 * @module schemas/proto/ovms/image-gen-calculator-options
 * The decoded shape of OVMS's ImageGenCalculatorOptions (image_gen_calculator.proto) as the engine gives it to a
 * calculator: camelCase, proto defaults filled in; `hasField(options, 'device')` tells whether the graph wrote it.
 */
import { optionsType } from '../../../engine/index.js';

export type LoraLoadMode = 'DYNAMIC' | 'STATIC' | 'FUSE';

export interface LoraAdapterEntry {
  readonly alias: string;
  readonly path: string;
  /** float32, as in C++ (0.8 reads back as 0.800000011920929). */
  readonly alpha: number;
  readonly mode: LoraLoadMode;
}

export interface CompositeLoraComponent {
  readonly adapterAlias: string;
  /** Defaults to 1.0; `hasField(component, 'alpha')` is false when the graph did not write it. */
  readonly alpha: number;
}

export interface CompositeLoraAdapterEntry {
  readonly alias: string;
  readonly components: readonly CompositeLoraComponent[];
}

export interface ImageGenCalculatorOptions {
  readonly modelsPath: string;
  readonly device: string;
  readonly pluginConfig: string;
  readonly maxResolution: string;
  readonly defaultResolution: string;
  readonly maxNumImagesPerPrompt: number;
  readonly defaultNumInferenceSteps: number;
  readonly maxNumInferenceSteps: number;
  readonly resolution: string;
  readonly numImagesPerPrompt: number;
  readonly guidanceScale: number;
  readonly loraAdapters: readonly LoraAdapterEntry[];
  readonly compositeLoraAdapters: readonly CompositeLoraAdapterEntry[];
}

/** For a calculator contract: `options: IMAGE_GEN_CALCULATOR_OPTIONS`. */
export const IMAGE_GEN_CALCULATOR_OPTIONS = optionsType<ImageGenCalculatorOptions>(
  'mediapipe.ImageGenCalculatorOptions', 'ovms/image_gen_calculator.proto');
