/**
 * @module engine/runtime/calculator-graph
 * A runnable graph (CalculatorGraph): start a run with side packets, add packets to graph input streams, observe
 * any stream, close inputs, wait until idle or done, cancel. Each start creates a GraphRun; observers stay across runs.
 */
import type { ValidatedGraph } from '../graph/validated-graph.js';
import { GraphError } from '../status.js';
import { GraphRun, type NodeRuntimeInfo, type StartOptions } from './graph-run.js';
import type { StreamObserver } from './output-stream.js';
import { Packet } from './packet.js';
import { Timestamp } from './timestamp.js';

export type { InputRuntimeInfo, NodeRuntimeInfo, RunTracer, StartOptions } from './graph-run.js';

export class CalculatorGraph {
  private readonly observers = new Map<string, Set<StreamObserver>>();
  private run: GraphRun | undefined;

  constructor(readonly graph: ValidatedGraph) {
    if (graph.schemaOnly) throw new GraphError('FAILED_PRECONDITION', `${graph.file}: a graph validated schema-only cannot run`);
  }

  /**
   * Calls `observer` for every packet of `stream` (any stream of the graph, in this and later runs). Returns a
   * function that stops observing.
   */
  observe<T = unknown>(stream: string, observer: StreamObserver<T>): () => void {
    if (!this.graph.streams.has(stream)) throw new GraphError('NOT_FOUND', `no stream "${stream}" in ${this.graph.file}`, { stream });
    const untyped = observer as StreamObserver;
    const set = this.observers.get(stream) ?? new Set<StreamObserver>();
    this.observers.set(stream, set);
    set.add(untyped);
    this.run?.attachObserver(stream, untyped);
    return () => {
      set.delete(untyped);
      this.run?.detachObserver(stream, untyped);
    };
  }

  /** Starts a run: checks the required side packets, creates the calculators, schedules open. */
  start(options: StartOptions = {}): void {
    if (this.run !== undefined && !this.run.isFinished) {
      throw new GraphError('FAILED_PRECONDITION', 'the graph is still running (wait until done before starting again)');
    }
    const provided = options.sidePackets ?? {};
    const missing = this.graph.requiredSidePackets.filter((name) => !(name in provided));
    if (missing.length > 0) {
      throw new GraphError('INVALID_ARGUMENT', missing.map((name) => `Side packet "${name}" is required but was not provided.`).join('\n'));
    }
    this.run = new GraphRun(this.graph, this.observers, options);
  }

  /** Adds a packet to a graph input stream; timestamps must increase strictly per stream. */
  addPacket(stream: string, packet: Packet): void;
  addPacket<T>(stream: string, value: T, timestamp: Timestamp | number): void;
  addPacket(stream: string, packetOrValue: unknown, timestamp?: Timestamp | number): void {
    const packet = packetOrValue instanceof Packet && timestamp === undefined
      ? packetOrValue : Packet.of(packetOrValue, timestamp === undefined ? Timestamp.Unset : Timestamp.of(timestamp));
    this.current(stream).addPacket(stream, packet);
  }

  /** Promises that no packet below `bound` will be added to a graph input stream. */
  setInputBound(stream: string, bound: Timestamp): void {
    this.current(stream).setInputBound(stream, bound);
  }

  closeInput(stream: string): void {
    this.current(stream).closeInputs([stream]);
  }

  closeAllInputs(): void {
    this.current().closeInputs(this.graph.inputStreams.names);
  }

  /** Closes graph inputs and stops source nodes: the run drains and ends (MediaPipe CloseAllPacketSources). */
  closeAllPacketSources(): void {
    this.run?.closeAllPacketSources();
  }

  /** Resolves when nothing is queued or running; rejects with the run's error. */
  waitUntilIdle(): Promise<void> {
    return this.run?.waitUntilIdle() ?? Promise.resolve();
  }

  /** Resolves when every node closed after the inputs closed; rejects with a GraphRunError. */
  waitUntilDone(): Promise<void> {
    return this.run?.done ?? Promise.resolve();
  }

  /** Cancels the run: CANCELLED, `cx.signal` aborted, opened nodes closed. */
  cancel(reason?: unknown): void {
    this.run?.cancel(reason);
  }

  get hasError(): boolean {
    return this.run?.hasError ?? false;
  }

  get isRunning(): boolean {
    return this.run?.isRunning ?? false;
  }

  /** The signal calculators of the current run see. */
  get signal(): AbortSignal | undefined {
    return this.run?.signal;
  }

  /** A side packet produced by a node (or given at start), once available. */
  outputSidePacket(name: string): Packet | undefined {
    return this.run?.sidePacket(name);
  }

  /** The lowest timestamp above every stream's bound in the current run (where a pooled request may start). */
  nextFreeTimestamp(): Timestamp {
    return this.current().nextFreeTimestamp();
  }

  /** Per node: state, in flight, queues and bounds, handler verdict and the stream a stalled node waits on. */
  runtimeInfo(): NodeRuntimeInfo[] {
    return this.run?.runtimeInfo() ?? [];
  }

  /** The trace file of the current run (or run segment), when tracing. */
  get traceFile(): string | undefined {
    return this.run?.traceFile;
  }

  /**
   * A pooled graph never ends its run: writes the trace recorded so far as one file (one per request) and starts
   * the next. Returns the file written, if tracing.
   */
  flushTrace(): string | undefined {
    return this.run?.flushTrace();
  }

  private current(stream?: string): GraphRun {
    if (this.run === undefined) {
      throw new GraphError('FAILED_PRECONDITION', 'the graph is not running (call start first)', stream === undefined ? {} : { stream });
    }
    return this.run;
  }
}
