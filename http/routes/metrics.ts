/**
 * @module http/routes/metrics
 * GET /metrics: the Prometheus text exposition when metrics are enabled; otherwise OVMS's REST_INVALID_URL (400).
 */
import { HttpError, httpErrorResponse } from '../errors.js';
import type { ServingMetrics } from '../metrics.js';
import type { Route } from '../route.js';

export function metricsRoutes({ metrics }: { readonly metrics?: ServingMetrics }): readonly Route[] {
  return [{
    method: 'GET',
    // OVMS's metrics regex takes a query string, which it discards.
    path: /^\/metrics$/,
    async handle(exchange) {
      if (metrics === undefined) {
        exchange.respond(httpErrorResponse(HttpError.of('REST_INVALID_URL')));
        return;
      }
      exchange.respond({ status: 200, contentType: metrics.contentType, body: await metrics.render() });
    },
  }];
}
