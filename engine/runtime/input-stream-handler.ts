/**
 * @module engine/runtime/input-stream-handler
 * Input stream handlers decide when a node runs and with which packets. All of MediaPipe's are built on one
 * "sync set" rule (input_stream_handler.cc): a group of streams is ready at timestamp t once t is settled on every
 * stream of the group. A handler is a list of sync sets; the implementations only choose the grouping.
 */
import type { Packet } from './packet.js';
import type { InputStreamQueue } from './input-stream.js';
import { Timestamp } from './timestamp.js';

export const enum Readiness {
  /** Nothing settled yet; `bound` is the lowest unsettled timestamp (propagated downstream with the offset). */
  NotReady,
  /** Process at `timestamp`. */
  Ready,
  /** Every input is done and drained. */
  Close,
}

/** A group of inputs synchronised together (InputStreamHandler::SyncSet). */
class SyncSet {
  /** Process-bounds mode: the last timestamp handed out, so that each timestamp runs once. */
  private lastProcessed: Timestamp = Timestamp.Unset;

  constructor(private readonly queues: readonly InputStreamQueue[], readonly ids: readonly number[]) {}

  /** MediaPipe's GetReadiness; writes the process timestamp (Ready) or the lowest unsettled one into `out.at`. */
  readiness(processBounds: boolean, out: { at: Timestamp }): Readiness {
    let minPacket = Timestamp.Done;
    let minBound = Timestamp.Done;
    for (const id of this.ids) {
      const queue = this.queues[id] as InputStreamQueue;
      const t = queue.minTimestampOrBound;
      if (queue.isEmpty) { if (t < minBound) minBound = t; } else if (t < minPacket) minPacket = t;
    }
    const minStream = minPacket < minBound ? minPacket : minBound;
    if (minStream >= Timestamp.OneOverPostStream) return Readiness.Close;
    if (!processBounds) {
      if (minBound > minPacket) {
        out.at = minPacket;
        return Readiness.Ready;
      }
      out.at = minStream;
      return Readiness.NotReady;
    }
    // With process-bounds, a settled bound alone triggers process (with empty packets).
    const settled = minPacket === Timestamp.PostStream && minBound > minPacket
      ? minPacket : Timestamp.previousAllowedInStream(minBound);
    const ts = minPacket < settled ? minPacket : settled;
    const last = this.lastProcessed > Timestamp.Unstarted ? this.lastProcessed : Timestamp.Unstarted;
    if (ts > last) {
      out.at = ts;
      return Readiness.Ready;
    }
    out.at = minStream;
    return Readiness.NotReady;
  }

  /** Pops the packets at `ts` into the input set (empty packets where a stream has none). */
  fill(ts: Timestamp, into: Packet[]): void {
    this.lastProcessed = ts;
    for (const id of this.ids) into[id] = (this.queues[id] as InputStreamQueue).popAt(ts);
  }
}

/**
 * A handler over one or more sync sets (SyncSetInputStreamHandler's algorithm, which Default and Immediate
 * specialise): ready when any set is ready, at the earliest ready timestamp; every set ready at that timestamp is
 * filled, the others contribute empty packets; close when every set is done.
 */
export class InputStreamHandler {
  private readonly sets: SyncSet[];
  private readonly readyAt: Timestamp[];
  private readonly scratch = { at: Timestamp.Unset };
  /** After NotReady: the lowest unsettled timestamp. After Ready: the process timestamp. */
  timestamp: Timestamp = Timestamp.Unset;

  constructor(readonly name: string, queues: readonly InputStreamQueue[], groups: readonly (readonly number[])[],
    private readonly processBounds: boolean) {
    this.sets = groups.filter((ids) => ids.length > 0).map((ids) => new SyncSet(queues, ids));
    this.readyAt = this.sets.map(() => Timestamp.Unset);
  }

  readiness(): Readiness {
    let minReady = Timestamp.Done;
    let minBound = Timestamp.Done;
    let anyReady = false;
    let allClosed = true;
    for (let i = 0; i < this.sets.length; i++) {
      const verdict = (this.sets[i] as SyncSet).readiness(this.processBounds, this.scratch);
      this.readyAt[i] = Timestamp.Unset;
      if (verdict === Readiness.Close) continue;
      allClosed = false;
      if (verdict === Readiness.Ready) {
        anyReady = true;
        this.readyAt[i] = this.scratch.at;
        if (this.scratch.at < minReady) minReady = this.scratch.at;
      } else if (this.scratch.at < minBound) {
        minBound = this.scratch.at;
      }
    }
    if (anyReady) {
      this.timestamp = minReady;
      return Readiness.Ready;
    }
    if (allClosed) return Readiness.Close;
    this.timestamp = minBound;
    return Readiness.NotReady;
  }

  /** The input set for the timestamp of the last Ready verdict; sets not ready there give empty packets. */
  fill(queues: readonly InputStreamQueue[]): Packet[] {
    const ts = this.timestamp;
    const into = new Array<Packet>(queues.length);
    for (let i = 0; i < this.sets.length; i++) {
      const set = this.sets[i] as SyncSet;
      if (this.readyAt[i] === ts) set.fill(ts, into);
      else for (const id of set.ids) into[id] = (queues[id] as InputStreamQueue).emptyPacket();
    }
    return into;
  }
}
