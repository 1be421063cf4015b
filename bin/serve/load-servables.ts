/**
 * @module bin/serve/load-servables
 * What the server serves, loaded in OVMS's two steps: before listening, every servable's graph text (its
 * graph.pbtxt, or the graph `--task image_generation` generates) is parsed, expanded and validated; after, the
 * resources its nodes need are built and the servable becomes AVAILABLE.
 */
import { readFileSync } from 'node:fs';
import { GraphConfigErrors, loadGraphText, type GraphEnvironment, type ValidatedGraph } from '../../engine/index.js';
import { httpStreams, type GraphServable } from '../../http/graph-servable.js';
import { UsageError } from '../command.js';
import { ovmsGraphTemplate } from './ovms-graph-template.js';
import { EXIT_FAILURE } from './messages.js';
import type { ServableDescriptor } from './servable.js';

export const graphInvalid = (name: string, problems: string): string => `servable '${name}': its graph is invalid:\n${problems}`;
export const graphUnreadable = (name: string, path: string, reason: string): string => `servable '${name}': cannot read ${path}: ${reason}`;
export const servableLoadFailed = (name: string, reason: string): string => `servable '${name}' failed to load: ${reason}`;

/** Where the graph text of a generated graph says it came from (errors show it as the file). */
export const generatedGraphFile = (modelsPath: string): string => `${modelsPath} (--task image_generation graph)`;

/** A servable whose graph validated: ready to have its resources built. */
export interface ValidatedServable {
  readonly descriptor: ServableDescriptor;
  readonly graph: ValidatedGraph;
}

/** The graph text and the name errors give it. */
export function graphSource(descriptor: ServableDescriptor, version: string): { readonly text: string; readonly file: string } {
  const { graph } = descriptor;
  if (graph.kind === 'image-generation-task') {
    return { text: ovmsGraphTemplate(graph.task, version), file: generatedGraphFile(graph.task.modelsPath) };
  }
  try {
    return { text: readFileSync(graph.path, 'utf8'), file: graph.path };
  } catch (error) {
    throw new UsageError(graphUnreadable(descriptor.name, graph.path, error instanceof Error ? error.message : String(error)), EXIT_FAILURE);
  }
}

/**
 * Parses and validates a servable's graph (before the server listens). Throws UsageError (exit 1) listing every
 * problem as `file:line: message`; a graph-text generation error keeps its own exit code.
 */
export function validateServable(descriptor: ServableDescriptor, env: GraphEnvironment, version: string): ValidatedServable {
  const { text, file } = graphSource(descriptor, version);
  try {
    const graph = loadGraphText(text, env, { file });
    httpStreams(graph);
    return { descriptor, graph };
  } catch (error) {
    if (error instanceof GraphConfigErrors) throw new UsageError(graphInvalid(descriptor.name, error.errors.map((e) => e.message).join('\n')), EXIT_FAILURE);
    throw new UsageError(graphInvalid(descriptor.name, error instanceof Error ? error.message : String(error)), EXIT_FAILURE);
  }
}

export interface LoadContext {
  /** What AUTO means for the graph pool (OVMS: min(REST workers, cores)). */
  readonly autoPoolSize: number;
  /** PICTOGRAPH_TRACE_DIR: a Chrome trace per run. */
  readonly traceDir?: string;
}

/** Builds a validated servable's resources and makes it AVAILABLE; on failure marks it and throws. */
export async function loadServable(validated: ValidatedServable, servable: GraphServable, context: LoadContext): Promise<void> {
  try {
    // Graphs of core calculators need no resources; image-generation nodes get theirs as side packets.
    const sidePackets: Record<string, unknown> = {};
    servable.loaded({
      graph: validated.graph,
      sidePackets,
      autoPoolSize: context.autoPoolSize,
      ...(context.traceDir === undefined ? {} : { traceDir: context.traceDir }),
    });
  } catch (error) {
    const failure = new Error(servableLoadFailed(servable.name, error instanceof Error ? error.message : String(error)), { cause: error });
    servable.failed(failure);
    throw failure;
  }
}
