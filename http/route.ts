/**
 * @module http/route
 * Route modules and the router: a route is a method, a path pattern matched against the whole raw path (OVMS's
 * std::regex_match over its URL regexes) and a handler. The router gives OVMS's answers when nothing matches:
 * 406 for a known path with another method (or a method OVMS does not take), 400 for an unknown path.
 */
import { HttpError } from './errors.js';
import type { HttpExchange } from './exchange.js';

/** The methods OVMS's REST handler takes; any other is REST_UNSUPPORTED_METHOD (406). */
export type RouteMethod = 'GET' | 'POST' | 'OPTIONS';
const METHODS: readonly string[] = ['GET', 'POST', 'OPTIONS'];

export interface Route {
  readonly method: RouteMethod;
  /** Matched against the whole path as sent (percent-encoded); capture groups reach the handler URL-decoded. */
  readonly path: RegExp;
  /**
   * False for a catch-all: another method on a path it matches is an unknown URL (400), not a known path with the
   * wrong method (406), as OVMS leaves its POST /v3/* route out of that test. Default true.
   */
  readonly isKnownPath?: boolean;
  /**
   * Answers the request. POST handlers that want the body call `exchange.readBody` before their first await
   * (uWS hands the body only to a reader attached synchronously).
   */
  handle(exchange: HttpExchange, params: readonly string[]): void | Promise<void>;
}

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: Route; readonly params: readonly string[] }
  | { readonly kind: 'error'; readonly error: HttpError };

/** OVMS's FileSystem::isPathEscaped: `../` at the start, `/..` at the end, or `/../` anywhere (and the `\` forms). */
export function isPathEscaped(path: string): boolean {
  for (const separator of ['/', '\\']) {
    if (path.startsWith(`..${separator}`) || path.endsWith(`${separator}..`) || path.includes(`${separator}..${separator}`)) return true;
  }
  return false;
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The route for a request, or the error OVMS answers (PATH_INVALID, REST_UNSUPPORTED_METHOD, REST_INVALID_URL). */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  if (!METHODS.includes(method)) return { kind: 'error', error: HttpError.of('REST_UNSUPPORTED_METHOD') };
  if (isPathEscaped(decodeOrKeep(path))) return { kind: 'error', error: HttpError.of('PATH_INVALID') };
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.path.exec(path);
    if (match !== null && match[0] === path) {
      return { kind: 'route', route, params: match.slice(1).map((group) => decodeOrKeep(group ?? '')) };
    }
  }
  const known = routes.some((route) => route.isKnownPath !== false && route.path.exec(path)?.[0] === path);
  return { kind: 'error', error: HttpError.of(known ? 'REST_UNSUPPORTED_METHOD' : 'REST_INVALID_URL') };
}

/** The path decoded as OVMS's front end sees it (drogon decodes it); the raw path when it does not decode. */
export function decodedPath(path: string): string {
  return decodeOrKeep(path);
}
