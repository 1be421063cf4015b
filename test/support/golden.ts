/**
 * @module test/support/golden
 * Reading golden vectors (test/golden/**.json, recorded from the reference implementations by the scripts beside
 * them) and comparing float32 data bit for bit.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths.js';

export const goldenDir = join(projectRoot, 'test', 'golden');

/** Parses test/golden/<relativePath> as JSON of the caller's declared shape. */
export function readGolden<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(goldenDir, relativePath), 'utf8')) as T;
}

/** SHA-256 (hex) of float32 values as little-endian bytes, as the golden generators hash them. */
export function sha256OfFloats(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return createHash('sha256').update(bytes).digest('hex');
}

/** A float32 value's bits as 8 lowercase hex digits. */
export function floatHex(value: number): string {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  return view.getUint32(0).toString(16).padStart(8, '0');
}

/** The float32 whose bits are the given 8 hex digits. */
export function floatFromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, Number.parseInt(hex, 16));
  return view.getFloat32(0);
}

/** Index of the first element whose float32 bits differ, or -1 (bit-exact, so -0 != 0 and NaN == NaN). */
export function firstBitMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Math.min(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (floatHex(actual[i]!) !== floatHex(expected[i]!)) return i;
  }
  return -1;
}
