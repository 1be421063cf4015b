/**
 * @module engine/serving/graph-pool
 * One run per request for a servable's graph, like OVMS's GraphQueue: a pool of started graph instances (size from
 * `# OVMS_GRAPH_QUEUE_MAX_SIZE:` or config; 0 = a fresh graph per request). Each request gets an instance and the
 * instance's next timestamp (strictly increasing); an instance whose run failed or was cancelled is rebuilt, never
 * handed out again.
 */
import { availableParallelism } from 'node:os';
import type { GraphQueueSize } from '../config/directives.js';
import type { ValidatedGraph } from '../graph/validated-graph.js';
import { CalculatorGraph, type RunTracer, type StartOptions } from '../runtime/calculator-graph.js';
import type { Packet } from '../runtime/packet.js';
import { Timestamp } from '../runtime/timestamp.js';
import { GraphError, toGraphError } from '../status.js';

export interface GraphPoolOptions {
  readonly graph: ValidatedGraph;
  /** Overrides the graph's directive; absent and no directive means 0 (a graph per request, OVMS's default). */
  readonly size?: GraphQueueSize;
  /** What AUTO means (OVMS: min(REST workers, cores)); default: the number of cores. */
  readonly autoSize?: number;
  /** Side packets for each graph instance (resources such as compiled models, shared across instances). */
  readonly sidePackets?: () => Readonly<Record<string, unknown>>;
  /** Write a Chrome trace per run into this folder. */
  readonly traceDir?: string;
  /** Receives every process slice of every instance (per-node timings for metrics). */
  readonly tracer?: RunTracer;
}

export interface PoolRequest {
  /** One value per graph input stream, added at the request's timestamp. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Aborting cancels the request's run (CANCELLED); the instance is rebuilt. */
  readonly signal?: AbortSignal;
  /** Called for every packet of the collected streams as it is produced (streaming responses). */
  readonly onPacket?: (stream: string, packet: Packet) => void;
  /** Streams to collect; default: the graph's output_stream list. */
  readonly outputs?: readonly string[];
}

export interface PoolResult {
  readonly timestamp: Timestamp;
  /** Packets per collected stream. */
  readonly outputs: Readonly<Record<string, readonly Packet[]>>;
}

/** Resolves AUTO and checks the size: AUTO → autoSize (at least 1); a count is clamped to the cores, as OVMS does. */
export function resolvePoolSize(size: GraphQueueSize | undefined, autoSize = availableParallelism()): number {
  if (size === undefined) return 0;
  if (size === 'AUTO') return Math.max(1, autoSize);
  return Math.min(size, availableParallelism());
}

interface Instance {
  readonly graph: CalculatorGraph;
  nextTimestamp: number;
}

export class GraphPool {
  /** 0: no pool, a fresh graph per request. */
  readonly size: number;
  private readonly idle: Instance[] = [];
  private readonly waiters: ((instance: Instance) => void)[] = [];
  private created = 0;
  private closed = false;
  /** How many instances were replaced after a failed or cancelled run. */
  rebuilds = 0;

  constructor(private readonly options: GraphPoolOptions) {
    this.size = resolvePoolSize(options.size ?? options.graph.queueSize, options.autoSize);
    for (let i = 0; i < this.size; i++) this.idle.push(this.createInstance());
  }

  private createInstance(): Instance {
    const graph = new CalculatorGraph(this.options.graph);
    graph.start(this.startOptions());
    this.created++;
    return { graph, nextTimestamp: 0 };
  }

  private startOptions(signal?: AbortSignal): StartOptions {
    return {
      sidePackets: this.options.sidePackets?.() ?? {},
      ...(signal === undefined ? {} : { signal }),
      ...(this.options.traceDir === undefined ? {} : { traceDir: this.options.traceDir }),
      ...(this.options.tracer === undefined ? {} : { tracer: this.options.tracer }),
    };
  }

