/**
 * @module graphs/image-generation-graph
 * The image-generation graph `--task image_generation` (and `pictograph generate`) runs, printed from typed options:
 * OVMS's graph interface (`HTTP_REQUEST_PAYLOAD:input` → `HTTP_RESPONSE_PAYLOAD:output`, side packet
 * `IMAGE_GEN_NODE_RESOURCES:pipes`) with OVMS's single ImageGenCalculator node expanded into one calculator per stage.
 * graphs/image-generation/image-generation.pbtxt is this function's output for `models_path: "./"`.
 *
 * Side packets the stage nodes take (set by ImageGenResources from `pipes`): `pipeline` (ImageGenPipeline: OVMS's
 * args and the model's configs), `tokenizer`, `text_encoder`, `unet`, `vae_decoder`, `vae_encoder` and
 * `image_preprocessor` (undefined for a model that serves no edits). Streams: `generation_config`, `generator` →
 * `encoded_generator` → `noised_generator` → `masked_generator` (the request's RNG, passed on in GenAI's draw order:
 * image encode, noise, masked-image encode), `input_image`, `input_mask`, `processed_image`, `latent_mask`,
 * `masked_image`, `image_latent`, `masked_image_latent`, `noise` (edits only), `conditioning`, `scheduler`,
 * `initial_latent`, `denoise_loop` (back edge), `progress` (one DenoiseProgress per step; observe it by name),
 * `denoised_latent`, `images`, `pngs`.
 */
import {
  decodeOptions, loadGraphText, parseGraphText, type GraphConfig, type GraphEnvironment, type GraphQueueSize,
  type NodeConfig, type ProtoSchema, type SubgraphFactory, type ValidatedGraph,
} from '../engine/index.js';
import type { ImageGenCalculatorOptions } from '../calculators/request/image-gen-options.js';
import { IMAGE_GEN_CALCULATOR_OPTIONS } from '../calculators/request/image-gen-request-calculator.js';
import { printGraph, type GraphSpec, type NodeSpec, type TextMessage } from './graph-text.js';

export interface ImageGenerationGraphOptions {
  /** OVMS's node options, as the image_generation task flags give them (written fields only). */
  readonly calculatorOptions: ImageGenCalculatorOptions;
  /** The `# OVMS_GRAPH_QUEUE_MAX_SIZE:` directive; AUTO (OVMS's template) when omitted. */
  readonly graphQueueSize?: GraphQueueSize;
}

/** The node that decodes requests: OVMS's node name, so error texts name it as OVMS does. */
export const REQUEST_NODE_NAME = 'ImageGenExecutor';
/** The calculator OVMS graphs name; a subgraph of that type expands into this pipeline. */
export const OVMS_IMAGE_GEN_CALCULATOR = 'ImageGenCalculator';
/** Streams callers observe. */
export const GRAPH_STREAMS = Object.freeze({ input: 'input', output: 'output', progress: 'progress' });

const OPTIONS_TYPE = IMAGE_GEN_CALCULATOR_OPTIONS.typeName;

