/**
 * @module bin/serve/load-servables
 * What the server serves, loaded in OVMS's two steps: before listening, every servable's graph text (its
 * graph.pbtxt, or OVMS's graph for the image_generation task flags) is parsed, expanded, validated, and the options
 * of its image-generation node checked as OVMS does at load; after, the model is read and compiled once (the
 * `pipes` side packet every graph instance shares) and the servable becomes AVAILABLE.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OpenVino } from '../../calculators/openvino/index.js';
import { IMAGE_GEN_RESOURCES_SIDE_PACKET, loadImageGenerationServable } from '../../calculators/pipeline/image-generation-servable.js';
import { prepareImageGenPipelineArgs, type ImageGenPipelineArgs } from '../../calculators/request/image-gen-options.js';
import {
  canonicalNodeNames, GraphConfigErrors, GraphError, loadGraphText, parseGraphText, subgraphPrefix, type GraphEnvironment,
  type ValidatedGraph,
} from '../../engine/index.js';
import { imageGenOptionsOf, REQUEST_NODE_NAME } from '../../graphs/image-generation-graph.js';
import { httpStreams, type GraphServable, type LoadedGraph } from '../../http/graph-servable.js';
import { UsageError } from '../command.js';
import { EXIT_FAILURE } from './messages.js';
import { taskPipelineGraph } from './ovms-graph-template.js';
import type { ServableDescriptor } from './servable.js';

export const graphInvalid = (name: string, problems: string): string => `servable '${name}': its graph is invalid:\n${problems}`;
export const graphUnreadable = (name: string, path: string, reason: string): string => `servable '${name}': cannot read ${path}: ${reason}`;
export const servableLoadFailed = (name: string, reason: string): string => `servable '${name}' failed to load: ${reason}`;
export const unknownSidePackets = (names: readonly string[]): string =>
  `the graph needs input side packets the server does not provide: ${names.join(', ')} ` +
  `(a served graph may take only "IMAGE_GEN_NODE_RESOURCES:${IMAGE_GEN_RESOURCES_SIDE_PACKET}")`;

/** Where the graph text of a generated graph says it came from (errors show it as the file). */
export const generatedGraphFile = (modelsPath: string): string => `${modelsPath} (--task image_generation graph)`;

/** A servable whose graph validated: ready to have its resources built. */
export interface ValidatedServable {
  readonly descriptor: ServableDescriptor;
  readonly graph: ValidatedGraph;
  /** The servable's image-generation pipeline arguments, when its graph generates images. */
  readonly imageGeneration?: ImageGenPipelineArgs;
  /** Inner nodes of expanded subgraphs shown under the subgraph node's name (OVMS's "ImageGenExecutor"). */
  readonly displayNode: (node: string) => string;
}

/** The graph text, the name errors give it, and the directory its relative paths start from. */
export function graphSource(descriptor: ServableDescriptor, env: GraphEnvironment, version: string): { readonly text: string; readonly file: string; readonly directory: string } {
  const { graph } = descriptor;
  if (graph.kind === 'image-generation-task') {
    return { text: taskPipelineGraph(graph.task, env, version), file: generatedGraphFile(graph.task.modelsPath), directory: descriptor.basePath };
  }
  try {
    return { text: readFileSync(graph.path, 'utf8'), file: graph.path, directory: dirname(graph.path) };
  } catch (error) {
    throw new UsageError(graphUnreadable(descriptor.name, graph.path, error instanceof Error ? error.message : String(error)), EXIT_FAILURE);
  }
}

/** Inner node name → the name of the subgraph node it came from (prefix `lower(name)__`), else itself. */
function subgraphDisplayNames(text: string, file: string, env: GraphEnvironment): (node: string) => string {
  const { config } = parseGraphText(text, env.schema, file);
  const names = canonicalNodeNames(config.node);
  const prefixes = config.node.flatMap((node, i) => (env.subgraphs.has(node.calculator) && names[i] !== undefined
    ? [[subgraphPrefix(names[i]), names[i]] as const] : []));
  return (node) => prefixes.find(([prefix]) => node.startsWith(prefix))?.[1] ?? node;
}

export interface ValidateContext {
  readonly env: GraphEnvironment;
  readonly version: string;
  /** `--cache_dir`: CACHE_DIR of every servable whose plugin_config sets none. */
  readonly cacheDir?: string;
}

/**
 * Parses and validates a servable's graph and its image-generation options (before the server listens). Throws
 * UsageError (exit 1) listing every problem as `file:line: message`; a graph-text generation error keeps its code.
 */
export function validateServable(descriptor: ServableDescriptor, context: ValidateContext): ValidatedServable {
  const { env } = context;
  const { text, file, directory } = graphSource(descriptor, env, context.version);
  const invalid = (problems: string): UsageError => new UsageError(graphInvalid(descriptor.name, problems), EXIT_FAILURE);
  let graph: ValidatedGraph;
  try {
    graph = loadGraphText(text, env, { file });
    httpStreams(graph);
  } catch (error) {
    if (error instanceof GraphConfigErrors) throw invalid(error.errors.map((e) => e.message).join('\n'));
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  const unknown = graph.requiredSidePackets.filter((name) => name !== IMAGE_GEN_RESOURCES_SIDE_PACKET);
  if (unknown.length > 0) throw invalid(`${file}: ${unknownSidePackets(unknown)}`);
  const options = imageGenOptionsOf(graph.config, env.schema);
  let imageGeneration: ImageGenPipelineArgs | undefined;
  if (options !== undefined) {
    try {
      imageGeneration = prepareImageGenPipelineArgs(options, {
        graphDirectory: directory, node: REQUEST_NODE_NAME, ...(context.cacheDir === undefined ? {} : { globalCacheDir: context.cacheDir }),
      });
    } catch (error) {
      throw invalid(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { descriptor, graph, imageGeneration, displayNode: subgraphDisplayNames(text, file, env) };
}

export interface LoadContext {
  /** The OpenVINO runtime, loaded on first use (graphs of core calculators never need it). */
  readonly openVino: () => OpenVino;
  /** What AUTO means for the graph pool (OVMS: min(REST workers, cores)). */
  readonly autoPoolSize: number;
  /** PICTOGRAPH_TRACE_DIR: a Chrome trace per run. */
  readonly traceDir?: string;
}

/** Builds a validated servable's resources and makes it AVAILABLE; on failure marks it and throws. */
export async function loadServable(validated: ValidatedServable, servable: GraphServable, context: LoadContext): Promise<void> {
  try {
    const loaded: LoadedGraph = {
      graph: validated.graph,
      sidePackets: {},
      autoPoolSize: context.autoPoolSize,
      displayNode: validated.displayNode,
      ...(context.traceDir === undefined ? {} : { traceDir: context.traceDir }),
    };
    const args = validated.imageGeneration;
    if (args === undefined) {
      servable.loaded(loaded);
      return;
    }
    const pipelines = await loadImageGenerationServable(args, context.openVino());
    servable.loaded({
      ...loaded,
      sidePackets: pipelines.sidePackets(),
      // OVMS routes every LoRA alias, single and composite, to the graph; STATIC or FUSE adapters hide the base name.
      aliases: [...args.loraAdapters.map((adapter) => adapter.alias), ...args.compositeLoraAdapters.keys()],
      isListed: !args.loraAdapters.some((adapter) => adapter.mode === 'STATIC' || adapter.mode === 'FUSE'),
      release: () => pipelines.dispose(),
    });
  } catch (error) {
    const reason = error instanceof GraphError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    const failure = new Error(servableLoadFailed(servable.name, reason), { cause: error });
    servable.failed(failure);
    throw failure;
  }
}
