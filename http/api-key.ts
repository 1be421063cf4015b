/**
 * @module http/api-key
 * API-key authentication for the generative endpoints (POST /v3/*, /v1/*), as OVMS's isAuthorized: the request's
 * Authorization header must be exactly `Bearer <key>`. No key configured means no check.
 */
import { timingSafeEqual } from 'node:crypto';
import { HttpError } from './errors.js';

/** Returns the error to answer with, or undefined when the request may proceed. */
export type ApiKeyCheck = (authorizationHeader: string) => HttpError | undefined;

export function apiKeyAuth(options: { readonly apiKey?: string }): ApiKeyCheck {
  const { apiKey } = options;
  if (apiKey === undefined || apiKey === '') return () => undefined;
  const expected = Buffer.from(`Bearer ${apiKey}`, 'utf8');
  return (header) => {
    const given = Buffer.from(header, 'utf8');
    // Constant-time for equal lengths; a length mismatch is already a refusal.
    const matches = given.length === expected.length && timingSafeEqual(given, expected);
    // DEVIATION: UNAUTHORIZED is 401 (OVMS: 500, the code is missing from its status map).
    return matches ? undefined : HttpError.of('UNAUTHORIZED');
  };
}
