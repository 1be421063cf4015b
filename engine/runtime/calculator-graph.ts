/**
 * @module engine/runtime/calculator-graph
 * A runnable graph (CalculatorGraph) on one event loop: start a run with side packets, add packets to graph input
 * streams, observe any stream, close inputs, wait until idle or done, cancel. Errors follow MediaPipe: record,
 * stop scheduling, abort `cx.signal`, still close every opened node, end with one combined error.
 */
import { STOP, type ProcessResult } from '../graph/contract.js';
import { anyType } from '../graph/packet-type.js';
import type { ValidatedGraph } from '../graph/validated-graph.js';
import { GraphError, GraphRunError, toGraphError } from '../status.js';
import { CalculatorNode, type NodeHost, type NodeInvocation } from './calculator-node.js';
import { OutputStream, type StreamObserver } from './output-stream.js';
import { Packet } from './packet.js';
import { TaskQueue } from './scheduler.js';
import { Timestamp } from './timestamp.js';
import { ChromeTraceRecorder, nextTraceFile } from '../tools/trace.js';

/** Receives one event per process call when tracing (engine/tools/trace.ts writes them as Chrome trace JSON). */
export interface RunTracer {
  process(node: string, nodeId: number, startMs: number, durationMs: number, inputTimestamp: Timestamp): void;
  /** The run ended (successfully or not). */
  end(): void;
}

export interface StartOptions {
  /** Input side packets by name (resources such as compiled models). */
  readonly sidePackets?: Readonly<Record<string, unknown>>;
  /** Aborting it cancels the run (CANCELLED). */
  readonly signal?: AbortSignal;
  /** Receives process slices; without it, tracing follows `profiler_config.trace_enabled` or `traceDir`. */
  readonly tracer?: RunTracer;
  /** Write a Chrome trace of every run into this folder (bin/ sets it from PICTOGRAPH_TRACE_DIR). */
  readonly traceDir?: string;
}

/** Tasks run per event-loop turn before yielding to I/O. */
const TASKS_PER_TURN = 1000;
const PHASE_NAME = { open: 'Open', process: 'Process', close: 'Close' } as const;

type RunState = 'idle' | 'running' | 'failed' | 'done';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function';
}

export class CalculatorGraph implements NodeHost {
  private readonly observers = new Map<string, Set<StreamObserver>>();
  private state: RunState = 'idle';
  private nodes: CalculatorNode[] = [];
  private streams = new Map<string, OutputStream>();
  private sidePackets = new Map<string, Packet>();
  private tasks = new TaskQueue();
  private dirty: CalculatorNode[] = [];
  private running = 0;
  private loopScheduled = false;
  private inLoop = false;
  private errors: GraphError[] = [];
  private abort = new AbortController();
  private tracer: RunTracer | undefined;
  private traceDir: string | undefined;
  /** Increments per run, so that a late async completion of an earlier run is ignored. */
  private generation = 0;
  private idleWaiters: Waiter[] = [];
  private doneWaiter: Waiter | undefined;
  private donePromise: Promise<void> = Promise.resolve();
  private cleaning = false;
  /** The failed run finished its cleanup. */
  private ended = false;

  constructor(readonly graph: ValidatedGraph) {
    if (graph.schemaOnly) throw new GraphError('FAILED_PRECONDITION', `${graph.file}: a graph validated schema-only cannot run`);
  }

  // ---- public API --------------------------------------------------------------------------------------------

  /**
   * Calls `observer` for every packet of `stream` (any stream of the graph, in this and later runs). Returns a
   * function that stops observing.
   */
  observe<T = unknown>(stream: string, observer: StreamObserver<T>): () => void {
    if (!this.graph.streams.has(stream)) throw new GraphError('NOT_FOUND', `no stream "${stream}" in ${this.graph.file}`, { stream });
    const set = this.observers.get(stream) ?? new Set<StreamObserver>();
    this.observers.set(stream, set);
    set.add(observer as StreamObserver);
    this.streams.get(stream)?.observers.add(observer as StreamObserver);
    return () => {
      set.delete(observer as StreamObserver);
      this.streams.get(stream)?.observers.delete(observer as StreamObserver);
    };
  }

