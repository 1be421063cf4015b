/**
 * @module test/support/pixel-difference
 * Compares two RGB images byte for byte and says where they differ, for parity tests against GenAI.
 */
import type { RgbImage } from './genai-reference.js';

/** Empty when equal; else where the first byte differs and how many do. */
export function pixelDifference(ours: RgbImage, theirs: RgbImage): string {
  if (ours.width !== theirs.width || ours.height !== theirs.height) {
    return `size ${ours.width}x${ours.height}, GenAI ${theirs.width}x${theirs.height}`;
  }
  let count = 0;
  let first = -1;
  for (let i = 0; i < ours.pixels.length; i++) {
    if (ours.pixels[i] !== theirs.pixels[i]) {
      count++;
      if (first < 0) first = i;
    }
  }
  if (count === 0) return '';
  const pixel = Math.floor(first / 3);
  return `${count} of ${ours.pixels.length} bytes differ; first at (x ${pixel % ours.width}, y ${Math.floor(pixel / ours.width)}, ` +
    `channel ${first % 3}): ours ${ours.pixels[first]}, GenAI ${theirs.pixels[first]}`;
}