/** OVMS's template order of the options fields. */
function optionFields(options: ImageGenCalculatorOptions): TextMessage {
  const fields: [string, TextMessage[number][1]][] = [['models_path', options.models_path]];
  const scalar = (field: keyof ImageGenCalculatorOptions): void => {
    const value = options[field];
    if (value !== undefined && (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')) {
      fields.push([field, value]);
    }
  };
  for (const field of ['device', 'plugin_config', 'resolution', 'num_images_per_prompt', 'guidance_scale', 'max_resolution',
    'default_resolution', 'max_num_images_per_prompt', 'default_num_inference_steps', 'max_num_inference_steps'] as const) {
    scalar(field);
  }
  for (const adapter of options.lora_adapters ?? []) {
    const entry: [string, TextMessage[number][1]][] = [['alias', adapter.alias], ['path', adapter.path]];
    if (adapter.alpha !== undefined) entry.push(['alpha', adapter.alpha]);
    if (adapter.mode !== undefined) entry.push(['mode', { enum: adapter.mode }]);
    fields.push(['lora_adapters', entry]);
  }
  for (const composite of options.composite_lora_adapters ?? []) {
    const components = (composite.components ?? []).map((component): [string, TextMessage] => [
      'components',
      component.alpha === undefined ? [['adapter_alias', component.adapter_alias]]
        : [['adapter_alias', component.adapter_alias], ['alpha', component.alpha]],
    ]);
    fields.push(['composite_lora_adapters', [['alias', composite.alias], ...components]]);
  }
  return fields;
}

/** The stage nodes, in data-flow order (the generator's path fixes GenAI's draw order); `options` go on the request node. */
function pipelineNodes(options: ImageGenCalculatorOptions | undefined): NodeSpec[] {
  return [
    {
      comment: "The servable's resources (loaded once, shared by every graph instance) as one side packet per component.",
      name: 'ImageGenResources',
      calculator: 'ImageGenResourcesCalculator',
      inputSidePackets: ['IMAGE_GEN_NODE_RESOURCES:pipes'],
      outputSidePackets: ['PIPELINE:pipeline', 'TOKENIZER:tokenizer', 'TEXT_ENCODER:text_encoder', 'UNET:unet',
        'VAE_DECODER:vae_decoder', 'VAE_ENCODER:vae_encoder', 'IMAGE_PREPROCESSOR:image_preprocessor'],
    },
    {
      comment: "OVMS's request decoding (order and messages), GenAI's defaults and checks, the request's generator; "
        + 'edits also leave with their decoded image and mask.',
      name: REQUEST_NODE_NAME,
      calculator: 'ImageGenRequestCalculator',
      inputStreams: ['HTTP_REQUEST_PAYLOAD:input'],
      inputSidePackets: ['PIPELINE:pipeline'],
      outputStreams: ['GENERATION_CONFIG:generation_config', 'GENERATOR:generator', 'IMAGE:input_image', 'MASK:input_mask'],
      ...(options === undefined ? {} : { nodeOptions: { type: OPTIONS_TYPE, fields: optionFields(options) } }),
    },
    {
      comment: 'CLIP tokenizer and text encoder: one batch of [negative, positive] with classifier-free guidance.',
      name: 'PromptEncoder',
      calculator: 'PromptEncoderCalculator',
      inputStreams: ['GENERATION_CONFIG:generation_config'],
      inputSidePackets: ['PIPELINE:pipeline', 'TOKENIZER:tokenizer', 'TEXT_ENCODER:text_encoder'],
      outputStreams: ['CONDITIONING:conditioning'],
    },
    {
      comment: "Edits: the image (and mask) resized to the generation size and normalised as GenAI's preprocessing.",
      name: 'ImagePreprocessor',
      calculator: 'ImagePreprocessorCalculator',
      inputStreams: ['GENERATION_CONFIG:generation_config', 'IMAGE:input_image', 'MASK:input_mask'],
      inputSidePackets: ['PIPELINE:pipeline', 'IMAGE_PREPROCESSOR:image_preprocessor'],
      outputStreams: ['IMAGE:processed_image', 'MASK:latent_mask', 'MASKED_IMAGE:masked_image'],
    },
    {
      comment: 'Edits: the image latent, sampled with the generator before the initial noise is drawn.',
      name: 'ImageEncoder',
      calculator: 'VaeEncoderCalculator',
      inputStreams: ['IMAGE:processed_image', 'GENERATOR:generator'],
      inputSidePackets: ['VAE_ENCODER:vae_encoder', 'PIPELINE:pipeline'],
      outputStreams: ['LATENT:image_latent', 'GENERATOR:encoded_generator'],
    },
    {
      comment: 'Timesteps (cut by strength) and the initial latent: noise, or the image latent noised.',
      name: 'Scheduler',
      calculator: 'SchedulerCalculator',
      inputStreams: ['GENERATION_CONFIG:generation_config', 'GENERATOR:encoded_generator', 'IMAGE_LATENT:image_latent'],
      inputSidePackets: ['PIPELINE:pipeline'],
      outputStreams: ['SCHEDULER:scheduler', 'LATENT:initial_latent', 'GENERATOR:noised_generator', 'NOISE:noise'],
    },
    {
      comment: '9-channel inpainting UNets: the masked image latent, sampled after the noise.',
      name: 'MaskedImageEncoder',
      calculator: 'VaeEncoderCalculator',
      inputStreams: ['IMAGE:masked_image', 'GENERATOR:noised_generator'],
      inputSidePackets: ['VAE_ENCODER:vae_encoder', 'PIPELINE:pipeline'],
      outputStreams: ['LATENT:masked_image_latent', 'GENERATOR:masked_generator'],
    },
    {
      comment: 'The denoising loop, one UNet step per invocation through the LOOP back edge (its own sync set); '
        + 'inpainting adds the mask channels (9-channel UNets) or blends with the image latent (4-channel).',
      name: 'Denoiser',
      calculator: 'DenoiseCalculator',
      inputStreams: ['GENERATION_CONFIG:generation_config', 'CONDITIONING:conditioning', 'SCHEDULER:scheduler',
        'LATENT:initial_latent', 'GENERATOR:masked_generator', 'MASK:latent_mask',
        'MASKED_IMAGE_LATENT:masked_image_latent', 'IMAGE_LATENT:image_latent', 'NOISE:noise', 'LOOP:denoise_loop'],
      backEdges: ['LOOP:0'],
      syncSets: [['LOOP:0']],
      inputSidePackets: ['UNET:unet'],
      outputStreams: ['LATENT:denoised_latent', 'LOOP:denoise_loop', 'PROGRESS:progress'],
    },
    {
      comment: "VAE decoder with GenAI's post-processing merged into its IR: u8 RGB images.",
      name: 'VaeDecoder',
      calculator: 'VaeDecoderCalculator',
      inputStreams: ['LATENT:denoised_latent'],
      inputSidePackets: ['VAE_DECODER:vae_decoder'],
      outputStreams: ['IMAGES:images'],
    },
    {
      name: 'PngEncoder',
      calculator: 'PngEncoderCalculator',
      inputStreams: ['IMAGES:images'],
      outputStreams: ['PNGS:pngs'],
    },
    {
      comment: 'The response body: {"created": ..., "data": [{"b64_json": ...}, ...]}.',
      name: 'ImageGenResponse',
      calculator: 'ImageGenResponseCalculator',
      inputStreams: ['PNGS:pngs'],
      outputStreams: ['HTTP_RESPONSE_PAYLOAD:output'],
    },
  ];
}

function pipelineGraph(header: readonly string[], options: ImageGenCalculatorOptions | undefined): GraphSpec {
  return {
    header,
    inputStreams: ['HTTP_REQUEST_PAYLOAD:input'],
    outputStreams: ['HTTP_RESPONSE_PAYLOAD:output'],
    inputSidePackets: ['IMAGE_GEN_NODE_RESOURCES:pipes'],
    nodes: pipelineNodes(options),
  };
}

/** The typed graph for `options`. */
export function imageGenerationGraphSpec(options: ImageGenerationGraphOptions): GraphSpec {
  return pipelineGraph([
    'Image generation (text-to-image, image-to-image, inpainting): OpenVINO GenAI\'s Stable Diffusion pipelines as',
    'Pictograph calculators.',
    'Generated by buildImageGenerationGraph() (graphs/image-generation-graph.ts); edit freely.',
    `OVMS_GRAPH_QUEUE_MAX_SIZE: ${String(options.graphQueueSize ?? 'AUTO')}`,
  ], options.calculatorOptions);
}

/** The graph as pbtxt. */
export function imageGenerationGraphText(options: ImageGenerationGraphOptions): string {
  return printGraph(imageGenerationGraphSpec(options));
}

export interface BuiltGraph {
  readonly text: string;
  readonly graph: ValidatedGraph;
}

/** Prints the graph, then parses and validates it in `env` (throws the engine's GraphConfigErrors on a problem). */
export function buildImageGenerationGraph(options: ImageGenerationGraphOptions, env: GraphEnvironment,
  file = '<generated image_generation graph>'): BuiltGraph {
  const text = imageGenerationGraphText(options);
  return { text, graph: loadGraphText(text, env, { file }) };
}

/**
 * A SubgraphFactory for OVMS's `ImageGenCalculator` node: register it under OVMS_IMAGE_GEN_CALCULATOR and an OVMS
 * graph.pbtxt runs this pipeline unchanged. The outer node's options move to the inner request node; the outer
 * node's HTTP_REQUEST_PAYLOAD, HTTP_RESPONSE_PAYLOAD and IMAGE_GEN_NODE_RESOURCES connect by tag.
 */
export function imageGenerationSubgraphFactory(schema: ProtoSchema): SubgraphFactory {
  const inner = parseGraphText(printGraph(pipelineGraph([], undefined)), schema, '<ImageGenCalculator subgraph>').config;
  return (outer: NodeConfig): GraphConfig => ({
    ...inner,
    node: inner.node.map((node) => (node.name === REQUEST_NODE_NAME
      ? { ...node, node_options: outer.node_options, ...(outer.options === undefined ? {} : { options: outer.options }) }
      : node)),
  });
}

/**
 * The ImageGenCalculatorOptions of a graph: those of its request node (or of an OVMS ImageGenCalculator node), as
 * written. Undefined when no node carries them.
 */
export function imageGenOptionsOf(config: GraphConfig, schema: ProtoSchema): ImageGenCalculatorOptions | undefined {
  const node = config.node.find((candidate) =>
    candidate.calculator === 'ImageGenRequestCalculator' || candidate.calculator.endsWith(OVMS_IMAGE_GEN_CALCULATOR));
  if (node === undefined) return undefined;
  return decodeOptions<ImageGenCalculatorOptions>(schema, node, OPTIONS_TYPE, { asWritten: true });
}
