/**
 * @module engine/runtime/timestamp
 * MediaPipe timestamps (timestamp.h): integer microseconds with ordered special values. JS numbers are exact to
 * 2^53, so the specials sit at ±MAX_SAFE_INTEGER instead of ±2^63 and keep MediaPipe's order and arithmetic rules.
 */

/** Microseconds, or one of the special values in `Timestamp`. */
export type Timestamp = number & { readonly __timestamp: unique symbol };

const LOW = -Number.MAX_SAFE_INTEGER;
const HIGH = Number.MAX_SAFE_INTEGER;

export const Timestamp = {
  /** No timestamp (a packet never added to a stream). */
  Unset: LOW as Timestamp,
  /** The input timestamp during open. */
  Unstarted: (LOW + 1) as Timestamp,
  /** A stream header packet; must be the only packet on its stream. */
  PreStream: (LOW + 2) as Timestamp,
  Min: (LOW + 3) as Timestamp,
  Max: (HIGH - 3) as Timestamp,
  /** A summary packet after everything; must be the only packet on its stream. */
  PostStream: (HIGH - 2) as Timestamp,
  /** Internal: nothing can follow. */
  OneOverPostStream: (HIGH - 1) as Timestamp,
  /** The input timestamp during close; the bound of a closed stream. */
  Done: HIGH as Timestamp,

  /** A range value; throws for non-integers and values outside [Min, Max] (the specials are not constructible). */
  of(microseconds: number): Timestamp {
    if (!Number.isInteger(microseconds) || microseconds < Timestamp.Min || microseconds > Timestamp.Max) {
      throw new RangeError(`timestamp ${microseconds} is not an integer in [Timestamp.Min, Timestamp.Max]`);
    }
    return microseconds as Timestamp;
  },

  isRangeValue(t: Timestamp): boolean {
    return t >= Timestamp.Min && t <= Timestamp.Max;
  },

  /** PreStream ≤ t ≤ PostStream: may be carried by a packet. */
  isAllowedInStream(t: Timestamp): boolean {
    return t >= Timestamp.PreStream && t <= Timestamp.PostStream;
  },

  /** The bound after a packet at t: t+1, with MediaPipe's special cases. */
  nextAllowedInStream(t: Timestamp): Timestamp {
    if (t >= Timestamp.Max || t === Timestamp.PreStream) return Timestamp.OneOverPostStream;
    if (t < Timestamp.Min) return Timestamp.Min;
    return (t + 1) as Timestamp;
  },

  /** The last timestamp settled by a bound: t-1, with MediaPipe's special cases. */
  previousAllowedInStream(t: Timestamp): Timestamp {
    if (t <= Timestamp.Min || t === Timestamp.PostStream) return Timestamp.Unstarted;
    if (t > Timestamp.Max) return Timestamp.Max;
    return (t - 1) as Timestamp;
  },

  /** t + offset for range values, clamped to [Min, Max]; special values are returned unchanged. */
  add(t: Timestamp, offset: number): Timestamp {
    if (!Timestamp.isRangeValue(t)) return t;
    return Math.min(Timestamp.Max, Math.max(Timestamp.Min, t + offset)) as Timestamp;
  },

  /** Special values by name (`Timestamp::Done()`), range values as digits. */
  toString(t: Timestamp): string {
    switch (t) {
      case Timestamp.Unset: return 'Timestamp::Unset()';
      case Timestamp.Unstarted: return 'Timestamp::Unstarted()';
      case Timestamp.PreStream: return 'Timestamp::PreStream()';
      case Timestamp.Min: return 'Timestamp::Min()';
      case Timestamp.Max: return 'Timestamp::Max()';
      case Timestamp.PostStream: return 'Timestamp::PostStream()';
      case Timestamp.OneOverPostStream: return 'Timestamp::OneOverPostStream()';
      case Timestamp.Done: return 'Timestamp::Done()';
      default: return String(t);
    }
  },
} as const;
