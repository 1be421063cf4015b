/**
 * @module http/routes/models
 * GET /v3/models, /v3/v1/models, /v1/models (list) and the same with /{id} (retrieve; ids may contain `/`), with
 * OVMS's bodies: `{"data":[{"id","object":"model","created","owned_by":"OVMS"}, ...],"object":"list"}`.
 */
import { HttpError, MODEL_NOT_FOUND, httpErrorResponse } from '../errors.js';
import type { Route } from '../route.js';
import type { ServableRegistry } from '../servable.js';

export interface ModelsRouteDeps {
  readonly servables: ServableRegistry;
  /** Unix seconds; `created` is the time of the request, as in OVMS. */
  readonly now?: () => number;
}

interface ModelObject {
  readonly id: string;
  readonly object: 'model';
  readonly created: number;
  readonly owned_by: 'OVMS';
}

/** OVMS's parseModel; `owned_by` stays "OVMS" so clients written against OVMS see what they expect. */
function modelObject(id: string, created: number): ModelObject {
  return { id, object: 'model', created, owned_by: 'OVMS' };
}

export function modelsRoutes({ servables, now = () => Math.floor(Date.now() / 1000) }: ModelsRouteDeps): readonly Route[] {
  return [
    {
      method: 'GET',
      path: /^(?:\/v3\/(?:v1\/)?|\/v1\/)models$/,
      handle(exchange) {
        const created = now();
        const body = { data: servables.listedNames().map((id) => modelObject(id, created)), object: 'list' };
        exchange.respond({ status: 200, body: JSON.stringify(body) });
      },
    },
    {
      method: 'GET',
      path: /^(?:\/v3\/(?:v1\/)?|\/v1\/)models\/(.+)$/s,
      handle(exchange, [id = '']) {
        if (!servables.listedNames().includes(id)) {
          // DEVIATION: OVMS answers this body with MODEL_NOT_LOADED, i.e. 500; an unknown id is 404 here.
          exchange.respond(httpErrorResponse(new HttpError('MODEL_NOT_LOADED', MODEL_NOT_FOUND)));
          return;
        }
        exchange.respond({ status: 200, body: JSON.stringify(modelObject(id, now())) });
      },
    },
  ];
}
