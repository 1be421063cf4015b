/**
 * @module calculators/request/resolution
 * `WxH` strings as OVMS reads them (getDimensions), for the request's `size` and for the calculator options'
 * resolutions: split at the first `x`, both halves strict int64 (ovms::stoi64), both greater than 0; "auto" is none.
 */
import { stoi64 } from './field-readers.js';
import { SIZE_NOT_IN_FORMAT, SIZE_NOT_POSITIVE } from './request-messages.js';

export interface Resolution {
  readonly width: bigint;
  readonly height: bigint;
}

/** A parsed `WxH`, `null` for "auto", or the OVMS message saying why not. */
export type DimensionsResult = Resolution | null | { readonly error: string };

export function parseDimensions(text: string): DimensionsResult {
  if (text === 'auto') return null;
  const x = text.indexOf('x');
  if (x < 0) return { error: SIZE_NOT_IN_FORMAT };
  const width = stoi64(text.slice(0, x));
  const height = stoi64(text.slice(x + 1));
  if (width === undefined || height === undefined) return { error: SIZE_NOT_IN_FORMAT };
  if (width <= 0n || height <= 0n) return { error: SIZE_NOT_POSITIVE };
  return { width, height };
}

export function isDimensionsError(result: DimensionsResult): result is { readonly error: string } {
  return result !== null && 'error' in result;
}

export function formatResolution(resolution: Resolution): string {
  return `${resolution.width}x${resolution.height}`;
}
