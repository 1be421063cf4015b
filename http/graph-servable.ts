/**
 * @module http/graph-servable
 * A servable backed by a graph (OVMS's MediapipeGraphDefinition + executor): the request payload goes into the
 * graph input stream `input` (OVMS hard-codes the name), the response body comes out of the HTTP_RESPONSE_PAYLOAD
 * output, one GraphPool run per request with the servable's shared side packets. Reports OVMS's graph metrics.
 */
import type { RequestPayload } from '../calculators/request/request-payload.js';
import {
  GraphError, GraphPool, GraphRunError, type GraphQueueSize, type Packet, type RunTracer, type ValidatedGraph,
} from '../engine/index.js';
import { HttpError } from './errors.js';
import type { ServableMetrics } from './metrics.js';
import type { Servable, ServableState } from './servable.js';

/** OVMS's graph input stream name for HTTP requests (createAndPushPacketsImpl). */
export const REQUEST_STREAM = 'input';
/** The tag of the graph output stream that carries the response body. */
export const RESPONSE_TAG = 'HTTP_RESPONSE_PAYLOAD';

export const missingRequestStream = (file: string): string =>
  `${file}: a served graph needs the input stream "HTTP_REQUEST_PAYLOAD:${REQUEST_STREAM}" (OVMS pushes each request into "${REQUEST_STREAM}")`;
export const missingResponseStream = (file: string): string =>
  `${file}: a served graph needs an output_stream, e.g. "${RESPONSE_TAG}:output"`;
export const noResponse = (servable: string, stream: string): string =>
  `the graph of servable '${servable}' produced no response on its output stream "${stream}"`;
export const notAResponse = (servable: string, stream: string, what: string): string =>
  `the graph of servable '${servable}' produced ${what} on its output stream "${stream}", not a response body`;

/** Where a graph takes requests and gives responses; throws Error naming the graph file when it cannot serve HTTP. */
export function httpStreams(graph: ValidatedGraph): { readonly input: string; readonly output: string } {
  if (!graph.inputStreams.names.includes(REQUEST_STREAM)) throw new Error(missingRequestStream(graph.file));
  const output = graph.outputStreams.name(RESPONSE_TAG) ?? graph.outputStreams.names[0];
  if (output === undefined) throw new Error(missingResponseStream(graph.file));
  return { input: REQUEST_STREAM, output };
}

/** What loading a graph servable produced. */
export interface LoadedGraph {
  readonly graph: ValidatedGraph;
  /** The resources every graph instance shares (compiled models, tokenizers), by side packet name. */
  readonly sidePackets: Readonly<Record<string, unknown>>;
  /** Overrides the graph's `# OVMS_GRAPH_QUEUE_MAX_SIZE` directive. */
  readonly poolSize?: GraphQueueSize;
  /** What AUTO means (OVMS: min(REST workers, cores)). */
  readonly autoPoolSize?: number;
  /** LoRA aliases routed to this servable. */
  readonly aliases?: readonly string[];
  /** False hides the servable's own name from /v3/models. */
  readonly isListed?: boolean;
  /**
   * The node name errors show for a node: an inner node of an expanded subgraph shows as the subgraph's node, as
   * OVMS shows its single ImageGenCalculator node ("ImageGenExecutor").
   */
  readonly displayNode?: (node: string) => string;
  /** Frees what loading made (native resources); called once no run uses them. */
  readonly release?: () => void | Promise<void>;
  /** Write a Chrome trace per run into this folder. */
  readonly traceDir?: string;
}

interface Active {
  readonly loaded: LoadedGraph;
  readonly pool: GraphPool;
  readonly input: string;
  readonly output: string;
}

export class GraphServable implements Servable {
  private stateValue: ServableState = 'LOADING';
  private active: Active | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Why loading failed, for /v1/config and logs. */
  loadError: Error | undefined;

  constructor(readonly name: string, private readonly metrics?: ServableMetrics) {}

  get state(): ServableState {
    return this.stateValue;
  }

  get aliases(): readonly string[] {
    return this.active?.loaded.aliases ?? [];
  }

  get isListed(): boolean {
    return this.active?.loaded.isListed ?? true;
  }

