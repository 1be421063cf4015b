/**
 * @module calculators/pipeline/diffusion-model
 * Everything GenAI reads from a model directory before compiling anything, frozen: the pipeline class dispatched from
 * model_index.json (reference: genai-image-generation.md §1.1), each component's config, the scheduler config and the
 * per-class generation defaults (§1.4). Families other than Stable Diffusion 1.x/2.x/LCM are recognised and refused
 * until their calculators exist; the shape leaves room for them (`family` discriminates).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GraphError } from '../../engine/status.js';
import type { GenerationMode } from '../request/image-generation-request.js';
import { isInpaintingUnet } from '../denoise/inpainting-model-input.js';
import { parseSchedulerConfig, type LoadedSchedulerConfig } from '../schedulers/index.js';
import { parseSchedulerConfigAs, type SchedulerTypeName } from '../schedulers/scheduler-types.js';
import {
  ModelConfigReader, readJsonObject, type AutoencoderKlConfig, type ClipTextModelConfig, type ModelIndex, type UNetConfig,
} from './component-configs.js';

export type PipelineFamily =
  | 'stable-diffusion' | 'stable-diffusion-xl' | 'stable-diffusion-3' | 'flux' | 'flux-fill' | 'flux2-klein';

interface PipelineClass {
  readonly family: PipelineFamily;
  /** What GenAI can build from it (a class for inpainting only has no Text2Image or Image2Image pipeline). */
  readonly modes: readonly GenerationMode[];
}

const ALL_MODES: readonly GenerationMode[] = ['text2image', 'image2image', 'inpainting'];
const INPAINTING_ONLY: readonly GenerationMode[] = ['inpainting'];

/** GenAI's `_class_name` dispatch; any other class throws at construction. */
export const PIPELINE_CLASSES: Readonly<Record<string, PipelineClass>> = Object.freeze({
  StableDiffusionPipeline: { family: 'stable-diffusion', modes: ALL_MODES },
  LatentConsistencyModelPipeline: { family: 'stable-diffusion', modes: ALL_MODES },
  StableDiffusionInpaintPipeline: { family: 'stable-diffusion', modes: INPAINTING_ONLY },
  StableDiffusionXLPipeline: { family: 'stable-diffusion-xl', modes: ALL_MODES },
  StableDiffusionXLInpaintPipeline: { family: 'stable-diffusion-xl', modes: INPAINTING_ONLY },
  StableDiffusion3Pipeline: { family: 'stable-diffusion-3', modes: ALL_MODES },
  StableDiffusion3InpaintPipeline: { family: 'stable-diffusion-3', modes: INPAINTING_ONLY },
  FluxPipeline: { family: 'flux', modes: ALL_MODES },
  FluxInpaintPipeline: { family: 'flux', modes: INPAINTING_ONLY },
  FluxFillPipeline: { family: 'flux-fill', modes: INPAINTING_ONLY },
  Flux2KleinPipeline: { family: 'flux2-klein', modes: ['text2image', 'image2image'] },
});

/** The families this build runs; the others load their model_index.json and then stop with a clear error. */
export const SUPPORTED_FAMILIES: readonly PipelineFamily[] = ['stable-diffusion'];

/** GenAI's per-class ImageGenerationConfig defaults (initialize_generation_config). */
export interface GenerationDefaults {
  readonly guidanceScale: number;
  readonly numInferenceSteps: number;
  /** Text-to-image and inpainting; image-to-image has its own. */
  readonly strength: number;
  readonly image2imageStrength: number;
  /** unet.sample_size × vae_scale_factor (text-to-image and inpainting). */
  readonly width: number;
  readonly height: number;
}

