/**
 * @module engine/runtime/graph-run
 * One run of a graph (MediaPipe's scheduler on a single event loop): the nodes, streams and side packets of the run,
 * the loop that evaluates dirty nodes and executes tasks in priority order, idle and done detection, and the error
 * path: record, stop scheduling, abort `cx.signal`, close every opened node, end with one combined error.
 */
import { STOP, type ProcessResult } from '../graph/contract.js';
import { anyType } from '../graph/packet-type.js';
import type { ValidatedGraph } from '../graph/validated-graph.js';
import { GraphError, GraphRunError, toGraphError } from '../status.js';
import { ChromeTraceRecorder, configuredTracer } from '../tools/trace.js';
import { CalculatorNode, type NodeHost, type NodeInvocation } from './calculator-node.js';
import { Readiness } from './input-stream-handler.js';
import { OutputStream, type StreamObserver } from './output-stream.js';
import { Packet } from './packet.js';
import { TaskQueue } from './task-queue.js';
import { Timestamp } from './timestamp.js';

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
  /** Receives every process slice (metrics), next to any trace file `profiler_config` or `traceDir` asks for. */
  readonly tracer?: RunTracer;
  /** Write a Chrome trace of every run into this folder (bin/ sets it from PICTOGRAPH_TRACE_DIR). */
  readonly traceDir?: string;
}

/** Tasks run per event-loop turn before yielding to I/O. */
const TASKS_PER_TURN = 1000;
const PHASE_NAME = { open: 'Open', process: 'Process', close: 'Close' } as const;

type RunState = 'running' | 'failed' | 'done';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function';
}

/** One input stream of a node, for runtime introspection. */
export interface InputRuntimeInfo {
  readonly stream: string;
  readonly queued: number;
  /** The head packet's timestamp, or the bound when nothing is queued. */
  readonly minTimestampOrBound: string;
  readonly backEdge: boolean;
}

/** Why a node is (not) running: MediaPipe's GraphRuntimeInfo, plus the stream a not-ready node waits on. */
export interface NodeRuntimeInfo {
  readonly name: string;
  readonly state: CalculatorNode['state'];
  readonly inFlight: number;
  readonly inputs: readonly InputRuntimeInfo[];
  /** An opened non-source node's handler verdict. */
  readonly readiness?: 'ready' | 'not ready' | 'ready to close';
  /** For a node that is not ready: the empty input whose bound holds it back. */
  readonly waitingOn?: string;
}

export class GraphRun implements NodeHost {
  private state: RunState = 'running';
  private readonly nodes: CalculatorNode[];
  private readonly streams = new Map<string, OutputStream>();
  private readonly sidePackets = new Map<string, Packet>();
  private readonly tasks = new TaskQueue();
  private dirty: CalculatorNode[] = [];
  /** Async invocations whose promise has not settled. */
  private running = 0;
  private loopScheduled = false;
  private inLoop = false;
  private readonly errors: GraphError[] = [];
  private readonly abort = new AbortController();
  /** The trace-file recorder (profiler_config.trace_enabled or traceDir), replaced per pooled request. */
  private tracer: RunTracer | undefined;
  /** The caller's tracer (StartOptions.tracer). */
  private readonly listener: RunTracer | undefined;
  private idleWaiters: Waiter[] = [];
  private doneWaiter: Waiter | undefined;
  /** Resolves when every node closed; rejects with the run's GraphRunError. */
  readonly done: Promise<void>;
  private cleaning = false;
  /** A failed run finished its cleanup. */
  private ended = false;

