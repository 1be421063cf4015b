/**
 * @module calculators/request/image-generation-response
 * The success body of the images endpoints: `{"created": <unix seconds>, "data": [{"b64_json": "<png>"}, ...]}`,
 * one entry per image in batch order, laid out like OVMS's hand-written JSON (a newline after each separator).
 */
import { GraphError } from '../../engine/status.js';

/**
 * Builds the body from encoded PNGs. DEVIATION: OVMS writes no `created`; the OpenAI schema requires it, so we add
 * it (clients that ignore unknown fields, as OVMS's do, are unaffected).
 */
export function imagesResponseBody(pngs: readonly Uint8Array[], createdUnixSeconds: number): string {
  if (pngs.length === 0) throw new GraphError('INTERNAL', 'no images to return');
  if (!Number.isSafeInteger(createdUnixSeconds) || createdUnixSeconds < 0) {
    throw new GraphError('INTERNAL', `created must be whole unix seconds, got ${createdUnixSeconds}`);
  }
  const items = pngs.map((png) => `{"b64_json":"${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}"}`);
  return `{"created":${createdUnixSeconds},"data":[${items.join(',\n')}]}\n`;
}

/** Unix seconds of a moment (what `created` holds). */
export function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
