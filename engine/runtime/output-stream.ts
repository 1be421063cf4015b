/**
 * @module engine/runtime/output-stream
 * A produced stream (OutputStreamManager): its next timestamp bound, the input queues it feeds ("mirrors") and the
 * graph's observers. Packets an invocation sends wait in an OutputShard and reach the stream only when the
 * invocation ends, as MediaPipe's PostProcess does, so downstream never sees half an invocation.
 */
import type { OutputPort } from '../graph/contract.js';
import type { PacketType } from '../graph/packet-type.js';
import { GraphError } from '../status.js';
import type { InputStreamQueue } from './input-stream.js';
import { Packet } from './packet.js';
import { Timestamp } from './timestamp.js';

/** Receives a stream's packets (and, optionally, bound changes) as the run produces them. */
export interface StreamObserver<T = unknown> {
  packet(packet: Packet<T>): void;
  /** The stream's bound moved without a packet (MediaPipe observe_timestamp_bounds). */
  bound?(bound: Timestamp): void;
  /** The stream is closed: nothing more will come in this run. */
  close?(): void;
  /** The run failed or was cancelled (the stream will not close). */
  error?(error: Error): void;
}

/** Where a stream's packets go: a consumer's queue plus a callback that marks the consumer for evaluation. */
export interface Mirror {
  readonly queue: InputStreamQueue;
  readonly notify: () => void;
}

export class OutputStream {
  bound: Timestamp = Timestamp.PreStream;
  readonly mirrors: Mirror[] = [];
  readonly observers = new Set<StreamObserver>();

  constructor(readonly name: string, readonly producer: string, readonly type: PacketType<unknown>) {}

  get isClosed(): boolean {
    return this.bound === Timestamp.Done;
  }

  /** Checks a packet against the bound (when the invocation's outputs are flushed), then advances the bound. */
  accept(packet: Packet): void {
    const ts = packet.timestamp;
    if (this.isClosed) {
      throw new GraphError('FAILED_PRECONDITION', `packet at ${Timestamp.toString(ts)} sent to the closed stream "${this.name}"`,
        { node: this.producer, stream: this.name });
    }
    if (!Timestamp.isAllowedInStream(ts)) {
      throw new GraphError('FAILED_PRECONDITION', `a packet at ${Timestamp.toString(ts)} cannot go on stream "${this.name}" ` +
        '(open and close have no input timestamp: send with an explicit one)', { node: this.producer, stream: this.name });
    }
    if (ts < this.bound) {
      throw new GraphError('FAILED_PRECONDITION', `Packet timestamp mismatch on a calculator outputting to stream ` +
        `"${this.name}": timestamp ${Timestamp.toString(ts)} is below the stream's next timestamp bound ` +
        `${Timestamp.toString(this.bound)} (output timestamps must strictly increase)`, { node: this.producer, stream: this.name });
    }
    this.bound = Timestamp.nextAllowedInStream(ts);
  }

  /** The runtime guard of the stream's packet type (MediaPipe validates every packet on output). */
  checkType(packet: Packet): void {
    const guard = this.type.guard;
    if (guard !== undefined && !packet.isEmpty() && !guard(packet.value)) {
      throw new GraphError('INTERNAL', `Packet type mismatch on a calculator outputting to stream "${this.name}": ` +
        `the value is not a "${this.type.key}"`, { node: this.producer, stream: this.name });
    }
  }

  /** Delivers accepted packets and the new bound to every consumer and observer. */
  deliver(packets: readonly Packet[], bound: Timestamp): void {
    const moved = bound > this.bound;
    if (moved) this.bound = bound;
    for (const mirror of this.mirrors) {
      for (const packet of packets) mirror.queue.add(packet);
      mirror.queue.setBound(this.bound);
      mirror.notify();
    }
    if (this.observers.size === 0) return;
    for (const observer of [...this.observers]) {
      for (const packet of packets) observer.packet(packet);
      if (packets.length === 0 && moved) observer.bound?.(this.bound);
      if (moved && this.isClosed) observer.close?.();
    }
  }
}

/** What one invocation sent on one output: packets, an explicit bound, a close. */
export class OutputShard implements OutputPort<unknown> {
  readonly packets: Packet[] = [];
  bound: Timestamp = Timestamp.Unset;
  closed = false;

  /** `defaultTimestamp` is the invocation's input timestamp; `isOpen` turns false once the invocation ended. */
  constructor(private readonly stream: OutputStream | undefined, private readonly defaultTimestamp: Timestamp,
    private readonly isOpen: () => boolean) {}

  send(value: unknown, timestamp: Timestamp = this.defaultTimestamp): void {
    this.add(Packet.of(value, timestamp));
  }

  add(packet: Packet): void {
    this.check();
    if (this.stream === undefined) return; // an optional output the graph left unconnected
    this.stream.checkType(packet);
    this.packets.push(packet);
  }

  setNextTimestampBound(bound: Timestamp): void {
    this.check();
    if (!Timestamp.isAllowedInStream(bound) && bound !== Timestamp.OneOverPostStream) {
      throw new GraphError('INVALID_ARGUMENT', `setNextTimestampBound(${Timestamp.toString(bound)}): not a timestamp a stream can have`);
    }
    if (bound > this.bound) this.bound = bound;
  }

  close(): void {
    this.check();
    this.closed = true;
  }

  private check(): void {
    if (!this.isOpen()) {
      throw new GraphError('FAILED_PRECONDITION', `output "${this.stream?.name ?? '(unconnected)'}" used after its invocation ended`);
    }
  }
}
