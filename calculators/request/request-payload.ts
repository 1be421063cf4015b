/**
 * @module calculators/request/request-payload
 * The request as it travels into the graph (OVMS's HttpPayload): the URI, the content type, and the body already
 * parsed by the HTTP layer as lossless JSON or as multipart form data. No HTTP status and no server types in here.
 */
import type { JsonObject } from './json-value.js';
import type { MultipartForm } from './multipart-form.js';

interface PayloadBase {
  /** The request path, e.g. `/v3/images/generations` (the calculator routes on its prefix). */
  readonly uri: string;
  /** The Content-Type header as sent ("" when absent). */
  readonly contentType: string;
}

/** An application/json body: an object (the HTTP layer rejects anything else) with a non-empty string `model`. */
export interface JsonRequestPayload extends PayloadBase {
  readonly kind: 'json';
  readonly body: JsonObject;
  /** The body's member names in document order, duplicates included (what OVMS's whitelist loop walks). */
  readonly memberNames: readonly string[];
}

/** A multipart/form-data body. */
export interface MultipartRequestPayload extends PayloadBase {
  readonly kind: 'multipart';
  readonly form: MultipartForm;
}

/**
 * A body routed by URI and left unparsed: any other content type, or JSON whose `model` is "". OVMS then keeps both
 * its JSON document and its multipart parser in an error state, so the calculator answers "Failed to parse ...".
 */
export interface UnparsedRequestPayload extends PayloadBase {
  readonly kind: 'unparsed';
}

export type RequestPayload = JsonRequestPayload | MultipartRequestPayload | UnparsedRequestPayload;