  /** Loading finished: builds the pool (instances start now) and makes the servable AVAILABLE. */
  loaded(loaded: LoadedGraph): void {
    if (this.stateValue !== 'LOADING') throw new Error(`servable '${this.name}' is ${this.stateValue}, not LOADING`);
    const { input, output } = httpStreams(loaded.graph);
    const pool = new GraphPool({
      graph: loaded.graph,
      sidePackets: () => loaded.sidePackets,
      ...(loaded.poolSize === undefined ? {} : { size: loaded.poolSize }),
      ...(loaded.autoPoolSize === undefined ? {} : { autoSize: loaded.autoPoolSize }),
      ...(loaded.traceDir === undefined ? {} : { traceDir: loaded.traceDir }),
      ...(this.metrics === undefined ? {} : { tracer: this.nodeTimer(loaded.graph, this.metrics) }),
    });
    this.active = { loaded, pool, input, output };
    this.stateValue = 'AVAILABLE';
  }

  failed(error: Error): void {
    this.loadError = error;
    this.stateValue = 'LOADING_FAILED';
  }

  async run(payload: RequestPayload, signal: AbortSignal): Promise<string> {
    const active = this.active;
    if (this.stateValue !== 'AVAILABLE' || active === undefined) {
      this.metrics?.requestRejected();
      throw HttpError.of(this.stateValue === 'LOADING' ? 'MEDIAPIPE_DEFINITION_NOT_LOADED_YET' : 'MEDIAPIPE_DEFINITION_NOT_LOADED_ANYMORE');
    }
    const running = this.runOn(active, payload, signal);
    this.inFlight.add(running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(running);
    }
  }

  private async runOn({ loaded, pool, input, output }: Active, payload: RequestPayload, signal: AbortSignal): Promise<string> {
    this.metrics?.requestAccepted();
    const ended = this.metrics?.graphStarted();
    let body: string | undefined;
    try {
      const result = await pool.run({ inputs: { [input]: payload }, signal, outputs: [output] });
      body = this.responseBody(result.outputs[output] ?? [], output);
      this.metrics?.response();
      return body;
    } catch (error) {
      this.metrics?.graphError();
      throw loaded.displayNode === undefined ? error : relabelled(error, loaded.displayNode);
    } finally {
      ended?.(body !== undefined);
    }
  }

  private responseBody(packets: readonly Packet[], stream: string): string {
    const packet = packets.find((p) => !p.isEmpty());
    if (packet === undefined) throw new HttpError('INTERNAL_ERROR', noResponse(this.name, stream));
    const value: unknown = packet.value;
    if (typeof value !== 'string') {
      const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value !== 'object' ? `a ${typeof value}`
        : value.constructor === Object || value.constructor === undefined ? 'an object' : `a ${value.constructor.name}`;
      throw new HttpError('INTERNAL_ERROR', notAResponse(this.name, stream, what));
    }
    return value;
  }

  private nodeTimer(graph: ValidatedGraph, metrics: ServableMetrics): RunTracer {
    const calculators = new Map(graph.nodes.map((node) => [node.name, node.calculator]));
    return {
      process: (node, _nodeId, _startMs, durationMs) => metrics.nodeProcessed(node, calculators.get(node) ?? '', durationMs),
      end: () => {},
    };
  }

  /** Stops taking requests, waits for the runs in flight, closes the pool and frees the servable's resources. */
  async unload(): Promise<void> {
    if (this.stateValue !== 'AVAILABLE') {
      this.stateValue = 'END';
      return;
    }
    this.stateValue = 'UNLOADING';
    await Promise.allSettled([...this.inFlight]);
    const active = this.active;
    this.active = undefined;
    if (active !== undefined) {
      await active.pool.close();
      await active.loaded.release?.();
    }
    this.stateValue = 'END';
  }
}

/** A run's errors with the node names the servable shows (each error keeps its own as the cause). */
function relabelled(error: unknown, displayNode: (node: string) => string): unknown {
  if (!(error instanceof GraphRunError)) return error;
  const errors = error.errors.map((inner) => {
    const node = inner.at.node;
    const shown = node === undefined ? undefined : displayNode(node);
    if (node === undefined || shown === undefined || shown === node) return inner;
    return new GraphError(inner.code, inner.message.replace(`for node "${node}" failed: `, `for node "${shown}" failed: `),
      { ...inner.at, node: shown }, { cause: inner.cause });
  });
  return new GraphRunError(errors);
}
