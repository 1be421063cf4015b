/**
 * @module calculators/openvino/c-api/status
 * Turns a failed `ov_status_e` into an OpenVinoError with OpenVINO's own message, and reads the strings the C API
 * allocates (each goes back through `ov_free`; reference openvino-c-api.md §2.2, §8).
 */
import koffi from 'koffi';
import { OV_STATUS_NAMES, OpenVinoError, type OvStatusName } from '../errors.js';
import type { OvC, Pointer, Status } from './symbols.js';

/** Statuses raised from a caught C++ exception: only these refresh the (process-wide) last-error message. */
const EXCEPTION_STATUSES: ReadonlySet<OvStatusName> = new Set<OvStatusName>([
  'GENERAL_ERROR', 'NOT_IMPLEMENTED', 'REQUEST_BUSY', 'INFER_CANCELLED', 'UNKNOW_EXCEPTION',
]);

export function statusName(status: Status): OvStatusName {
  return OV_STATUS_NAMES[-status] ?? 'UNKNOWN_C_ERROR';
}

/** Decodes a `new[]` string from the C API and frees it. */
export function takeString(c: OvC, pointer: Pointer | null): string {
  if (pointer === null) return '';
  try {
    return koffi.decode(pointer, 'char', -1) as string;
  } finally {
    c.ov_free(pointer);
  }
}

/**
 * The error for a non-OK status returned by `call`. The last-error text is process-wide, not per thread: after an
 * asynchronous call it is read when the result reaches the event loop, so a failure on another thread in between
 * could replace it (OpenVINO offers nothing better; reference §2.2).
 */
export function errorFor(c: OvC, status: Status, call: string): OpenVinoError {
  const name = statusName(status);
  // Other statuses leave a stale message from an earlier failure behind, so they get the static text instead.
  const native = EXCEPTION_STATUSES.has(name) ? takeString(c, c.ov_get_last_err_msg()).trim() : '';
  const message = native !== '' ? native : `${call}: ${c.ov_get_error_info(status)}`;
  return new OpenVinoError(name, message, call);
}

/** Throws unless `status` is OK. */
export function check(c: OvC, status: Status, call: string): void {
  if (status !== 0) throw errorFor(c, status, call);
}

/** Returns the handle an `_Out_` call produced, or throws. */
export function produced(c: OvC, status: Status, out: [Pointer | null], call: string): Pointer {
  check(c, status, call);
  const [handle] = out;
  if (handle === null) throw new OpenVinoError('UNEXPECTED', `${call} returned OK but no handle`, call);
  return handle;
}
