/**
 * @module http/exchange
 * One HTTP request and its response on uWebSockets.js: what the handler needs from the request (captured before
 * uWS frees it), the body streamed in with a byte limit, an AbortSignal for a client that goes away, and a response
 * written inside `cork` that honours backpressure (`tryEnd` + `onWritable`).
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import { HttpError, bodyLimitExceeded } from './errors.js';
import { reasonPhrase, type HttpStatus } from './status-to-http.js';

/** A response: status, body and the headers specific to it (the server adds CORS headers to every response). */
export interface ResponseSpec {
  readonly status: HttpStatus;
  /** Default: application/json. */
  readonly contentType?: string;
  readonly body: string | Uint8Array;
  readonly headers?: readonly (readonly [string, string])[];
}

/** What the server adds around each exchange. */
export interface ExchangeHooks {
  /** Headers the server adds to every response (CORS, retry advice), given the status being sent. */
  readonly commonHeaders: (exchange: HttpExchange, status: HttpStatus) => readonly (readonly [string, string])[];
  /** Called once when the exchange ends: responded (fully written) or aborted by the client. */
  readonly onEnd: (exchange: HttpExchange) => void;
  /** True while the server shuts down: responses then close their connection. */
  readonly isClosing: () => boolean;
}

export type ExchangeState = 'open' | 'writing' | 'done' | 'aborted';

export class HttpExchange {
  /** As sent, upper case (OVMS compares "GET", "POST", "OPTIONS"). */
  readonly method: string;
  /** The request path as sent (percent-encoded), without the query string. */
  readonly path: string;
  readonly query: string;
  readonly startedAt = performance.now();
  private readonly headers = new Map<string, string>();
  private readonly abortController = new AbortController();
  private stateValue: ExchangeState = 'open';
  /** The body was not read to its end: the connection cannot be reused after the response. */
  private hasUnreadBody: boolean;
  private status: HttpStatus | undefined;

  constructor(private readonly res: HttpResponse, req: HttpRequest, private readonly hooks: ExchangeHooks) {
    this.method = req.getCaseSensitiveMethod().toUpperCase();
    this.path = req.getUrl();
    this.query = req.getQuery() ?? '';
    // uWS lower-cases header names; the first of repeated headers wins, as drogon's map keeps it.
    req.forEach((name, value) => { if (!this.headers.has(name)) this.headers.set(name, value); });
    this.hasUnreadBody = this.mayHaveBody();
    res.onAborted(() => {
      if (this.stateValue === 'done') return;
      this.stateValue = 'aborted';
      this.abortController.abort(new Error('the client closed the connection'));
      this.hooks.onEnd(this);
    });
  }

  /** A request header by lower-case name ("" when absent). */
  header(name: string): string {
    return this.headers.get(name) ?? '';
  }

  /** Aborted when the client disconnects before the response is written. */
  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  get state(): ExchangeState {
    return this.stateValue;
  }

  /** The status sent, once responded. */
  get responseStatus(): HttpStatus | undefined {
    return this.status;
  }

  private mayHaveBody(): boolean {
    const length = this.header('content-length');
    return this.header('transfer-encoding') !== '' || (length !== '' && length !== '0');
  }

  /**
   * Streams the body in. Must be called before the handler first awaits (uWS delivers data only to a handler
   * attached synchronously). Rejects with HttpError REQUEST_BODY_TOO_LARGE (413) as soon as the limit is passed:
   * at once from Content-Length, else while the body arrives; the rest is not read.
   */
  readBody(maxBodyBytes: number): Promise<Uint8Array> {
    const tooLarge = (): HttpError => HttpError.of('REQUEST_BODY_TOO_LARGE', bodyLimitExceeded(maxBodyBytes));
    const declared = this.header('content-length');
    if (declared !== '' && Number(declared) > maxBodyBytes) return Promise.reject(tooLarge());
    if (!this.hasUnreadBody) return Promise.resolve(new Uint8Array(0));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let received = 0;
      let settled = false;
      this.res.onData((chunk, isLast) => {
        if (settled) return;
        received += chunk.byteLength;
        if (received > maxBodyBytes) {
          settled = true;
          reject(tooLarge());
          return;
        }
        // uWS neuters the ArrayBuffer when this callback returns: copy it.
        chunks.push(Buffer.from(new Uint8Array(chunk)));
        if (isLast) {
          settled = true;
          this.hasUnreadBody = false;
          resolve(new Uint8Array(Buffer.concat(chunks, received)));
        }
      });
      this.signal.addEventListener('abort', () => {
        if (settled) return;
        settled = true;
        reject(new HttpError('INTERNAL_ERROR', 'the client closed the connection while sending the body'));
      }, { once: true });
    });
  }

  /**
   * Writes the response (once; later calls and calls after an abort are ignored). Large bodies are written as the
   * socket drains. The connection is closed afterwards when the body was not read whole or the server is closing.
   */
  respond(response: ResponseSpec): void {
    if (this.stateValue !== 'open') return;
    this.stateValue = 'writing';
    this.status = response.status;
    const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
    const closeConnection = this.hasUnreadBody || this.hooks.isClosing();
    const headers = [
      ['Content-Type', response.contentType ?? 'application/json'] as const,
      ...(response.headers ?? []),
      ...this.hooks.commonHeaders(this, response.status),
    ];
    this.res.cork(() => {
      this.res.writeStatus(`${response.status} ${reasonPhrase(response.status)}`);
      for (const [name, value] of headers) this.res.writeHeader(name, value);
      if (closeConnection) {
        // end() with closeConnection: uWS sends "Connection: close" and drops the unread rest of the body.
        this.res.end(body, true);
        this.finish();
        return;
      }
      this.writeWithBackpressure(body);
    });
  }

  /** uWS's streaming pattern: tryEnd what fits; when it does not, continue from onWritable at the new offset. */
  private writeWithBackpressure(body: Uint8Array): void {
    const total = body.byteLength;
    const startOffset = this.res.getWriteOffset();
    const [, done] = this.res.tryEnd(body, total);
    if (done) {
      this.finish();
      return;
    }
    this.res.onWritable((offset) => {
      if (this.stateValue !== 'writing') return true;
      const [ok, finished] = this.res.tryEnd(body.subarray(offset - startOffset), total);
      if (finished) this.finish();
      return ok;
    });
  }

  private finish(): void {
    if (this.stateValue !== 'writing') return;
    this.stateValue = 'done';
    this.hooks.onEnd(this);
  }
}
