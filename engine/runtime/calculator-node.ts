/**
 * @module engine/runtime/calculator-node
 * One node of a running graph (CalculatorNode): its calculator instance, input queues and handler, its lifecycle
 * (unopened → opened → closed), its invocations in flight, and the output step after each invocation: packets,
 * explicit bounds and the offset-derived bound go downstream in input-timestamp order (InOrderOutputStreamHandler).
 */
import { STOP, type Calculator, type ProcessResult } from '../graph/contract.js';
import type { ValidatedNode } from '../graph/validated-graph.js';
import { GraphError } from '../status.js';
import { ContextFactory, type ContextHost, type Invocation } from './calculator-context.js';
import { InputStreamQueue } from './input-stream.js';
import { Readiness, type InputStreamHandler } from './input-stream-handler.js';
import { createDefaultHandler } from './input-stream-handlers/default.js';
import { createImmediateHandler } from './input-stream-handlers/immediate.js';
import { createSyncSetHandler } from './input-stream-handlers/sync-set.js';
import { OutputShard, type OutputStream } from './output-stream.js';
import { Packet } from './packet.js';
import { Timestamp } from './timestamp.js';

export type NodeState = 'unopened' | 'opening' | 'opened' | 'closing' | 'closed';

/** What a node needs from its graph run. */
export interface NodeHost {
  readonly signal: AbortSignal;
  sidePacket(name: string): Packet | undefined;
  setSidePacket(name: string, packet: Packet, producer: string): void;
  /** The node's inputs or state changed: evaluate it again. */
  markDirty(node: CalculatorNode): void;
}

/** One scheduled call; `done` flips when it returned, and outputs flush in scheduling order. */
export class NodeInvocation implements Invocation {
  private readonly shards: (OutputShard | undefined)[] = [];
  isOpen = true;
  isDone = false;
  result: ProcessResult = undefined;

  constructor(readonly node: CalculatorNode, readonly phase: Invocation['phase'], readonly timestamp: Timestamp,
    readonly inputs: readonly Packet[]) {}

  shard(outputId: number): OutputShard {
    return (this.shards[outputId] ??= new OutputShard(this.node.outputs[outputId], this.timestamp, () => this.isOpen));
  }

  peekShard(outputId: number): OutputShard | undefined {
    return this.shards[outputId];
  }
}

const noInputs: readonly Packet[] = Object.freeze([]);
const SOURCE_TIMESTAMP = Timestamp.of(0);

export class CalculatorNode implements ContextHost {
  state: NodeState = 'unopened';
  readonly queues: InputStreamQueue[];
  readonly handler: InputStreamHandler;
  /** Process invocations scheduled or running. */
  inFlight = 0;
  /** A source that returned STOP (or was stopped with the graph's sources). */
  sourceStopped = false;
  /** Set while the node waits in the graph's dirty list. */
  dirty = false;
  private offset: number | null;
  private readonly pending: NodeInvocation[] = [];
  private readonly contexts: ContextFactory;
  private calculator: Calculator | undefined;

  constructor(readonly spec: ValidatedNode, readonly outputs: readonly OutputStream[], private readonly host: NodeHost) {
    this.queues = spec.inputs.map((input) => new InputStreamQueue(input.stream, spec.name));
    this.handler = this.createHandler();
    this.offset = spec.timestampOffset;
    this.contexts = new ContextFactory(this);
  }

  private createHandler(): InputStreamHandler {
    const { handler, processTimestampBounds } = this.spec;
    switch (handler.name) {
      case 'DefaultInputStreamHandler': return createDefaultHandler(this.queues, processTimestampBounds);
      case 'ImmediateInputStreamHandler': return createImmediateHandler(this.queues, processTimestampBounds);
      case 'SyncSetInputStreamHandler': return createSyncSetHandler(this.queues, handler.syncSets, processTimestampBounds);
    }
  }

  get signal(): AbortSignal {
    return this.host.signal;
  }

  get name(): string {
    return this.spec.name;
  }

  sideValue(sideInputId: number): Packet | undefined {
    const side = this.spec.sideInputs[sideInputId];
    return side === undefined ? undefined : this.host.sidePacket(side.name);
  }

  setSideOutput(sideOutputId: number, value: unknown): void {
    const side = this.spec.sideOutputs[sideOutputId];
    if (side === undefined) return;
    if (side.type.guard !== undefined && !side.type.guard(value)) {
      throw new GraphError('INTERNAL', `output side packet "${side.name}" is not a "${side.type.key}"`, { node: this.name });
    }
    this.host.setSidePacket(side.name, Packet.of(value), this.name);
  }

  setOffset(offset: number, phase: Invocation['phase']): void {
    if (phase !== 'open') throw new GraphError('FAILED_PRECONDITION', 'setOffset may only be called in open', { node: this.name });
    this.offset = offset;
  }

