/**
 * @module engine/runtime/input-stream-handlers/sync-set
 * SyncSetInputStreamHandler: the `sync_set { tag_index: ... }` groups from its options, plus one group of every
 * input no set names. Each group is synchronised like the default handler, independently of the others; OVMS's
 * LOOPBACK streaming pattern puts the back edge in a set of its own.
 */
import type { InputStreamQueue } from '../input-stream.js';
import { InputStreamHandler } from '../input-stream-handler.js';

/** `groups` are collection ids, resolved and checked at validation. */
export function createSyncSetHandler(queues: readonly InputStreamQueue[], groups: readonly (readonly number[])[],
  processBounds: boolean): InputStreamHandler {
  return new InputStreamHandler('SyncSetInputStreamHandler', queues, groups, processBounds);
}