/** Stable Diffusion 1.x/2.x and LCM: one CLIP text encoder, a UNet, an AutoencoderKL. */
export interface StableDiffusionModel {
  readonly family: 'stable-diffusion';
  readonly dir: string;
  readonly index: ModelIndex;
  /**
   * The pipelines OVMS builds for it: none but text-to-image without `vae_encoder/` (GenAI's Image2Image and
   * Inpainting pipelines read it), only inpainting for a 9-channel UNet.
   */
  readonly modes: readonly GenerationMode[];
  /** GenAI: unet.time_cond_proj_dim > 0 (negative prompts refused, timestep_cond fed). */
  readonly isLcm: boolean;
  /** in_channels == 2·latent_channels + 1 (9-channel inpainting UNet). */
  readonly isInpaintingModel: boolean;
  readonly scheduler: LoadedSchedulerConfig;
  readonly tokenizerDir: string;
  readonly textEncoder: ClipTextModelConfig;
  readonly unet: UNetConfig;
  readonly vae: AutoencoderKlConfig;
  readonly defaults: GenerationDefaults;
}

/** Every family shares the discriminant; only Stable Diffusion is implemented so far. */
export type DiffusionModel = StableDiffusionModel;

export interface ReadModelOptions {
  /** Read scheduler_config.json as this scheduler type (GenAI Scheduler::from_config(path, type)). */
  readonly scheduler?: SchedulerTypeName;
}

/** GenAI's classifier-free-guidance rule for this model (UNet2DConditionModel::do_classifier_free_guidance). */
export function doClassifierFreeGuidance(model: DiffusionModel, guidanceScale: number): boolean {
  return guidanceScale > 1 && model.unet.timeCondProjDim < 0;
}

export const sizeNotJoinable = (multiple: number, width: number, height: number): string =>
  `width and height must be multiples of ${multiple} for this model's UNet (got ${width}x${height})`;

/**
 * Why the exported UNet cannot denoise a width × height image, or undefined when it can. DEVIATION: GenAI (so OVMS
 * too) fails inside the UNet, where the exported upsampling (a fixed ×2) meets a skip connection of odd size
 * ("Concat ... shapes inconsistent"); requests and static resolutions are refused first, naming the size.
 */
export function unetSizeViolation(model: DiffusionModel, width: number, height: number): string | undefined {
  const multiple = model.vae.vaeScaleFactor * model.unet.latentMultiple;
  return width % multiple === 0 && height % multiple === 0 ? undefined : sizeNotJoinable(multiple, width, height);
}

