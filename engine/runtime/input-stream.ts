/**
 * @module engine/runtime/input-stream
 * One input stream of a node (InputStreamManager): a queue of packets in increasing timestamp order and the next
 * timestamp bound, below which no more packets can arrive. The input stream handlers read it.
 */
import { GraphError } from '../status.js';
import { Packet } from './packet.js';
import { Timestamp } from './timestamp.js';

export class InputStreamQueue {
  private packets: Packet[] = [];
  private head = 0;
  /** The lowest timestamp a future packet may have. */
  bound: Timestamp = Timestamp.PreStream;

  constructor(readonly stream: string, readonly nodeName: string) {}

  get isEmpty(): boolean {
    return this.head === this.packets.length;
  }

  get size(): number {
    return this.packets.length - this.head;
  }

  /** The head packet's timestamp, or the bound when the queue is empty (MinTimestampOrBound). */
  get minTimestampOrBound(): Timestamp {
    return this.head < this.packets.length ? (this.packets[this.head] as Packet).timestamp : this.bound;
  }

  /** Appends a packet; MediaPipe's checks on the receiving side (allowed in stream, not below the bound). */
  add(packet: Packet): void {
    const ts = packet.timestamp;
    if (this.bound === Timestamp.Done) return; // MediaPipe drops packets for a closed input with a warning.
    if (!Timestamp.isAllowedInStream(ts) || ts < this.bound) {
      throw new GraphError('FAILED_PRECONDITION', `Packet timestamp mismatch on a calculator receiving from stream ` +
        `"${this.stream}". Current minimum expected timestamp is ${Timestamp.toString(this.bound)} but received ` +
        `${Timestamp.toString(ts)}.`, { node: this.nodeName, stream: this.stream });
    }
    if (this.head > 64 && this.head * 2 > this.packets.length) {
      this.packets = this.packets.slice(this.head);
      this.head = 0;
    }
    this.packets.push(packet);
    this.bound = Timestamp.nextAllowedInStream(ts);
  }

  /** Raises the bound (never lowers it); Done closes the stream. */
  setBound(bound: Timestamp): void {
    if (bound > this.bound) this.bound = bound;
  }

  /**
   * Removes every packet at or below `ts` and returns the one at `ts`, or an empty packet. The handlers only choose
   * timestamps that leave nothing older behind.
   */
  popAt(ts: Timestamp): Packet {
    let found: Packet | undefined;
    while (this.head < this.packets.length && (this.packets[this.head] as Packet).timestamp <= ts) {
      const packet = this.packets[this.head] as Packet;
      this.packets[this.head++] = EMPTY;
      if (packet.timestamp === ts) found = packet;
    }
    if (this.head === this.packets.length) {
      this.packets = [];
      this.head = 0;
    }
    return found ?? this.emptyPacket();
  }

  /**
   * "No packet here": an empty packet stamped with the last timestamp this stream has settled (just below its head
   * packet or its bound), so a calculator can tell how far a bound-only input has advanced (FlowLimiter's FINISHED).
   */
  emptyPacket(): Packet {
    return Packet.empty(Timestamp.previousAllowedInStream(this.minTimestampOrBound));
  }
}

const EMPTY = Packet.empty();
