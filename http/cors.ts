/**
 * @module http/cors
 * CORS headers from `--allowed_origins|methods|headers` and `--allow_credentials`, added to every response as
 * OVMS's drogon pre-sending advice adds them (each only when its setting is not empty).
 */

export interface CorsOptions {
  /** Comma separated, or `*` (OVMS's default). */
  readonly allowedOrigins: string;
  readonly allowedMethods: string;
  readonly allowedHeaders: string;
  readonly allowCredentials: boolean;
}

export type HeaderList = readonly (readonly [string, string])[];

/**
 * The CORS headers for a request with this Origin header. DEVIATION: OVMS sends `--allowed_origins` verbatim, and a
 * browser refuses a list ("a.com,b.com"); with several origins we answer the request's own origin when it is
 * listed (with `Vary: Origin`), and no Allow-Origin when it is not.
 */
export function corsHeaders(options: CorsOptions): (origin: string) => HeaderList {
  const origins = options.allowedOrigins.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  const fixed: [string, string][] = [];
  if (options.allowCredentials) fixed.push(['Access-Control-Allow-Credentials', 'true']);
  if (options.allowedMethods !== '') fixed.push(['Access-Control-Allow-Methods', options.allowedMethods]);
  if (options.allowedHeaders !== '') fixed.push(['Access-Control-Allow-Headers', options.allowedHeaders]);
  if (origins.length <= 1) {
    const single: HeaderList = options.allowedOrigins === '' ? fixed : [['Access-Control-Allow-Origin', options.allowedOrigins], ...fixed];
    return () => single;
  }
  return (origin) => (origins.includes(origin)
    ? [['Access-Control-Allow-Origin', origin], ['Vary', 'Origin'], ...fixed]
    : [['Vary', 'Origin'], ...fixed]);
}
