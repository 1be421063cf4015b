/**
 * @module http/status-to-http
 * The only place a status becomes an HTTP status: OVMS's StatusCode → HTTP map (src/http_server.cpp) for the errors
 * the HTTP layer raises itself, and the graph's absl codes as OVMS's MediaPipe executor maps them.
 */
import type { StatusCode } from '../engine/status.js';

/** Every HTTP status Pictograph sends for an error. */
export type HttpErrorStatus = 400 | 401 | 404 | 406 | 412 | 413 | 500 | 501 | 503;
/** Every HTTP status Pictograph sends. */
export type HttpStatus = 200 | HttpErrorStatus;

const REASON_PHRASES: Readonly<Record<HttpStatus, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  406: 'Not Acceptable',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The status line's text after the code. */
export function reasonPhrase(status: HttpStatus): string {
  return REASON_PHRASES[status];
}

/** OVMS's StatusCode names for the errors the HTTP front end raises (plus one of ours, REQUEST_BODY_TOO_LARGE). */
export type OvmsStatus =
  | 'JSON_INVALID'
  | 'FAILED_TO_PARSE_MULTIPART_CONTENT_TYPE'
  | 'FAILED_TO_DEDUCE_MODEL_NAME_FROM_URI'
  | 'MEDIAPIPE_DEFINITION_NAME_MISSING'
  | 'MEDIAPIPE_DEFINITION_NOT_LOADED_YET'
  | 'MEDIAPIPE_DEFINITION_NOT_LOADED_ANYMORE'
  | 'MEDIAPIPE_EXECUTION_ERROR'
  | 'MEDIAPIPE_PRECONDITION_FAILED'
  | 'MEDIAPIPE_GRAPH_ADD_PACKET_INPUT_STREAM'
  | 'REST_INVALID_URL'
  | 'REST_UNSUPPORTED_METHOD'
  | 'PATH_INVALID'
  | 'SERVER_NOT_READY'
  | 'MODEL_NOT_LOADED'
  | 'MODEL_NAME_MISSING'
  | 'MODEL_VERSION_NOT_LOADED_YET'
  | 'UNAUTHORIZED'
  | 'INTERNAL_ERROR'
  | 'REQUEST_BODY_TOO_LARGE';

export const OVMS_STATUS_HTTP: Readonly<Record<OvmsStatus, HttpErrorStatus>> = {
  JSON_INVALID: 412,
  // Not in OVMS's map, so OVMS answers 500 (kept for compatibility, though the client sent the bad body).
  FAILED_TO_PARSE_MULTIPART_CONTENT_TYPE: 500,
  FAILED_TO_DEDUCE_MODEL_NAME_FROM_URI: 500,
  MEDIAPIPE_DEFINITION_NAME_MISSING: 404,
  // DEVIATION: unmapped in OVMS (500); a servable still loading is a temporary condition, so 503 as for readiness.
  MEDIAPIPE_DEFINITION_NOT_LOADED_YET: 503,
  MEDIAPIPE_DEFINITION_NOT_LOADED_ANYMORE: 404,
  MEDIAPIPE_EXECUTION_ERROR: 400,
  MEDIAPIPE_PRECONDITION_FAILED: 412,
  MEDIAPIPE_GRAPH_ADD_PACKET_INPUT_STREAM: 412,
  REST_INVALID_URL: 400,
  REST_UNSUPPORTED_METHOD: 406,
  PATH_INVALID: 400,
  SERVER_NOT_READY: 503,
  // DEVIATION: OVMS raises MODEL_NOT_LOADED only for an unknown /v3/models/{id} and answers 500; we answer 404.
  MODEL_NOT_LOADED: 404,
  MODEL_NAME_MISSING: 404,
  MODEL_VERSION_NOT_LOADED_YET: 404,
  // DEVIATION: UNAUTHORIZED is missing from OVMS's map (so 500); a bad or missing API key is 401 here.
  UNAUTHORIZED: 401,
  INTERNAL_ERROR: 500,
  // Ours: a body above the configured limit, refused before it is read whole.
  REQUEST_BODY_TOO_LARGE: 413,
};

/**
 * mediapipeAbslToOvmsStatus: FAILED_PRECONDITION is MEDIAPIPE_PRECONDITION_FAILED (412), every other graph error
 * MEDIAPIPE_EXECUTION_ERROR (400), even INTERNAL (GenAI failures are 400 in OVMS).
 */
export const GRAPH_ERROR_STATUS: Readonly<Record<StatusCode, 'MEDIAPIPE_EXECUTION_ERROR' | 'MEDIAPIPE_PRECONDITION_FAILED'>> = {
  CANCELLED: 'MEDIAPIPE_EXECUTION_ERROR',
  UNKNOWN: 'MEDIAPIPE_EXECUTION_ERROR',
  INVALID_ARGUMENT: 'MEDIAPIPE_EXECUTION_ERROR',
  DEADLINE_EXCEEDED: 'MEDIAPIPE_EXECUTION_ERROR',
  NOT_FOUND: 'MEDIAPIPE_EXECUTION_ERROR',
  ALREADY_EXISTS: 'MEDIAPIPE_EXECUTION_ERROR',
  PERMISSION_DENIED: 'MEDIAPIPE_EXECUTION_ERROR',
  RESOURCE_EXHAUSTED: 'MEDIAPIPE_EXECUTION_ERROR',
  FAILED_PRECONDITION: 'MEDIAPIPE_PRECONDITION_FAILED',
  ABORTED: 'MEDIAPIPE_EXECUTION_ERROR',
  OUT_OF_RANGE: 'MEDIAPIPE_EXECUTION_ERROR',
  UNIMPLEMENTED: 'MEDIAPIPE_EXECUTION_ERROR',
  INTERNAL: 'MEDIAPIPE_EXECUTION_ERROR',
  UNAVAILABLE: 'MEDIAPIPE_EXECUTION_ERROR',
  DATA_LOSS: 'MEDIAPIPE_EXECUTION_ERROR',
  UNAUTHENTICATED: 'MEDIAPIPE_EXECUTION_ERROR',
};

/** The HTTP status of an error a graph returned. */
export function httpStatusOfGraphCode(code: StatusCode): HttpErrorStatus {
  // DEVIATION: OVMS's calculators never report UNAVAILABLE; ours do when a servable cannot take work (not ready,
  // shutting down), which OVMS's front end answers with SERVER_NOT_READY → 503.
  if (code === 'UNAVAILABLE') return OVMS_STATUS_HTTP.SERVER_NOT_READY;
  // DEVIATION: a request Pictograph validated but cannot run yet (a feature still to come, e.g. image edits) is
  // 501, not OVMS's 400 for every execution error: the request was fine.
  if (code === 'UNIMPLEMENTED') return 501;
  return OVMS_STATUS_HTTP[GRAPH_ERROR_STATUS[code]];
}