  constructor(readonly graph: ValidatedGraph, observers: ReadonlyMap<string, ReadonlySet<StreamObserver>>,
    private readonly options: StartOptions) {
    this.tracer = this.configTracer();
    this.listener = options.tracer;
    this.done = new Promise<void>((resolve, reject) => { this.doneWaiter = { resolve, reject }; });
    this.done.catch(() => {}); // the caller may never wait; the rejection still reaches those who do
    for (const info of graph.streams.values()) {
      const producer = info.producer === undefined ? undefined : graph.nodes[info.producer];
      const type = producer?.outputs.find((output) => output.stream === info.name)?.type ?? anyType();
      const stream = new OutputStream(info.name, producer?.name ?? 'graph input', type);
      for (const observer of observers.get(info.name) ?? []) stream.observers.add(observer);
      this.streams.set(info.name, stream);
    }
    this.nodes = graph.nodes.map((spec) =>
      new CalculatorNode(spec, spec.outputs.map((output) => this.streams.get(output.stream) as OutputStream), this));
    for (const node of this.nodes) {
      node.queues.forEach((queue, id) => {
        this.streams.get(node.spec.inputs[id]?.stream ?? '')?.mirrors.push({ queue, notify: () => this.markDirty(node) });
      });
    }
    for (const [name, value] of Object.entries(options.sidePackets ?? {})) {
      this.sidePackets.set(name, value instanceof Packet ? value : Packet.of(value));
    }
    const signal = options.signal;
    if (signal?.aborted === true) this.cancel(signal.reason);
    else signal?.addEventListener('abort', () => this.cancel(signal.reason), { once: true });
    for (const node of this.nodes) this.markDirty(node);
    this.checkDone();
  }

  // ---- what CalculatorGraph delegates --------------------------------------------------------------------------

  /** A graph input stream, or a GraphError saying why packets cannot go there. */
  graphInput(stream: string): OutputStream {
    if (this.state !== 'running') {
      throw this.errors.length > 0
        ? new GraphError(this.runError().code, `Graph has errors: ${this.runError().message}`, { stream })
        : new GraphError('FAILED_PRECONDITION', 'the graph run has ended (call start first)', { stream });
    }
    const input = this.graph.inputStreams.names.includes(stream) ? this.streams.get(stream) : undefined;
    if (input === undefined) throw new GraphError('NOT_FOUND', `"${stream}" is not a graph input_stream of ${this.graph.file}`, { stream });
    return input;
  }

  addPacket(stream: string, packet: Packet): void {
    const input = this.graphInput(stream);
    if (!Timestamp.isAllowedInStream(packet.timestamp) || packet.timestamp < input.bound) {
      throw new GraphError('FAILED_PRECONDITION', `Packet timestamp mismatch on graph input stream "${stream}". Current ` +
        `minimum expected timestamp is ${Timestamp.toString(input.bound)} but received ${Timestamp.toString(packet.timestamp)}.`, { stream });
    }
    input.accept(packet);
    input.deliver([packet], input.bound);
    this.kick();
  }

  setInputBound(stream: string, bound: Timestamp): void {
    const input = this.graphInput(stream);
    if (bound > input.bound) input.deliver([], bound);
    this.kick();
  }

  closeInputs(streams: readonly string[]): void {
    for (const name of streams) {
      const input = this.graphInput(name);
      if (!input.isClosed) input.deliver([], Timestamp.Done);
    }
    this.kick();
    this.checkDone();
  }

  closeAllPacketSources(): void {
    for (const node of this.nodes) {
      if (node.spec.isSource && !node.sourceStopped) {
        node.sourceStopped = true;
        this.markDirty(node);
      }
    }
    if (this.state === 'running') this.closeInputs(this.graph.inputStreams.names.filter((name) => this.streams.get(name)?.isClosed !== true));
  }