/** Reads `dir` as GenAI's pipeline constructors do; FAILED_PRECONDITION naming the file or key on anything wrong. */
export function readDiffusionModel(dir: string, options: ReadModelOptions = {}): DiffusionModel {
  const reader = new ModelConfigReader();
  const index = reader.modelIndex(join(dir, 'model_index.json'));
  const pipelineClass = PIPELINE_CLASSES[index.className];
  if (pipelineClass === undefined) {
    throw refusal(join(dir, 'model_index.json'), '_class_name',
      `unsupported pipeline '${index.className}' (GenAI supports ${Object.keys(PIPELINE_CLASSES).join(', ')})`);
  }
  if (!SUPPORTED_FAMILIES.includes(pipelineClass.family)) {
    throw refusal(join(dir, 'model_index.json'), '_class_name',
      `'${index.className}' is not supported yet (supported: Stable Diffusion 1.x/2.x and Latent Consistency Models)`);
  }
  const componentClass = (key: string, expected: string, what: string): void => {
    const className = index.components[key]?.[1];
    if (className !== expected) {
      throw refusal(join(dir, 'model_index.json'), key, `unsupported '${className ?? 'null'}' ${what} type (expected '${expected}')`);
    }
  };
  componentClass('text_encoder', 'CLIPTextModel', 'text encoder');
  componentClass('unet', 'UNet2DConditionModel', 'UNet');
  componentClass('vae', 'AutoencoderKL', 'VAE decoder');

  const textEncoder = reader.clipTextModel(join(dir, 'text_encoder', 'config.json'));
  const unet = reader.unet(join(dir, 'unet', 'config.json'));
  const vae = reader.autoencoderKl(join(dir, 'vae_decoder', 'config.json'));
  if (unet.timeCondProjDim === 0) {
    throw refusal(join(dir, 'unet', 'config.json'), 'time_cond_proj_dim', 'must be positive or null (0 is neither LCM nor CFG in GenAI)');
  }
  const isInpaintingModel = isInpaintingUnet(unet.inChannels, vae.latentChannels);
  const tokenizerDir = join(dir, 'tokenizer');
  if (!existsSync(tokenizerDir)) throw new GraphError('FAILED_PRECONDITION', `${tokenizerDir} does not exist`, { file: tokenizerDir });
  const modes = servedModes(isInpaintingModel ? INPAINTING_ONLY : pipelineClass.modes, existsSync(join(dir, VAE_ENCODER_XML)));
  if (modes.length === 0) {
    // OVMS: "Failed to create any image generation pipeline" (an inpainting-only model needs the VAE encoder).
    throw new GraphError('FAILED_PRECONDITION', `${join(dir, VAE_ENCODER_XML)} does not exist (an inpainting model needs its VAE encoder)`,
      { file: join(dir, VAE_ENCODER_XML) });
  }

  return Object.freeze({
    family: 'stable-diffusion',
    dir,
    index,
    modes,
    isLcm: unet.timeCondProjDim > 0,
    isInpaintingModel,
    scheduler: readScheduler(dir, options.scheduler),
    tokenizerDir,
    textEncoder,
    unet,
    vae,
    defaults: stableDiffusionDefaults(unet.timeCondProjDim > 0, unet, vae),
  });
}

/** The VAE encoder's IR, relative to the model directory (what GenAI's AutoencoderKL reads for edits). */
export const VAE_ENCODER_XML = join('vae_encoder', 'openvino_model.xml');

/** OVMS builds Image2Image and Inpainting pipelines only when the VAE encoder loads; Text2Image never needs it. */
function servedModes(modes: readonly GenerationMode[], hasVaeEncoder: boolean): readonly GenerationMode[] {
  return hasVaeEncoder ? modes : modes.filter((mode) => mode === 'text2image');
}

function readScheduler(dir: string, forced: SchedulerTypeName | undefined): LoadedSchedulerConfig {
  const file = join(dir, 'scheduler', 'scheduler_config.json');
  const json = readJsonObject(file);
  const loaded = forced === undefined ? parseSchedulerConfig(json, file) : parseSchedulerConfigAs(json, file, forced);
  if (loaded.config.kind === 'flow-match-euler') {
    // GenAI's SD loop asks the scheduler for integer timesteps, which FlowMatch refuses ("doesn't support int timesteps").
    throw refusal(file, '_class_name', 'FlowMatchEulerDiscreteScheduler needs a SD3 or FLUX pipeline (Stable Diffusion uses integer timesteps)');
  }
  return loaded;
}

/**
 * initialize_generation_config for StableDiffusionPipeline / LatentConsistencyModelPipeline. OVMS derives its
 * Text2ImagePipeline from the inpainting one, and GenAI's derived pipelines pick the class by `is_lcm`
 * (time_cond_proj_dim > 0), so we do too.
 */
function stableDiffusionDefaults(isLcm: boolean, unet: UNetConfig, vae: AutoencoderKlConfig): GenerationDefaults {
  const side = unet.sampleSize * vae.vaeScaleFactor;
  return Object.freeze({
    guidanceScale: isLcm ? 8.5 : 7.5,
    numInferenceSteps: isLcm ? 4 : 50,
    strength: 1,
    image2imageStrength: Math.fround(0.8),
    width: side,
    height: side,
  });
}

function refusal(file: string, key: string, message: string): GraphError {
  return new GraphError('FAILED_PRECONDITION', `${file}: '${key}': ${message}`, { file });
}