  /** Starts a run: checks side packets, creates the calculators, schedules open. */
  start(options: StartOptions = {}): void {
    if (this.state === 'running' || (this.state === 'failed' && !this.ended)) {
      throw new GraphError('FAILED_PRECONDITION', 'the graph is still running (wait until done before starting again)');
    }
    const provided = options.sidePackets ?? {};
    const missing = this.graph.requiredSidePackets.filter((name) => !(name in provided));
    if (missing.length > 0) {
      throw new GraphError('INVALID_ARGUMENT', missing.map((name) => `Side packet "${name}" is required but was not provided.`).join('\n'));
    }
    this.reset(options);
    for (const [name, value] of Object.entries(provided)) this.sidePackets.set(name, value instanceof Packet ? value : Packet.of(value));
    if (options.signal !== undefined) {
      const signal = options.signal;
      if (signal.aborted) this.cancel(signal.reason);
      else signal.addEventListener('abort', () => this.cancel(signal.reason), { once: true });
    }
    for (const node of this.nodes) this.markDirty(node);
    this.checkDone();
  }

  /** Adds a packet to a graph input stream; timestamps must increase strictly per stream. */
  addPacket(stream: string, packet: Packet): void;
  addPacket<T>(stream: string, value: T, timestamp: Timestamp | number): void;
  addPacket(stream: string, packetOrValue: unknown, timestamp?: Timestamp | number): void {
    const input = this.graphInput(stream);
    const packet = packetOrValue instanceof Packet && timestamp === undefined
      ? packetOrValue : Packet.of(packetOrValue, timestamp === undefined ? Timestamp.Unset : Timestamp.of(timestamp));
    if (!Timestamp.isAllowedInStream(packet.timestamp) || packet.timestamp < input.bound) {
      throw new GraphError('FAILED_PRECONDITION', `Packet timestamp mismatch on graph input stream "${stream}". Current ` +
        `minimum expected timestamp is ${Timestamp.toString(input.bound)} but received ${Timestamp.toString(packet.timestamp)}.`, { stream });
    }
    input.accept(packet);
    input.deliver([packet], input.bound);
    this.kick();
  }

  /** Promises that no packet below `bound` will be added to a graph input stream. */
  setInputBound(stream: string, bound: Timestamp): void {
    const input = this.graphInput(stream);
    if (bound > input.bound) input.deliver([], bound);
    this.kick();
  }

  closeInput(stream: string): void {
    const input = this.graphInput(stream);
    if (!input.isClosed) input.deliver([], Timestamp.Done);
    this.kick();
    this.checkDone();
  }

  closeAllInputs(): void {
    for (const name of this.graph.inputStreams.names) {
      const input = this.streams.get(name);
      if (input !== undefined && !input.isClosed) input.deliver([], Timestamp.Done);
    }
    this.kick();
    this.checkDone();
  }

  /** Closes graph inputs and stops source nodes: the run drains and ends (MediaPipe CloseAllPacketSources). */
  closeAllPacketSources(): void {
    for (const node of this.nodes) {
      if (node.spec.isSource && !node.sourceStopped) {
        node.sourceStopped = true;
        this.markDirty(node);
      }
    }
    this.closeAllInputs();
  }