  waitUntilIdle(): Promise<void> {
    if (this.state === 'failed' && this.ended) return Promise.reject(this.runError());
    if (this.state !== 'failed' && this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

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

  /** Done, or failed and cleaned up: a new run may start. */
  get isFinished(): boolean {
    return this.state === 'done' || this.ended;
  }

  /**
   * The lowest timestamp above every stream's current bound: a new request starting there cannot collide with
   * timestamps earlier requests used inside the graph (a LOOPBACK calculator stamps iterations past its input).
   */
  nextFreeTimestamp(): Timestamp {
    let highest: Timestamp = Timestamp.Min;
    for (const stream of this.streams.values()) {
      if (stream.bound > highest && Timestamp.isRangeValue(stream.bound)) highest = stream.bound;
    }
    return highest;
  }

  /** A snapshot of every node: state, invocations in flight, queues and bounds, and what a stalled node waits on. */
  runtimeInfo(): NodeRuntimeInfo[] {
    return this.nodes.map((node) => {
      const inputs = node.queues.map((queue, id) => ({
        stream: queue.stream, queued: queue.size, minTimestampOrBound: Timestamp.toString(queue.minTimestampOrBound),
        backEdge: node.spec.inputs[id]?.backEdge === true,
      }));
      const base = { name: node.name, state: node.state, inFlight: node.inFlight, inputs };
      if (node.state !== 'opened' || node.spec.isSource) return base;
      const verdict = node.handler.readiness();
      if (verdict !== Readiness.NotReady) return { ...base, readiness: verdict === Readiness.Ready ? 'ready' : 'ready to close' };
      const waiting = node.queues.filter((queue) => queue.isEmpty).sort((a, b) => a.bound - b.bound)[0];
      return { ...base, readiness: 'not ready', ...(waiting === undefined ? {} : { waitingOn: waiting.stream }) };
    });
  }

  attachObserver(stream: string, observer: StreamObserver): void {
    this.streams.get(stream)?.observers.add(observer);
  }

  detachObserver(stream: string, observer: StreamObserver): void {
    this.streams.get(stream)?.observers.delete(observer);
  }

  get traceFile(): string | undefined {
    return this.tracer instanceof ChromeTraceRecorder ? this.tracer.file : undefined;
  }

  flushTrace(): string | undefined {
    if (!(this.tracer instanceof ChromeTraceRecorder)) return undefined;
    const finished = this.tracer;
    finished.end();
    this.tracer = this.configTracer();
    return finished.file;
  }

  private configTracer(): RunTracer | undefined {
    return configuredTracer(this.graph.config.profiler_config, this.options.traceDir);
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
        this.nodeFailed(node, node.state === 'opening' ? 'open' : 'process', error);
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
    const startMs = this.tracer === undefined && this.listener === undefined ? 0 : performance.now();
    let result: unknown;
    try {
      result = node.run(invocation);
    } catch (error) {
      this.nodeFailed(node, invocation.phase, error);
      return;
    }
    if (!isPromise(result)) {
      this.complete(node, invocation, result as ProcessResult, startMs);
      return;
    }
    this.running++;
    result.then(
      (value) => {
        this.running--;
        this.complete(node, invocation, value as ProcessResult, startMs);
      },
      (error: unknown) => {
        this.running--;
        this.nodeFailed(node, invocation.phase, error);
      },
    ).finally(() => {
      if (this.state === 'running') this.kick();
      else this.afterLoop();
    });
  }

  private complete(node: CalculatorNode, invocation: NodeInvocation, result: ProcessResult, startMs: number): void {
    if (invocation.phase === 'process' && (this.tracer !== undefined || this.listener !== undefined)) {
      const durationMs = performance.now() - startMs;
      this.tracer?.process(node.name, node.spec.id, startMs, durationMs, invocation.timestamp);
      this.listener?.process(node.name, node.spec.id, startMs, durationMs, invocation.timestamp);
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
      this.nodeFailed(node, invocation.phase, error);
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
    this.listener?.end();
    this.doneWaiter?.resolve();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  // ---- errors ------------------------------------------------------------------------------------------------

  /** MediaPipe's prefix: `Calculator::Process() for node "X" failed: <message>`, keeping the status code. */
  /** Records a node's failure; a node whose close failed counts as closed (close is never called twice). */
  private nodeFailed(node: CalculatorNode, phase: NodeInvocation['phase'], error: unknown): void {
    if (phase === 'close') node.state = 'closed';
    this.recordError(this.nodeError(node, phase, error));
  }

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
    this.listener?.end();
    const error = this.runError();
    this.ended = true;
    for (const stream of this.streams.values()) for (const observer of [...stream.observers]) observer.error?.(error);
    this.doneWaiter?.reject(error);
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }
}
