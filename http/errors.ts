/**
 * @module http/errors
 * The HTTP layer's error catalogue (OVMS's status texts from src/status.cpp), its typed error, the `{"error": ...}`
 * body written the way OVMS's rapidjson Writer writes it, and the MediaPipe wrapping of graph errors.
 */
import { jsonStringLiteral } from '../calculators/request/json-value.js';
import type { GraphError, StatusCode } from '../engine/status.js';
import {
  GRAPH_ERROR_STATUS, OVMS_STATUS_HTTP, httpStatusOfGraphCode, type HttpErrorStatus, type HttpStatus, type OvmsStatus,
} from './status-to-http.js';

/** OVMS's message for each status (a detail, when there is one, follows after " - "). */
export const OVMS_STATUS_TEXT: Readonly<Record<OvmsStatus, string>> = {
  JSON_INVALID: 'The file is not valid json',
  FAILED_TO_PARSE_MULTIPART_CONTENT_TYPE: 'Request of multipart type but failed to parse',
  FAILED_TO_DEDUCE_MODEL_NAME_FROM_URI: 'Failed to deduce model name from all possible ways',
  MEDIAPIPE_DEFINITION_NAME_MISSING: 'Mediapipe graph definition with requested name is not found',
  MEDIAPIPE_DEFINITION_NOT_LOADED_YET: 'Mediapipe is not loaded yet',
  MEDIAPIPE_DEFINITION_NOT_LOADED_ANYMORE: 'Mediapipe is retired',
  MEDIAPIPE_EXECUTION_ERROR: 'Mediapipe execution failed. MP status',
  MEDIAPIPE_PRECONDITION_FAILED: 'Mediapipe graph precondition failed',
  MEDIAPIPE_GRAPH_ADD_PACKET_INPUT_STREAM: 'Failed to add packet to mediapipe graph input stream',
  REST_INVALID_URL: 'Invalid request URL',
  REST_UNSUPPORTED_METHOD: 'Unsupported method',
  PATH_INVALID: "The provided base path is invalid or doesn't exists",
  SERVER_NOT_READY: 'Server is not ready',
  MODEL_NOT_LOADED: 'Error while loading a model',
  MODEL_NAME_MISSING: 'Model with requested name is not found',
  MODEL_VERSION_NOT_LOADED_YET: 'Model with requested version is not loaded yet',
  UNAUTHORIZED: 'Unauthorized request due to invalid or missing api-key',
  INTERNAL_ERROR: 'Internal server error',
  REQUEST_BODY_TOO_LARGE: 'Request body is too large',
};

// Details OVMS's createV3HttpPayload adds to JSON_INVALID.
export const CANNOT_PARSE_JSON_BODY = 'Cannot parse JSON body';
export const JSON_BODY_TOO_DEEP = 'JSON body exceeds maximum nesting depth';
export const JSON_BODY_NOT_AN_OBJECT = 'JSON body must be an object';
export const MODEL_FIELD_MISSING = 'model field is missing in JSON body';
export const MODEL_FIELD_NOT_A_STRING = 'model field is not a string';
export const STREAM_FIELD_NOT_A_BOOLEAN = 'stream field is not a boolean';
/** The body OVMS writes itself for an unknown /v3/models/{id}. */
export const MODEL_NOT_FOUND = 'Model not found';
/** The detail of SERVER_NOT_READY once shutdown has begun. */
export const SERVER_SHUTTING_DOWN = 'the server is shutting down';
export const bodyLimitExceeded = (maxBodyBytes: number): string => `the limit is ${maxBodyBytes} bytes`;

/** An error raised by the HTTP layer; `message` is the full text of the `{"error": ...}` body. */
export class HttpError extends Error {
  constructor(readonly status: OvmsStatus, message: string = OVMS_STATUS_TEXT[status], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpError';
  }

  /** OVMS's Status(code, details).string(): the status text, then " - " and the detail. */
  static of(status: OvmsStatus, detail?: string, options?: { cause?: unknown }): HttpError {
    return new HttpError(status, detail === undefined ? OVMS_STATUS_TEXT[status] : `${OVMS_STATUS_TEXT[status]} - ${detail}`, options);
  }

  get httpStatus(): HttpErrorStatus {
    return OVMS_STATUS_HTTP[this.status];
  }
}

/**
 * `{"error":"<message>"}` byte for byte as rapidjson's Writer makes it: the C string ends at a NUL, `"` and `\`
 * are escaped, control characters as \b \t \n \f \r or \u00XX (upper-case hex), everything else verbatim.
 */
export function errorBody(message: string): string {
  const nul = message.indexOf('\0');
  const text = nul < 0 ? message : message.slice(0, nul);
  return `{"error":${jsonStringLiteral(text)}}`;
}

/** The node name of generated image graphs, which OVMS's messages show. */
export const IMAGE_GEN_NODE = 'ImageGenExecutor';

/**
 * A calculator error as OVMS reports it: MediaPipe wraps the Process() message with the node and graph, OVMS
 * prefixes its status text, e.g. `Mediapipe execution failed. MP status - INVALID_ARGUMENT: CalculatorGraph::Run()
 * failed: \nCalculator::Process() for node "ImageGenExecutor" failed: prompt field is missing in JSON body`.
 */
export function graphErrorMessage(code: StatusCode, node: string, message: string): string {
  return graphStatusMessage(code, `CalculatorGraph::Run() failed: \nCalculator::Process() for node "${node}" failed: ${message}`);
}

/** OVMS's text for a graph status: its own status text, " - ", then absl's `CODE: message`. */
function graphStatusMessage(code: StatusCode, statusMessage: string): string {
  return `${OVMS_STATUS_TEXT[GRAPH_ERROR_STATUS[code]]} - ${code}: ${statusMessage}`;
}

/** Status and body for an error a graph returned (the node defaults to the one the error names, else ImageGenExecutor). */
export function graphErrorResponse(error: GraphError, node: string = error.at.node ?? IMAGE_GEN_NODE): { status: HttpErrorStatus; body: string } {
  return { status: httpStatusOfGraphCode(error.code), body: errorBody(graphErrorMessage(error.code, node, error.message)) };
}

/**
 * Status and body for an error a graph run ended with (a GraphRunError, whose message is already MediaPipe's
 * combined text with every failing node), or any other graph-level error (cancelled, pool closed).
 */
export function graphFailureResponse(error: GraphError): { status: HttpErrorStatus; body: string } {
  return { status: httpStatusOfGraphCode(error.code), body: errorBody(graphStatusMessage(error.code, error.message)) };
}

/**
 * The OpenAI SDKs retry every 5xx (and 408, 409, 429) twice unless told not to. An error that will not go away is
 * marked `x-should-retry: false`; 503 (loading, shutting down) is left retryable.
 */
export function retryAdvice(status: HttpStatus): readonly (readonly [string, string])[] {
  return status >= 400 && status !== 503 ? [['x-should-retry', 'false']] : [];
}

/** Status and body for an error the HTTP layer raised. */
export function httpErrorResponse(error: HttpError): { status: HttpErrorStatus; body: string } {
  return { status: error.httpStatus, body: errorBody(error.message) };
}
