/**
 * @module http/v3-request
 * A POST under /v3/ or /v1/ turned into a request payload and the servable name to route it to, with OVMS's
 * createV3HttpPayload checks, order and messages: the JSON body (lossless, depth-limited, an object with a string
 * `model`), the multipart body (`model` field), or routing by URI for any other content type.
 */
import { JsonParseError, isJsonObject, parseJson, type ParsedJson } from '../calculators/request/json-value.js';
import type { RequestPayload } from '../calculators/request/request-payload.js';
import {
  CANNOT_PARSE_JSON_BODY, HttpError, JSON_BODY_NOT_AN_OBJECT, JSON_BODY_TOO_DEEP, MODEL_FIELD_MISSING,
  MODEL_FIELD_NOT_A_STRING, STREAM_FIELD_NOT_A_BOOLEAN, bodyLimitExceeded,
} from './errors.js';
import { parseMultipart, type MultipartLimits } from './multipart.js';

export interface V3Request {
  /** The request path (no query string), e.g. `/v3/images/generations`. */
  readonly uri: string;
  /** The Content-Type header ("" when absent). */
  readonly contentType: string;
  /** The whole body, already buffered by the server. */
  readonly body: Uint8Array;
}

export interface RoutedV3Request {
  /** The servable (graph name or LoRA alias) to run: the body's `model`, or the URI after its first 4 characters. */
  readonly servableName: string;
  /** OVMS's streaming switch: a boolean `stream` (completions/responses URIs) or the multipart text `stream=true`. */
  readonly isStreaming: boolean;
  readonly payload: RequestPayload;
}

/** Parses the body and picks the servable; throws HttpError with OVMS's status and message. */
export async function parseV3Request(request: V3Request, limits: MultipartLimits): Promise<RoutedV3Request> {
  const { uri, contentType, body } = request;
  if (body.byteLength > limits.maxBodyBytes) throw HttpError.of('REQUEST_BODY_TOO_LARGE', bodyLimitExceeded(limits.maxBodyBytes));
  // Substring tests, multipart first, as OVMS does.
  if (contentType.includes('multipart/form-data')) {
    const form = await parseMultipart(contentType, body, limits);
    const model = form.text('model');
    return {
      servableName: model === '' ? servableFromUri(uri) : model,
      isStreaming: form.text('stream') === 'true',
      payload: { kind: 'multipart', uri, contentType, form },
    };
  }
  if (contentType.includes('application/json')) {
    const { value, memberNames } = parseJsonBody(body);
    if (!isJsonObject(value)) throw HttpError.of('JSON_INVALID', JSON_BODY_NOT_AN_OBJECT);
    const model = value['model'];
    if (model === undefined) throw HttpError.of('JSON_INVALID', MODEL_FIELD_MISSING);
    if (typeof model !== 'string') throw HttpError.of('JSON_INVALID', MODEL_FIELD_NOT_A_STRING);
    let isStreaming = false;
    if (uri.includes('completions') || uri.includes('responses')) {
      const stream = value['stream'];
      if (stream !== undefined && typeof stream !== 'boolean') throw HttpError.of('JSON_INVALID', STREAM_FIELD_NOT_A_BOOLEAN);
      isStreaming = stream === true;
    }
    // An empty model routes by URI, and OVMS then leaves its JSON document in an error state.
    if (model === '') return { servableName: servableFromUri(uri), isStreaming, payload: { kind: 'unparsed', uri, contentType } };
    return { servableName: model, isStreaming, payload: { kind: 'json', uri, contentType, body: value, memberNames } };
  }
  return { servableName: servableFromUri(uri), isStreaming: false, payload: { kind: 'unparsed', uri, contentType } };
}

function parseJsonBody(body: Uint8Array): ParsedJson {
  try {
    return parseJson(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (error) {
    if (!(error instanceof JsonParseError)) throw error;
    throw HttpError.of('JSON_INVALID', error.reason === 'too-deep' ? JSON_BODY_TOO_DEEP : CANNOT_PARSE_JSON_BODY, { cause: error });
  }
}

/** URI-based routing: the name is everything after "/v3/" (or "/v1/"), e.g. `images/generations`. */
function servableFromUri(uri: string): string {
  if (uri.length <= 4) throw HttpError.of('FAILED_TO_DEDUCE_MODEL_NAME_FROM_URI');
  return uri.slice(4);
}