  /** All input side packets are there. */
  hasSideInputs(): boolean {
    return this.spec.sideInputs.every((side) => this.host.sidePacket(side.name) !== undefined);
  }

  // ---- invocations -------------------------------------------------------------------------------------------

  /** Constructs the calculator and calls open; the caller marks the node opened when this settles. */
  open(): NodeInvocation {
    const calculatorClass = this.spec.calculatorClass;
    if (calculatorClass === undefined) throw new GraphError('FAILED_PRECONDITION', 'graph was validated schema-only and cannot run', { node: this.name });
    this.calculator = new calculatorClass();
    return new NodeInvocation(this, 'open', Timestamp.Unstarted, noInputs);
  }

  /** The next process invocation if the handler says so (after a NotReady verdict, propagates the bound instead). */
  nextProcess(sourceActive: boolean): NodeInvocation | 'close' | undefined {
    if (this.spec.isSource) {
      if (this.sourceStopped) return this.inFlight === 0 ? 'close' : undefined;
      if (!sourceActive || this.inFlight > 0) return undefined;
      return this.schedule(new NodeInvocation(this, 'process', SOURCE_TIMESTAMP, noInputs));
    }
    if (this.inFlight >= this.spec.maxInFlight) return undefined;
    switch (this.handler.readiness()) {
      case Readiness.Ready: {
        const inputs = this.handler.fill(this.queues);
        return this.schedule(new NodeInvocation(this, 'process', this.handler.timestamp, inputs));
      }
      case Readiness.Close:
        return this.inFlight === 0 ? 'close' : undefined;
      case Readiness.NotReady:
        if (this.inFlight === 0) this.propagateBound(this.handler.timestamp);
        return undefined;
    }
  }

  private schedule(invocation: NodeInvocation): NodeInvocation {
    this.inFlight++;
    this.pending.push(invocation);
    return invocation;
  }

  /** Calls the calculator for an invocation; returns its (possibly pending) result. */
  run(invocation: NodeInvocation): ProcessResult | Promise<ProcessResult> | void | Promise<void> {
    const calculator = this.calculator;
    if (calculator === undefined) throw new GraphError('INTERNAL', 'calculator used before open', { node: this.name });
    const cx = this.contexts.create(invocation);
    switch (invocation.phase) {
      case 'open': return calculator.open?.(cx);
      case 'process': return calculator.process(cx);
      case 'close': return calculator.close?.(cx);
    }
  }

  /** The close invocation (input timestamp Done). */
  closeInvocation(): NodeInvocation {
    return new NodeInvocation(this, 'close', Timestamp.Done, noInputs);
  }

  /**
   * Records that an invocation returned and flushes every finished invocation at the head of the queue, in order.
   * Returns true when one of them returned STOP.
   */
  finish(invocation: NodeInvocation, result: ProcessResult): boolean {
    invocation.isOpen = false;
    invocation.isDone = true;
    invocation.result = result;
    if (invocation.phase !== 'process') {
      this.flush(invocation);
      return false;
    }
    let stopped = false;
    while (this.pending[0]?.isDone === true) {
      const head = this.pending.shift() as NodeInvocation;
      this.inFlight--;
      this.flush(head);
      if (head.result === STOP) stopped = true;
    }
    return stopped;
  }

  /** MediaPipe's PostProcess: packets, then the bound max(last packet + 1, offset bound, explicit bound). */
  private flush(invocation: NodeInvocation): void {
    const useOffset = this.offset !== null && invocation.phase === 'process' && !this.spec.isSource &&
      Timestamp.isRangeValue(invocation.timestamp);
    const offsetBound = useOffset
      ? Timestamp.add(Timestamp.nextAllowedInStream(invocation.timestamp), this.offset ?? 0) : Timestamp.Unset;
    this.outputs.forEach((stream, id) => {
      const shard = invocation.peekShard(id);
      const packets = shard?.packets ?? [];
      for (const packet of packets) stream.accept(packet);
      let bound = stream.bound > offsetBound ? stream.bound : offsetBound;
      if (shard !== undefined && shard.bound > bound) bound = shard.bound;
      if (shard?.closed === true) bound = Timestamp.Done;
      if (packets.length > 0 || bound > stream.bound) stream.deliver(packets, bound);
    });
  }

  /** Not ready: nothing below `inputBound` will be processed, so outputs with an offset can move their bound. */
  private propagateBound(inputBound: Timestamp): void {
    if (this.offset === null || !Timestamp.isRangeValue(inputBound)) return;
    const bound = Timestamp.add(inputBound, this.offset);
    for (const stream of this.outputs) if (bound > stream.bound && !stream.isClosed) stream.deliver([], bound);
  }

  /** After close: every output is done. */
  closeOutputs(): void {
    for (const stream of this.outputs) if (!stream.isClosed) stream.deliver([], Timestamp.Done);
  }
}
