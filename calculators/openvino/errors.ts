/**
 * @module calculators/openvino/errors
 * The binding's typed errors: OpenVinoError (a failed OpenVINO call, carrying OpenVINO's status name and its own
 * message, or a misuse caught before calling it) and OpenVinoNotFoundError (no runtime, listing where we looked).
 */

/** `ov_status_e` names (C API `ov_common.h`; stable 2023–2026), indexed by `-status`. */
export const OV_STATUS_NAMES = [
  'OK', 'GENERAL_ERROR', 'NOT_IMPLEMENTED', 'NETWORK_NOT_LOADED', 'PARAMETER_MISMATCH', 'NOT_FOUND', 'OUT_OF_BOUNDS',
  'UNEXPECTED', 'REQUEST_BUSY', 'RESULT_NOT_READY', 'NOT_ALLOCATED', 'INFER_NOT_STARTED', 'NETWORK_NOT_READ',
  'INFER_CANCELLED', 'INVALID_C_PARAM', 'UNKNOWN_C_ERROR', 'NOT_IMPLEMENT_C_METHOD', 'UNKNOW_EXCEPTION',
] as const;

export type OvStatusName = (typeof OV_STATUS_NAMES)[number];

/** Messages of errors the binding raises itself (tests import them). */
export const MESSAGES = {
  disposed: (what: string) => `${what} was used after dispose()`,
  busy: 'infer() was called while a previous infer() on this request is still running; use one request per concurrent inference',
  busyTouch: (action: string) => `${action} was called while infer() on this request is still running`,
  dataLength: (type: string, shape: readonly number[], expected: number, got: number) =>
    `tensor data: a ${type} tensor of shape [${shape.join(',')}] needs ${expected} bytes, the array has ${got}`,
  dataClass: (type: string, expected: string, got: string) => `tensor data: a ${type} tensor takes a ${expected}, not a ${got}`,
  badShape: (shape: readonly number[]) => `tensor shape: [${shape.join(',')}] must list integers >= 0`,
  staleTensor: (what: string) =>
    `${what} of an infer request was read after the request ran infer(), had a tensor set or was disposed; get it again`,
  scalarReshape: (name: string) => `reshape: input '${name}' cannot be reshaped to a scalar or a dynamic rank through the C API`,
  unsupportedType: (type: string, binding: string) => `element type '${type}' is not supported by the ${binding} binding`,
} as const;

/** A failed OpenVINO call. `message` is OpenVINO's own text when OpenVINO produced one. */
export class OpenVinoError extends Error {
  constructor(
    /** The C status name (`GENERAL_ERROR`, `REQUEST_BUSY`, ...), also for errors caught before calling OpenVINO. */
    readonly status: OvStatusName,
    message: string,
    /** The C function (or binding method) that failed, e.g. `ov_infer_request_set_tensor`. */
    readonly call: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpenVinoError';
  }
}

/** No OpenVINO runtime could be loaded; `searched` lists every place that was tried, in order. */
export class OpenVinoNotFoundError extends Error {
  constructor(
    /** What is missing and how to get it, without the list. */
    readonly reason: string,
    readonly searched: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${reason}\nsearched:\n${searched.map((place) => `  ${place}`).join('\n')}`, options);
    this.name = 'OpenVinoNotFoundError';
  }
}
