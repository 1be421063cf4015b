/**
 * @module http/routes/cors-preflight
 * OPTIONS on any path: 200 with an empty body; the CORS headers every response carries answer the preflight
 * (OVMS's processOptions, with the headers from drogon's pre-sending advice).
 */
import type { Route } from '../route.js';

export function corsPreflightRoutes(): readonly Route[] {
  return [{ method: 'OPTIONS', path: /^.*$/s, isKnownPath: false, handle: (exchange) => exchange.respond({ status: 200, body: '' }) }];
}