  /** Runs one request and collects its outputs; rejects with the run's GraphError (CANCELLED when aborted). */
  async run(request: PoolRequest): Promise<PoolResult> {
    if (this.closed) throw new GraphError('UNAVAILABLE', 'the graph pool is closed');
    request.signal?.throwIfAborted();
    return this.size === 0 ? this.runFresh(request) : this.runPooled(request);
  }

  private collect(graph: CalculatorGraph, request: PoolRequest): { outputs: Record<string, Packet[]>; stop: () => void } {
    const streams = request.outputs ?? this.options.graph.outputStreams.names;
    const outputs: Record<string, Packet[]> = {};
    const stops = streams.map((stream) => {
      const packets: Packet[] = [];
      outputs[stream] = packets;
      return graph.observe(stream, {
        packet: (packet) => {
          packets.push(packet);
          request.onPacket?.(stream, packet);
        },
      });
    });
    return { outputs, stop: () => { for (const stop of stops) stop(); } };
  }

  private addInputs(graph: CalculatorGraph, request: PoolRequest, timestamp: Timestamp): void {
    for (const [stream, value] of Object.entries(request.inputs)) graph.addPacket(stream, value, timestamp);
  }

  private async runFresh(request: PoolRequest): Promise<PoolResult> {
    const graph = new CalculatorGraph(this.options.graph);
    const { outputs, stop } = this.collect(graph, request);
    try {
      graph.start(this.startOptions(request.signal));
      const timestamp = Timestamp.of(0);
      this.addInputs(graph, request, timestamp);
      graph.closeAllInputs();
      await graph.waitUntilDone();
      return { timestamp, outputs };
    } finally {
      stop();
    }
  }

  private async runPooled(request: PoolRequest): Promise<PoolResult> {
    const instance = await this.acquire(request.signal);
    const { graph } = instance;
    const { outputs, stop } = this.collect(graph, request);
    const cancel = (): void => graph.cancel(request.signal?.reason);
    request.signal?.addEventListener('abort', cancel, { once: true });
    let failed = false;
    try {
      // Strictly increasing per instance, and past anything earlier requests stamped inside the graph.
      const timestamp = Timestamp.of(Math.max(instance.nextTimestamp, graph.nextFreeTimestamp()));
      instance.nextTimestamp = timestamp + 1;
      this.addInputs(graph, request, timestamp);
      await graph.waitUntilIdle();
      if (graph.hasError) throw new GraphError('INTERNAL', 'graph failed without reporting an error');
      return { timestamp, outputs };
    } catch (error) {
      failed = true;
      throw toGraphError(error);
    } finally {
      request.signal?.removeEventListener('abort', cancel);
      stop();
      graph.flushTrace();
      this.release(instance, failed);
    }
  }

  /** An idle instance, waiting (FIFO) when every instance is busy. */
  private acquire(signal: AbortSignal | undefined): Promise<Instance> {
    const instance = this.idle.pop();
    if (instance !== undefined) return Promise.resolve(instance);
    return new Promise((resolve, reject) => {
      const take = (granted: Instance): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(granted);
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(take);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new GraphError('CANCELLED', 'request cancelled while waiting for a graph instance'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(take);
    });
  }

  private release(instance: Instance, failed: boolean): void {
    let next = instance;
    if (failed || instance.graph.hasError) {
      // OVMS GraphReinitGuard: a graph in error state is torn down and rebuilt, never reused.
      instance.graph.cancel('rebuilt after a failed request');
      this.rebuilds++;
      if (this.closed) return;
      next = this.createInstance();
    }
    if (this.closed) {
      next.graph.closeAllPacketSources();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter(next);
    else this.idle.push(next);
  }

  /** How many graph instances were created (initial ones plus rebuilds). */
  get instancesCreated(): number {
    return this.created;
  }

  /** Ends every idle instance's run (inputs closed, nodes closed). Busy instances end when released. */
  async close(): Promise<void> {
    this.closed = true;
    const instances = this.idle.splice(0, this.idle.length);
    await Promise.allSettled(instances.map((instance) => {
      instance.graph.closeAllPacketSources();
      return instance.graph.waitUntilDone();
    }));
  }
}
