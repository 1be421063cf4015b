/**
 * @module calculators/model-generator/model-directory
 * Writes a complete Stable Diffusion model directory the way `optimum-cli export openvino` lays it out
 * (diffusion-model-configs.md §1): model_index.json, scheduler/, tokenizer/, text_encoder/, unet/, vae_encoder/,
 * vae_decoder/, each model with config.json and openvino_model.xml/.bin, from random seeded weights.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphError } from '../../engine/status.js';
import { type IrGraph, markInt8WeightCompression, type WeightFormat, writeIr } from '../openvino/ir/index.js';
import { buildVaeDecoder, buildVaeEncoder } from './autoencoder-kl.js';
import { buildClipTextModel } from './clip-text-model.js';
import { clipBpeVocabulary } from './clip-bpe-vocabulary.js';
import { type Arch, FLOAT_CONFIG_KEYS, type ModelSize, type PipelineSpec, pipelineSpec } from './configs/index.js';
import type { ComponentBuild } from './module-scope.js';
import { type JsonValue, pythonJson } from './python-json.js';
import { RandomWeights } from './random-weights.js';
import { writeClipTokenizer } from './tokenizer-files.js';
import { buildUNet2DCondition } from './unet-2d-condition.js';

/** The diffusers / transformers releases whose config key sets the files follow (the reference snapshots). */
export const DIFFUSERS_VERSION = '0.40.0.dev0';
export const TRANSFORMERS_VERSION = '5.24.0';

/** Bumped whenever the same options would write different files; part of test cache keys. */
export const MODEL_GENERATOR_VERSION = 1;

export interface MakeModelOptions {
  readonly arch: Arch;
  readonly size: ModelSize;
  readonly weights: WeightFormat;
  readonly seed: number;
  /** Created if missing; must be empty. */
  readonly outDir: string;
}

export type ComponentName = 'text_encoder' | 'unet' | 'vae_encoder' | 'vae_decoder';

export interface WrittenComponent {
  readonly name: ComponentName;
  readonly parameterCount: number;
  readonly xmlBytes: number;
  readonly binBytes: number;
}

export interface WrittenModel {
  readonly dir: string;
  readonly spec: PipelineSpec;
  readonly components: readonly WrittenComponent[];
}

const configJson = (value: JsonValue): string => pythonJson(value, { indent: 2, floatKeys: FLOAT_CONFIG_KEYS });

/** model_index.json. DEVIATION: no safety checker or feature extractor is generated, so both are `[null, null]`. */
export function modelIndex(spec: PipelineSpec): JsonValue {
  return {
    _class_name: spec.pipelineClass,
    _diffusers_version: DIFFUSERS_VERSION,
    _name_or_path: `pictograph/${spec.arch}-${spec.size}`,
    feature_extractor: [null, null],
    image_encoder: [null, null],
    requires_safety_checker: false,
    safety_checker: [null, null],
    scheduler: ['diffusers', spec.scheduler._class_name],
    text_encoder: ['transformers', 'CLIPTextModel'],
    tokenizer: ['transformers', 'CLIPTokenizer'],
    unet: ['diffusers', 'UNet2DConditionModel'],
    vae: ['diffusers', 'AutoencoderKL'],
  };
}

/** A component's config.json: diffusers models add class, version and source; transformers models theirs. */
export function componentConfig(spec: PipelineSpec, component: ComponentName): JsonValue {
  const source = `pictograph/${spec.arch}-${spec.size}/${component === 'vae_encoder' || component === 'vae_decoder' ? 'vae' : component}`;
  switch (component) {
    case 'text_encoder':
      return { ...spec.textEncoder, _name_or_path: source, dtype: 'float32', transformers_version: TRANSFORMERS_VERSION };
    case 'unet':
      return { _class_name: 'UNet2DConditionModel', _diffusers_version: DIFFUSERS_VERSION, _name_or_path: source, ...spec.unet };
    case 'vae_encoder':
    case 'vae_decoder':
      return { _class_name: 'AutoencoderKL', _diffusers_version: DIFFUSERS_VERSION, _name_or_path: source, ...spec.vae };
  }
}

/** Builds one component's graph (no weights are generated until it is written). */
export function buildComponent(spec: PipelineSpec, component: ComponentName, random: RandomWeights,
  format: WeightFormat): ComponentBuild {
  switch (component) {
    case 'text_encoder': return buildClipTextModel(spec.textEncoder, random, format);
    case 'unet': return buildUNet2DCondition(spec.unet, random, format);
    case 'vae_encoder': return buildVaeEncoder(spec.vae, random, format);
    case 'vae_decoder': return buildVaeDecoder(spec.vae, random, format);
  }
}

export const COMPONENTS: readonly ComponentName[] = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'];

function annotate(graph: IrGraph, spec: PipelineSpec, component: ComponentName, options: MakeModelOptions): void {
  if (options.weights === 'int8') markInt8WeightCompression(graph);
  if (component === 'vae_encoder' || component === 'vae_decoder') {
    for (const [key, value] of Object.entries(spec.vaeRuntimeOptions)) graph.setRtInfo(['runtime_options', key], value);
  }
  const provenance: [string, string][] = [
    ['arch', spec.arch], ['size', spec.size], ['weights', options.weights], ['seed', String(options.seed)],
    ['generator_version', String(MODEL_GENERATOR_VERSION)],
  ];
  for (const [key, value] of provenance) graph.setRtInfo(['pictograph_make_model', key], value);
}

export function writeModelDirectory(options: MakeModelOptions): WrittenModel {
  const spec = pipelineSpec(options.arch, options.size);
  const dir = options.outDir;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new GraphError('FAILED_PRECONDITION', `output directory ${dir} is not empty`);
  }
  const random = new RandomWeights(options.seed);
  const write = (relative: string, text: string): void => writeFileSync(join(dir, relative), text);
  for (const folder of ['scheduler', 'tokenizer', ...COMPONENTS]) mkdirSync(join(dir, folder), { recursive: true });

  write('model_index.json', configJson(modelIndex(spec)));
  write(join('scheduler', 'scheduler_config.json'),
    configJson({ ...spec.scheduler, _diffusers_version: DIFFUSERS_VERSION }));
  writeClipTokenizer(join(dir, 'tokenizer'), clipBpeVocabulary(spec.textEncoder.vocab_size), spec.padToken);

  const components = COMPONENTS.map((name): WrittenComponent => {
    const build = buildComponent(spec, name, random, options.weights);
    annotate(build.graph, spec, name, options);
    write(join(name, 'config.json'), configJson(componentConfig(spec, name)));
    const written = writeIr(build.graph, join(dir, name, 'openvino_model'));
    return { name, parameterCount: build.parameterCount(), xmlBytes: written.xmlBytes, binBytes: written.binBytes };
  });
  return { dir, spec, components };
}
