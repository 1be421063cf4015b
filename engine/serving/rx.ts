/**
 * @module engine/serving/rx
 * rxjs adapters for the edges of the engine (never inside it): a graph output stream, or a pooled request's
 * outputs, as an Observable for HTTP/SSE writers and tests.
 */
import { Observable } from 'rxjs';
import type { CalculatorGraph } from '../runtime/calculator-graph.js';
import type { Packet } from '../runtime/packet.js';
import type { GraphPool, PoolRequest } from './graph-pool.js';

/**
 * The packets of one stream of a running graph. Completes when the stream closes, errors when the run fails;
 * unsubscribing stops observing.
 */
export function fromGraphOutput<T = unknown>(graph: CalculatorGraph, stream: string): Observable<Packet<T>> {
  return new Observable<Packet<T>>((subscriber) => {
    return graph.observe<T>(stream, {
      packet: (packet) => subscriber.next(packet),
      close: () => subscriber.complete(),
      error: (error) => subscriber.error(error),
    });
  });
}

export interface StreamPacket {
  readonly stream: string;
  readonly packet: Packet;
}

/**
 * Runs a request on the pool when subscribed and emits every output packet as it is produced; completes when the
 * request's run is idle (pooled) or done (fresh graph), errors with its GraphError. Unsubscribing cancels it.
 */
export function fromPoolRequest(pool: GraphPool, request: Omit<PoolRequest, 'onPacket' | 'signal'>): Observable<StreamPacket> {
  return new Observable<StreamPacket>((subscriber) => {
    const abort = new AbortController();
    let finished = false;
    pool.run({ ...request, signal: abort.signal, onPacket: (stream, packet) => subscriber.next({ stream, packet }) })
      .then(() => { finished = true; subscriber.complete(); }, (error: unknown) => { finished = true; subscriber.error(error); });
    return () => { if (!finished) abort.abort('unsubscribed'); };
  });
}
