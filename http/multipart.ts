/**
 * @module http/multipart
 * multipart/form-data bodies parsed with busboy into a MultipartForm: text parts and file parts (a part with a
 * `filename` is a file), every part kept in body order, a byte limit per request, typed errors for the server.
 */
import busboy from 'busboy';
import { MultipartForm, type MultipartFile, type MultipartTextField } from '../calculators/request/multipart-form.js';
import { HttpError, bodyLimitExceeded } from './errors.js';

export interface MultipartLimits {
  /** The whole body, in bytes; above it the parse fails with REQUEST_BODY_TOO_LARGE (413). */
  readonly maxBodyBytes: number;
  /** At most this many parts (text and file); above it the parse fails. */
  readonly maxParts?: number;
}

export const DEFAULT_MAX_PARTS = 1000;
/** OVMS's limit (drogon setClientMaxBodySize, 1 GiB); the server's `--max_body_bytes` changes it. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024 * 1024;

/** Parses a complete body (what the server has buffered). */
export function parseMultipart(contentType: string, body: Uint8Array, limits: MultipartLimits): Promise<MultipartForm> {
  return parseMultipartStream(contentType, [body], limits);
}

/**
 * Parses a body arriving in chunks. Fails with HttpError FAILED_TO_PARSE_MULTIPART_CONTENT_TYPE ("Request of multipart
 * type but failed to parse") for a malformed body, or REQUEST_BODY_TOO_LARGE as soon as the limit is passed.
 */
export async function parseMultipartStream(
  contentType: string,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  limits: MultipartLimits,
): Promise<MultipartForm> {
  const maxParts = limits.maxParts ?? DEFAULT_MAX_PARTS;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // Text parts are never truncated silently: the body limit bounds them.
      // busboy signals when the count *reaches* its limit, so it is given one more than we allow.
      limits: { fieldSize: limits.maxBodyBytes, fileSize: limits.maxBodyBytes, parts: maxParts + 1 },
      defParamCharset: 'utf8',
    });
  } catch (error) {
    throw malformed(error);
  }
  const textFields: MultipartTextField[] = [];
  // One promise per file part, in body order; each settles when the part's stream ends.
  const files: Promise<MultipartFile | undefined>[] = [];
  let failure: HttpError | undefined;
  const fail = (error: HttpError): void => {
    failure ??= error;
  };

  parser.on('field', (name, value) => textFields.push({ name, value }));
  parser.on('file', (name, stream, info) => {
    const pieces: Buffer[] = [];
    stream.on('data', (piece: Buffer) => pieces.push(piece));
    files.push(new Promise((resolve) => {
      stream.on('end', () => resolve({ name, fileName: info.filename ?? '', contentType: info.mimeType, bytes: new Uint8Array(Buffer.concat(pieces)) }));
      stream.on('error', (error) => {
        fail(malformed(error));
        resolve(undefined);
      });
    }));
  });
  parser.on('partsLimit', () => fail(malformed(new Error(`more than ${maxParts} parts`))));
  const finished = new Promise<void>((resolve) => {
    parser.on('close', resolve);
    parser.on('error', (error) => {
      fail(malformed(error));
      resolve();
    });
  });

  let received = 0;
  for await (const chunk of chunks) {
    received += chunk.byteLength;
    if (received > limits.maxBodyBytes) {
      parser.destroy();
      throw HttpError.of('REQUEST_BODY_TOO_LARGE', bodyLimitExceeded(limits.maxBodyBytes));
    }
    parser.write(chunk);
    if (failure !== undefined) break;
  }
  parser.end();
  await finished;
  const parts = await Promise.all(files);
  if (failure !== undefined) throw failure;
  return new MultipartForm(textFields, parts.filter((part): part is MultipartFile => part !== undefined));
}

function malformed(cause: unknown): HttpError {
  return HttpError.of('FAILED_TO_PARSE_MULTIPART_CONTENT_TYPE', undefined, { cause });
}
