/**
 * @module engine/runtime/input-stream-handlers/immediate
 * ImmediateInputStreamHandler: one sync set per input. A packet is processed as soon as it arrives, without
 * waiting for the other inputs (they contribute empty packets); input timestamps may go back across calls.
 */
import type { InputStreamQueue } from '../input-stream.js';
import { InputStreamHandler } from '../input-stream-handler.js';

export function createImmediateHandler(queues: readonly InputStreamQueue[], processBounds: boolean): InputStreamHandler {
  return new InputStreamHandler('ImmediateInputStreamHandler', queues, queues.map((_, id) => [id]), processBounds);
}