  /** Resolves when nothing is queued or running; rejects with the run's error. */
  waitUntilIdle(): Promise<void> {
    if (this.state === 'failed' && this.ended) return Promise.reject(this.runError());
    if (this.state !== 'failed' && this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  /** Resolves when every node closed after the inputs closed; rejects with a GraphRunError. */
  waitUntilDone(): Promise<void> {
    return this.donePromise;
  }

  /** Cancels the run: CANCELLED, `cx.signal` aborted, opened nodes closed. */
  cancel(reason?: unknown): void {
    if (this.state !== 'running') return;
    const detail = reason instanceof Error ? `: ${reason.message}` : typeof reason === 'string' ? `: ${reason}` : '';
    this.recordError(new GraphError('CANCELLED', `CalculatorGraph run was cancelled${detail}`, {}, { cause: reason }));
  }

  get hasError(): boolean {
    return this.errors.length > 0;
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  /** A side packet produced by a node (or given at start), once available. */
  outputSidePacket(name: string): Packet | undefined {
    return this.sidePackets.get(name);
  }

  // ---- NodeHost ----------------------------------------------------------------------------------------------

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  sidePacket(name: string): Packet | undefined {
    return this.sidePackets.get(name);
  }

  setSidePacket(name: string, packet: Packet, producer: string): void {
    if (this.sidePackets.has(name)) {
      throw new GraphError('ALREADY_EXISTS', `output side packet "${name}" was already set`, { node: producer });
    }
    this.sidePackets.set(name, packet);
    for (const node of this.nodes) if (node.state === 'unopened') this.markDirty(node);
  }

  markDirty(node: CalculatorNode): void {
    if (node.dirty) return;
    node.dirty = true;
    this.dirty.push(node);
    this.kick();
  }

  // ---- run state ---------------------------------------------------------------------------------------------

  private reset(options: StartOptions): void {
    this.state = 'running';
    this.generation++;
    this.errors = [];
    this.abort = new AbortController();
    this.tasks = new TaskQueue();
    this.dirty = [];
    this.running = 0;
    this.cleaning = false;
    this.ended = false;
    this.traceDir = options.traceDir;
    this.tracer = options.tracer ?? this.configTracer(options.traceDir);
    this.sidePackets = new Map();
    this.donePromise = new Promise<void>((resolve, reject) => { this.doneWaiter = { resolve, reject }; });
    this.donePromise.catch(() => {}); // the caller may never wait; the rejection is still delivered to those who do
    const streams = new Map<string, OutputStream>();
    for (const info of this.graph.streams.values()) {
      const producer = info.producer === undefined ? 'graph input' : this.graph.nodes[info.producer]?.name ?? '?';
      const type = info.producer === undefined ? anyType() : this.graph.nodes[info.producer]?.outputs.find((o) => o.stream === info.name)?.type ?? anyType();
      const stream = new OutputStream(info.name, producer, type);
      for (const observer of this.observers.get(info.name) ?? []) stream.observers.add(observer);
      streams.set(info.name, stream);
    }
    this.streams = streams;
    this.nodes = this.graph.nodes.map((spec) =>
      new CalculatorNode(spec, spec.outputs.map((output) => streams.get(output.stream) as OutputStream), this));
    for (const node of this.nodes) {
      node.queues.forEach((queue, id) => {
        streams.get(node.spec.inputs[id]?.stream ?? '')?.mirrors.push({ queue, notify: () => this.markDirty(node) });
      });
    }
  }

  /** The trace file of the last traced run (or run segment), if any. */
  get traceFile(): string | undefined {
    return this.tracer instanceof ChromeTraceRecorder ? this.tracer.file : undefined;
  }

  /**
   * A pooled graph never ends its run: this writes the trace recorded so far as one file (one per request) and
   * starts the next. Returns the file written, if tracing.
   */
  flushTrace(): string | undefined {
    if (!(this.tracer instanceof ChromeTraceRecorder)) return undefined;
    const done = this.tracer;
    done.end();
    this.tracer = this.configTracer(this.traceDir);
    return done.file;
  }

  private configTracer(traceDir: string | undefined): RunTracer | undefined {
    const profiler = this.graph.config.profiler_config;
    if (traceDir === undefined && profiler?.trace_enabled !== true) return undefined;
    return new ChromeTraceRecorder(nextTraceFile({
      ...(traceDir === undefined ? {} : { dir: traceDir }),
      ...(profiler?.trace_log_path === undefined ? {} : { pathPrefix: profiler.trace_log_path }),
    }));
  }

  private graphInput(stream: string): OutputStream {
    if (this.state !== 'running') {
      throw this.errors.length > 0
        ? new GraphError(this.runError().code, `Graph has errors: ${this.runError().message}`, { stream })
        : new GraphError('FAILED_PRECONDITION', 'the graph is not running (call start first)', { stream });
    }
    const input = this.graph.inputStreams.names.includes(stream) ? this.streams.get(stream) : undefined;
    if (input === undefined) throw new GraphError('NOT_FOUND', `"${stream}" is not a graph input_stream of ${this.graph.file}`, { stream });
    return input;
  }

  private isIdle(): boolean {
    return this.tasks.size === 0 && this.running === 0 && this.dirty.length === 0 && !this.loopScheduled && !this.inLoop;
  }

  private runError(): GraphRunError {
    return new GraphRunError(this.errors);
  }

  // ---- scheduling --------------------------------------------------------------------------------------------

  private kick(): void {
    if (this.loopScheduled || this.inLoop || this.state !== 'running') return;
    this.loopScheduled = true;
    queueMicrotask(this.loop);
  }

  private readonly loop = (): void => {
    this.loopScheduled = false;
    if (this.state !== 'running') return;
    this.inLoop = true;
    let budget = TASKS_PER_TURN;
    try {
      while (this.state === 'running') {
        this.evaluateDirty();
        const task = this.tasks.pop();
        if (task === undefined) {
          if (this.running === 0 && this.closeStalledBackEdges()) continue;
          break;
        }
        this.execute(task.node, task.invocation);
        if (--budget === 0) {
          this.loopScheduled = true;
          setImmediate(this.loop);
          return;
        }
      }
    } finally {
      this.inLoop = false;
    }
    this.afterLoop();
  };

  private afterLoop(): void {
    if (this.state === 'failed') {
      if (this.running === 0) void this.cleanup();
      return;
    }
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const waiter of waiters) waiter.resolve();
    }
  }

  private evaluateDirty(): void {
    while (this.dirty.length > 0 && this.state === 'running') {
      const node = this.dirty.pop() as CalculatorNode;
      node.dirty = false;
      try {
        this.evaluate(node);
      } catch (error) {
        this.recordError(this.nodeError(node, 'process', error));
      }
    }
  }

  private evaluate(node: CalculatorNode): void {
    if (node.state === 'unopened') {
      if (this.canOpen(node)) {
        node.state = 'opening';
        this.tasks.push(node, node.open());
      }
      return;
    }
    if (node.state !== 'opened') return;
    const active = node.spec.isSource && node.spec.sourceLayer === this.activeSourceLayer();
    for (;;) {
      const next = node.nextProcess(active);
      if (next === undefined) return;
      if (next === 'close') {
        node.state = 'closing';
        this.tasks.push(node, node.closeInvocation());
        return;
      }
      this.tasks.push(node, next);
      if (node.spec.isSource) return;
    }
  }

  /** A node opens once its side packets exist and every (non-back-edge) upstream node has opened. */
  private canOpen(node: CalculatorNode): boolean {
    if (!node.hasSideInputs()) return false;
    return node.spec.inputs.every((input) => {
      if (input.backEdge) return true;
      const producer = this.graph.streams.get(input.stream)?.producer;
      const state = producer === undefined ? 'opened' : this.nodes[producer]?.state;
      return state === 'opened' || state === 'closing' || state === 'closed';
    });
  }

  /** The lowest source_layer with an unclosed source: only those sources run (MediaPipe's source layers). */
  private activeSourceLayer(): number | undefined {
    let layer: number | undefined;
    for (const node of this.nodes) {
      if (node.spec.isSource && node.state !== 'closed' && (layer === undefined || node.spec.sourceLayer < layer)) layer = node.spec.sourceLayer;
    }
    return layer;
  }

  private execute(node: CalculatorNode, invocation: NodeInvocation): void {
    const startMs = this.tracer === undefined ? 0 : performance.now();
    let result: unknown;
    try {
      result = node.run(invocation);
    } catch (error) {
      this.recordError(this.nodeError(node, invocation.phase, error));
      return;
    }
    if (!isPromise(result)) {
      this.complete(node, invocation, result as ProcessResult, startMs);
      return;
    }
    this.running++;
    const generation = this.generation;
    result.then(
      (value) => {
        if (generation !== this.generation) return;
        this.running--;
        this.complete(node, invocation, value as ProcessResult, startMs);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.running--;
        this.recordError(this.nodeError(node, invocation.phase, error));
      },
    ).finally(() => {
      if (generation !== this.generation) return;
      if (this.state === 'running') this.kick();
      else this.afterLoop();
    });
  }

  private complete(node: CalculatorNode, invocation: NodeInvocation, result: ProcessResult, startMs: number): void {
    if (this.tracer !== undefined && invocation.phase === 'process') {
      this.tracer.process(node.name, node.spec.id, startMs, performance.now() - startMs, invocation.timestamp);
    }
    if (this.state !== 'running') return;
    try {
      const stopped = node.finish(invocation, result);
      switch (invocation.phase) {
        case 'open':
          node.state = 'opened';
          for (const other of this.nodes) if (other.state === 'unopened') this.markDirty(other);
          break;
        case 'process':
          if (stopped || result === STOP) {
            if (node.spec.isSource) node.sourceStopped = true;
            else this.closeAllPacketSources();
          }
          break;
        case 'close':
          node.state = 'closed';
          node.closeOutputs();
          if (node.spec.isSource) for (const other of this.nodes) if (other.spec.isSource) this.markDirty(other);
          this.checkDone();
          break;
      }
      this.markDirty(node);
    } catch (error) {
      this.recordError(this.nodeError(node, invocation.phase, error));
    }
  }

  /**
   * When nothing can run, a node whose forward inputs are all done would wait forever on its back edges (their
   * producers wait on it): close those back edges so the loop can drain and close.
   */
  private closeStalledBackEdges(): boolean {
    let changed = false;
    for (const node of this.nodes) {
      if (node.state !== 'opened' || node.inFlight > 0) continue;
      const forwardDone = node.spec.inputs.every((input, id) => input.backEdge ||
        ((node.queues[id]?.bound ?? Timestamp.Done) === Timestamp.Done && node.queues[id]?.isEmpty === true));
      if (!forwardDone) continue;
      node.spec.inputs.forEach((input, id) => {
        const queue = node.queues[id];
        if (input.backEdge && queue !== undefined && queue.bound !== Timestamp.Done) {
          queue.setBound(Timestamp.Done);
          changed = true;
        }
      });
      if (changed) this.markDirty(node);
    }
    return changed;
  }

  private checkDone(): void {
    if (this.state !== 'running') return;
    const inputsClosed = this.graph.inputStreams.names.every((name) => this.streams.get(name)?.isClosed === true);
    if (!inputsClosed || !this.nodes.every((node) => node.state === 'closed')) return;
    this.state = 'done';
    this.tracer?.end();
    this.doneWaiter?.resolve();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  // ---- errors ------------------------------------------------------------------------------------------------

  /** MediaPipe's prefix: `Calculator::Process() for node "X" failed: <message>`, keeping the status code. */
  private nodeError(node: CalculatorNode, phase: NodeInvocation['phase'], error: unknown): GraphError {
    const cause = toGraphError(error, { node: node.name });
    return new GraphError(cause.code, `Calculator::${PHASE_NAME[phase]}() for node "${node.name}" failed: ${cause.message}`,
      { ...cause.at, node: node.name }, { cause: error });
  }

  private recordError(error: GraphError): void {
    this.errors.push(error);
    if (this.state !== 'running') return;
    this.state = 'failed';
    this.tasks.drain();
    this.dirty = [];
    this.abort.abort(error);
    if (!this.inLoop && this.running === 0) void this.cleanup();
  }

  /** After an error: close every opened node (their outputs are dropped), then end the run with the combined error. */
  private async cleanup(): Promise<void> {
    if (this.cleaning) return;
    this.cleaning = true;
    for (const node of this.nodes) {
      if (node.state !== 'opened' && node.state !== 'closing') continue;
      try {
        await node.run(node.closeInvocation());
      } catch (error) {
        this.errors.push(this.nodeError(node, 'close', error));
      }
      node.state = 'closed';
    }
    this.tracer?.end();
    const error = this.runError();
    this.ended = true;
    for (const stream of this.streams.values()) for (const observer of [...stream.observers]) observer.error?.(error);
    this.doneWaiter?.reject(error);
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }
}
