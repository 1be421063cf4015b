/**
 * @module engine/runtime/packet
 * Packets: an immutable value with a timestamp (packet.h). Copies share the value; `at()` re-stamps without
 * copying. An empty packet (no value) stands for "no packet at this timestamp" in an input set.
 */
import { Timestamp } from './timestamp.js';

export class Packet<T = unknown> {
  private constructor(
    private readonly payload: T | undefined,
    readonly timestamp: Timestamp,
    private readonly hasValue: boolean,
  ) {
    Object.freeze(this);
  }

  /** A packet carrying `value` at `timestamp` (default Unset, for side packets). */
  static of<T>(value: T, timestamp: Timestamp = Timestamp.Unset): Packet<T> {
    return new Packet<T>(value, timestamp, true);
  }

  /** "Nothing at this timestamp". */
  static empty<T = never>(timestamp: Timestamp = Timestamp.Unset): Packet<T> {
    return new Packet<T>(undefined, timestamp, false);
  }

  isEmpty(): boolean {
    return !this.hasValue;
  }

  /** The value; throws for an empty packet (use isEmpty() first where gaps are expected). */
  get value(): T {
    if (!this.hasValue) throw new Error(`empty packet at ${Timestamp.toString(this.timestamp)} has no value`);
    return this.payload as T;
  }

  /** The same value at another timestamp. */
  at(timestamp: Timestamp): Packet<T> {
    return new Packet<T>(this.payload, timestamp, this.hasValue);
  }

  toString(): string {
    return this.hasValue ? `Packet@${Timestamp.toString(this.timestamp)}` : `EmptyPacket@${Timestamp.toString(this.timestamp)}`;
  }
}
