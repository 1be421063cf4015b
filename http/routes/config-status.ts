/**
 * @module http/routes/config-status
 * GET /v1/config: every servable's state in OVMS's hand-written JSON (src/config_status_utils.cpp): servables by
 * name in byte order, each a single version "1" (graphs have one), `{}` when nothing is served.
 */
import type { Route } from '../route.js';
import type { ServableRegistry, ServableState } from '../servable.js';

/** OVMS's PipelineDefinitionStatus::convertToModelStatus: the state shown and its error code. */
const SHOWN_STATUS: Readonly<Record<ServableState, readonly [state: string, errorCode: string]>> = {
  LOADING: ['LOADING', 'OK'],
  LOADING_FAILED: ['LOADING', 'FAILED_PRECONDITION'],
  AVAILABLE: ['AVAILABLE', 'OK'],
  UNLOADING: ['UNLOADING', 'OK'],
  END: ['END', 'OK'],
};

/** A string's JSON escaping without its quotes, as OVMS's jsonEscapeStringValue. */
function escaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** serializeModelsStatuses2Json, byte for byte. */
export function configStatusBody(servables: ServableRegistry): string {
  const entries = [...servables.servables].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  if (entries.length === 0) return '{}';
  const models = entries.map((servable) => {
    const [state, errorCode] = SHOWN_STATUS[servable.state];
    return `"${escaped(servable.name)}" : \n{\n "model_version_status": [\n  {\n   "version": "1",\n   "state": "${state}",\n` +
      `   "status": {\n    "error_code": "${errorCode}",\n    "error_message": "${errorCode}"\n   }\n  }\n ]\n}`;
  });
  return `{\n${models.join(',\n')}\n}`;
}

export function configStatusRoutes({ servables }: { readonly servables: ServableRegistry }): readonly Route[] {
  return [{ method: 'GET', path: /^\/v1\/config$/, handle: (exchange) => exchange.respond({ status: 200, body: configStatusBody(servables) }) }];
}
