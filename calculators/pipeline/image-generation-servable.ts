/**
 * @module calculators/pipeline/image-generation-servable
 * Loads an image-generation servable once: reads the model directory (model_index.json dispatch, configs with
 * GenAI's defaults), builds the tokenizer, compiles each component on its stage's device with the servable's
 * plugin_config (the VAE decoder with GenAI's post-processing merged in; the VAE encoder and GenAI's CPU preprocessing
 * models when the model serves edits), reshaped first to the static shape when the servable has exactly one static
 * resolution (static-shape.ts, as OVMS and GenAI), and hands the graph its resources. Compiled models are shared by every graph
 * instance and request (text-to-image, image-to-image and inpainting alike); each calculator makes its own infer
 * requests.
 */
import { join } from 'node:path';
import { GraphError } from '../../engine/status.js';
import { readIrFile, serializeIr } from '../openvino/ir/index.js';
import type { CompiledModel, Core, Model, OpenVino } from '../openvino/index.js';
import type { ImageGenPipelineArgs } from '../request/image-gen-options.js';
import type { SchedulerTypeName } from '../schedulers/scheduler-types.js';
import { ImagePreprocessor } from '../image/image-preprocessor.js';
import { ClipTokenizer } from '../text/clip-tokenizer.js';
import { mergeVaeImagePostProcessing } from '../vae/vae-decoder-ir.js';
import { compileProperties, stageDevices } from './compile-properties.js';
import { readDiffusionModel } from './diffusion-model.js';
import type { CompiledComponent, ComponentName, ImageGenResources } from './image-gen-resources.js';
import { reshapeToStaticShape, staticShapeOf } from './static-shape.js';

/** The graph-level input side packet the resources go in (OVMS's `IMAGE_GEN_NODE_RESOURCES:pipes`). */
export const IMAGE_GEN_RESOURCES_SIDE_PACKET = 'pipes';

export interface LoadServableOptions {
  /** Read the scheduler config as this type (GenAI's set_scheduler / from_config(path, type)); `pictograph generate --scheduler`. */
  readonly scheduler?: SchedulerTypeName;
}

export const LORA_NOT_SUPPORTED = 'LoRA adapters (lora_adapters) are not supported yet';

export interface LoadTimings {
  /** Reading configs, tokenizer and IRs (the VAE decoder rewrite included). */
  readonly readMs: number;
  readonly compileMs: number;
  readonly totalMs: number;
}

export class ImageGenerationServable {
  private disposed = false;

  constructor(readonly resources: ImageGenResources, readonly timings: LoadTimings, private readonly core: Core) {}

  /** The side packets a graph instance starts with: `{ pipes: resources }`. */
  sidePackets(): Readonly<Record<string, unknown>> {
    return { [IMAGE_GEN_RESOURCES_SIDE_PACKET]: this.resources };
  }

  /** Frees the compiled models (after every graph instance using them has closed). Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const { textEncoder, unet, vaeDecoder, vaeEncoder, imagePreprocessor } = this.resources;
    for (const component of [textEncoder, unet, vaeDecoder, vaeEncoder]) component?.model.dispose();
    imagePreprocessor?.dispose();
    this.core.dispose();
  }
}

/**
 * Loads the servable described by `args` (from prepareImageGenPipelineArgs). Errors: FAILED_PRECONDITION naming the
 * file or key for an unreadable or unsupported model, INVALID_ARGUMENT for a static shape GenAI's reshape refuses,
 * UNIMPLEMENTED for options this build does not run yet (LoRA), and OpenVINO's own error (with its native message)
 * when a reshape or compile fails.
 */
export async function loadImageGenerationServable(args: ImageGenPipelineArgs, openVino: OpenVino,
  options: LoadServableOptions = {}): Promise<ImageGenerationServable> {
  if (args.loraAdapters.length > 0) throw new GraphError('UNIMPLEMENTED', LORA_NOT_SUPPORTED);
  const started = performance.now();
  const model = readDiffusionModel(args.modelsPath, { scheduler: options.scheduler });
  const staticShape = staticShapeOf(args, model);
  const tokenizer = ClipTokenizer.fromDirectory(model.tokenizerDir);
  const core = openVino.createCore();
  const sources: Model[] = [];
  try {
    const devices = stageDevices(args.devices, () => core.availableDevices());
    const read = (name: ComponentName): Model => {
      const xml = join(model.dir, name, 'openvino_model.xml');
      let source: Model;
      if (name === 'vae_decoder') {
        const graph = readIrFile(xml);
        mergeVaeImagePostProcessing(graph, model.vae);
        const { xml: text, bin } = serializeIr(graph);
        source = core.readModelFromMemory(text, bin);
      } else {
        source = core.readModel(xml);
      }
      sources.push(source);
      // GenAI reshapes the read models (the decoder with its post-processing merged in) before compiling them.
      if (staticShape !== undefined) reshapeToStaticShape(name, source, model, staticShape);
      return source;
    };
    // GenAI's Image2Image and Inpainting pipelines (and only they) read the VAE encoder.
    const servesEdits = model.modes.some((mode) => mode !== 'text2image');
    const stages: readonly (readonly [ComponentName, string])[] = [['text_encoder', devices.textEncoder],
      ['unet', devices.denoiser], ['vae_decoder', devices.vae], ...(servesEdits ? [['vae_encoder', devices.vae] as const] : [])];
    const toCompile = stages.map(([name, device]) => ({ name, device, source: read(name) }));
    const readDone = performance.now();
    // GenAI compiles one after another; the results do not depend on the order.
    const settled = await Promise.allSettled([
      ...toCompile.map(async ({ name, device, source }): Promise<CompiledComponent> =>
        ({ name, device, model: await core.compileModel(source, device, compileProperties(args.pluginConfig, device)), openVino })),
      servesEdits ? ImagePreprocessor.compile(openVino, core) : undefined,
    ]);
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed !== undefined) {
      // Nothing compiled may leak when another compile fails.
      for (const outcome of settled) if (outcome.status === 'fulfilled') release(outcome.value);
      throw failed.reason;
    }
    const values = settled.map((outcome) => (outcome as PromiseFulfilledResult<CompiledComponent | ImagePreprocessor | undefined>).value);
    const byName = new Map(values.filter((value): value is CompiledComponent => value !== undefined && !(value instanceof ImagePreprocessor))
      .map((component) => [component.name, component]));
    const imagePreprocessor = values.find((value): value is ImagePreprocessor => value instanceof ImagePreprocessor);
    const stage = (name: ComponentName): CompiledComponent => {
      const component = byName.get(name);
      if (component === undefined) throw new GraphError('INTERNAL', `${name} was not compiled`);
      return component;
    };
    const done = performance.now();
    const resources: ImageGenResources = Object.freeze({
      pipeline: Object.freeze({ args, model, staticShape }),
      tokenizer,
      textEncoder: stage('text_encoder'),
      unet: stage('unet'),
      vaeDecoder: stage('vae_decoder'),
      vaeEncoder: byName.get('vae_encoder'),
      imagePreprocessor,
    });
    return new ImageGenerationServable(resources,
      { readMs: readDone - started, compileMs: done - readDone, totalMs: done - started }, core);
  } catch (error) {
    core.dispose();
    throw error;
  } finally {
    for (const source of sources) source.dispose();
  }
}

/** Frees one compiled component or the preprocessing models. */
function release(value: CompiledComponent | ImagePreprocessor | undefined): void {
  if (value instanceof ImagePreprocessor) value.dispose();
  else value?.model.dispose();
}
