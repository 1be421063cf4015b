/**
 * @module http/routes/health
 * KServe health and metadata (OVMS's processServerLive/Ready, processModelReady, server metadata): GET
 * /v2/health/live, /v2/health/ready (503 until every servable is loaded), /v2/models/{name}[/versions/{v}]/ready
 * (a name with `/` is sent percent-encoded) and /v2. Success bodies are empty, as in OVMS.
 */
import { HttpError, httpErrorResponse } from '../errors.js';
import type { Route } from '../route.js';
import type { ServableRegistry } from '../servable.js';

export interface ServerInfo {
  readonly name: string;
  readonly version: string;
}

export interface HealthRouteDeps {
  readonly servables: ServableRegistry;
  readonly serverInfo: ServerInfo;
  /** False while the server shuts down: readiness then fails. */
  readonly isServing: () => boolean;
}

export function healthRoutes({ servables, serverInfo, isServing }: HealthRouteDeps): readonly Route[] {
  return [
    { method: 'GET', path: /^\/v2\/health\/live$/, handle: (exchange) => exchange.respond({ status: 200, body: '' }) },
    {
      method: 'GET',
      path: /^\/v2\/health\/ready$/,
      handle(exchange) {
        exchange.respond(servables.isReady && isServing() ? { status: 200, body: '' } : httpErrorResponse(HttpError.of('SERVER_NOT_READY')));
      },
    },
    {
      method: 'GET',
      path: /^\/v2\/models\/([^/]+)(?:\/versions\/([0-9]+))?\/ready$/,
      handle(exchange, [name = '']) {
        // A graph has one version; OVMS answers for graphs whatever version is asked.
        const servable = servables.find(name);
        if (servable === undefined) {
          exchange.respond(httpErrorResponse(HttpError.of('MODEL_NAME_MISSING')));
        } else if (servable.state !== 'AVAILABLE') {
          exchange.respond(httpErrorResponse(HttpError.of('MODEL_VERSION_NOT_LOADED_YET')));
        } else {
          exchange.respond({ status: 200, body: '' });
        }
      },
    },
    {
      method: 'GET',
      path: /^\/v2$/,
      handle: (exchange) => exchange.respond({ status: 200, body: JSON.stringify({ name: serverInfo.name, version: serverInfo.version, extensions: [] }) }),
    },
  ];
}
