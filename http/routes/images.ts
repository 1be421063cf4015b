/**
 * @module http/routes/images
 * POST /v3/* and /v1/* (OVMS's processOpenAI): the images endpoints. API key, body limit, then the body becomes a
 * request payload routed by its `model` to a servable, whose graph decodes, validates and answers it; the route
 * turns the outcome into the response. Any other path under /v3/ or /v1/ takes the same way (the graph then
 * answers `Unsupported URI`), as in OVMS.
 */
import type { Logger } from 'pino';
import { GraphError } from '../../engine/index.js';
import type { ApiKeyCheck } from '../api-key.js';
import { HttpError, SERVER_SHUTTING_DOWN, graphFailureResponse, httpErrorResponse } from '../errors.js';
import type { HttpExchange, ResponseSpec } from '../exchange.js';
import type { Route } from '../route.js';
import { decodedPath } from '../route.js';
import type { ServableRegistry } from '../servable.js';
import { parseV3Request } from '../v3-request.js';

export interface ImagesRouteDeps {
  readonly servables: ServableRegistry;
  readonly maxBodyBytes: number;
  readonly authorize: ApiKeyCheck;
  readonly logger: Logger;
  /** Aborted when the server gives up waiting for runs at shutdown. */
  readonly shutdownSignal: AbortSignal;
}

export function imagesRoutes(deps: ImagesRouteDeps): readonly Route[] {
  return [{
    method: 'POST',
    path: /^(?:\/v3\/|\/v1\/).*$/s,
    isKnownPath: false,
    handle: (exchange) => handleRequest(exchange, deps),
  }];
}

async function handleRequest(exchange: HttpExchange, deps: ImagesRouteDeps): Promise<void> {
  const denied = deps.authorize(exchange.header('authorization'));
  if (denied !== undefined) {
    exchange.respond(httpErrorResponse(denied));
    return;
  }
  // Attached now, before any await: uWS hands the body only to a reader attached in the handler.
  const body = exchange.readBody(deps.maxBodyBytes);
  try {
    const routed = await parseV3Request(
      { uri: decodedPath(exchange.path), contentType: exchange.header('content-type'), body: await body },
      { maxBodyBytes: deps.maxBodyBytes },
    );
    const servable = deps.servables.find(routed.servableName);
    if (servable === undefined) throw HttpError.of('MEDIAPIPE_DEFINITION_NAME_MISSING');
    const signal = AbortSignal.any([exchange.signal, deps.shutdownSignal]);
    exchange.respond({ status: 200, body: await servable.run(routed.payload, signal) });
  } catch (error) {
    if (exchange.signal.aborted) {
      deps.logger.debug({ path: exchange.path }, 'request cancelled: the client disconnected');
      return;
    }
    exchange.respond(errorResponse(error, deps));
  }
}

function errorResponse(error: unknown, deps: ImagesRouteDeps): ResponseSpec {
  if (deps.shutdownSignal.aborted && error instanceof GraphError && error.code === 'CANCELLED') {
    return httpErrorResponse(HttpError.of('SERVER_NOT_READY', SERVER_SHUTTING_DOWN));
  }
  if (error instanceof HttpError) {
    if (error.httpStatus >= 500) deps.logger.error({ err: error }, error.message);
    return httpErrorResponse(error);
  }
  if (error instanceof GraphError) return graphFailureResponse(error);
  deps.logger.error({ err: error }, 'request failed with an unexpected error');
  return httpErrorResponse(HttpError.of('INTERNAL_ERROR', error instanceof Error ? error.message : String(error)));
}
