/**
 * @module engine/runtime/input-stream-handlers/default
 * DefaultInputStreamHandler: one sync set over every input. Packets with the same timestamp are processed together,
 * in strictly increasing timestamp order, none dropped; a missing packet becomes an empty one once its timestamp
 * is settled by the stream's bound. Closes when every input is done.
 */
import type { InputStreamQueue } from '../input-stream.js';
import { InputStreamHandler } from '../input-stream-handler.js';

export function createDefaultHandler(queues: readonly InputStreamQueue[], processBounds: boolean): InputStreamHandler {
  return new InputStreamHandler('DefaultInputStreamHandler', queues, [queues.map((_, id) => id)], processBounds);
}
