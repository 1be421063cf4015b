/**
 * @module http/server
 * The uWebSockets.js app: mounts the route modules, routes every request through them, adds CORS headers to every
 * response, tracks requests in flight, and shuts down in steps (stop listening, let runs finish, cancel the rest).
 */
import type { Logger } from 'pino';
import uWS from 'uWebSockets.js';
import { apiKeyAuth } from './api-key.js';
import { corsHeaders, type CorsOptions } from './cors.js';
import { HttpError, SERVER_SHUTTING_DOWN, httpErrorResponse, retryAdvice } from './errors.js';
import { HttpExchange } from './exchange.js';
import type { ServingMetrics } from './metrics.js';
import { matchRoute, type Route } from './route.js';
import { configStatusRoutes } from './routes/config-status.js';
import { corsPreflightRoutes } from './routes/cors-preflight.js';
import { healthRoutes, type ServerInfo } from './routes/health.js';
import { imagesRoutes } from './routes/images.js';
import { metricsRoutes } from './routes/metrics.js';
import { modelsRoutes } from './routes/models.js';
import type { ServableRegistry } from './servable.js';
import type { HttpStatus } from './status-to-http.js';

export interface HttpServerOptions {
  readonly servables: ServableRegistry;
  /** Request bodies above this many bytes get 413 before being read whole. */
  readonly maxBodyBytes: number;
  /** Clients must send `Authorization: Bearer <key>` on POST /v3/*, /v1/*; undefined or "" turns it off. */
  readonly apiKey?: string;
  readonly cors: CorsOptions;
  /** Undefined: metrics are off and /metrics answers 400, as in OVMS. */
  readonly metrics?: ServingMetrics;
  readonly logger: Logger;
  readonly serverInfo: ServerInfo;
}

/** uWS's app.close() (closes every socket) exists in 20.30 but is missing from its typings. */
interface ClosableApp extends uWS.TemplatedApp {
  close(): void;
}

export const listenFailed = (host: string, port: number): string => `cannot listen on ${host}:${port} (in use, or not an address of this machine)`;

export class HttpServer {
  private readonly app: ClosableApp;
  private readonly routes: readonly Route[];
  private readonly inFlight = new Set<HttpExchange>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly shutdown = new AbortController();
  private readonly listenSockets: uWS.us_listen_socket[] = [];
  private closing = false;

  constructor(private readonly options: HttpServerOptions) {
    const { servables, logger } = options;
    this.routes = [
      ...imagesRoutes({
        servables, maxBodyBytes: options.maxBodyBytes, authorize: apiKeyAuth({ apiKey: options.apiKey }), logger,
        shutdownSignal: this.shutdown.signal,
      }),
      ...modelsRoutes({ servables }),
      ...healthRoutes({ servables, serverInfo: options.serverInfo, isServing: () => !this.closing }),
      ...configStatusRoutes({ servables }),
      ...metricsRoutes({ metrics: options.metrics }),
      ...corsPreflightRoutes(),
    ];
    const cors = corsHeaders(options.cors);
    const hooks = {
      commonHeaders: (exchange: HttpExchange, status: HttpStatus) => [...cors(exchange.header('origin')), ...retryAdvice(status)],
      onEnd: (exchange: HttpExchange) => this.ended(exchange),
      isClosing: () => this.closing,
    };
    this.app = uWS.App() as ClosableApp;
    this.app.any('/*', (res, req) => this.dispatch(new HttpExchange(res, req, hooks)));
  }

  /**
   * Listens on port at each address of `bindAddress` (comma separated, as OVMS's --rest_bind_address; "" means every
   * interface; port 0 picks a free port, then used for the other addresses); resolves to the port.
   */
  async listen(bindAddress: string, port: number): Promise<number> {
    let bound = port;
    for (const host of bindAddress.split(',')) bound = await this.listenOn(host.trim(), bound);
    return bound;
  }

  private listenOn(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onListen = (socket: uWS.us_listen_socket | false): void => {
        if (socket === false) {
          reject(new Error(listenFailed(host, port)));
          return;
        }
        this.listenSockets.push(socket);
        resolve(uWS.us_socket_local_port(socket));
      };
      if (host === '') this.app.listen(port, onListen);
      else this.app.listen(host, port, onListen);
    });
  }

  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  private dispatch(exchange: HttpExchange): void {
    this.inFlight.add(exchange);
    if (this.closing) {
      exchange.respond(httpErrorResponse(HttpError.of('SERVER_NOT_READY', SERVER_SHUTTING_DOWN)));
      return;
    }
    const match = matchRoute(this.routes, exchange.method, exchange.path);
    if (match.kind === 'error') {
      exchange.respond(httpErrorResponse(match.error));
      return;
    }
    try {
      const handled = match.route.handle(exchange, match.params);
      if (handled instanceof Promise) handled.catch((error: unknown) => this.failed(exchange, error));
    } catch (error) {
      this.failed(exchange, error);
    }
  }

  /** A handler threw: our fault, never the client's; answer 500 and keep serving. */
  private failed(exchange: HttpExchange, error: unknown): void {
    this.options.logger.error({ err: error, method: exchange.method, path: exchange.path }, 'request handler failed');
    exchange.respond(httpErrorResponse(HttpError.of('INTERNAL_ERROR', error instanceof Error ? error.message : String(error))));
  }

  private ended(exchange: HttpExchange): void {
    this.inFlight.delete(exchange);
    const status = exchange.responseStatus;
    this.options.logger.debug({
      method: exchange.method, path: exchange.path, status: exchange.state === 'aborted' ? 'aborted' : status,
      ms: Math.round(performance.now() - exchange.startedAt),
    }, 'request');
    if (this.inFlight.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Stops accepting connections; requests on open connections get 503 and their connection closed. */
  stopListening(): void {
    this.closing = true;
    for (const socket of this.listenSockets.splice(0)) uWS.us_listen_socket_close(socket);
  }

  /** Resolves when no request is in flight, or after `timeoutMs`; tells which. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Cancels every run still in flight; their clients get 503. */
  cancelInFlight(): void {
    this.shutdown.abort(new Error(SERVER_SHUTTING_DOWN));
  }

  /** Closes every socket (after stopListening and the runs are over). */
  close(): void {
    this.stopListening();
    this.app.close();
  }
}
