/**
 * @module test/calculators/image/png-encoder-calculator.test
 * PngEncoderCalculator in a one-node graph (its header node): 8-bit RGB PNGs that decode to the same pixels.
 */
import { expect } from 'chai';
import type { RgbImage } from '../../../calculators/image/rgb-image.js';
import { decodeRgbPng } from '../../support/genai-reference.js';
import { headerNode, runNode } from '../../support/node-runner.js';

describe('image/PngEncoderCalculator', () => {
  it('encodes each image of the batch, in order, losslessly', async () => {
    const images: RgbImage[] = [3, 7].map((seed) => ({
      width: 5, height: 3, pixels: Uint8Array.from({ length: 45 }, (_, i) => (i * seed * 37) % 256),
    }));
    const run = await runNode(headerNode('calculators/image/png-encoder-calculator.ts'), { inputs: { images: [images] } });
    const pngs = run.outputs['pngs']?.[0]?.value as Uint8Array[];
    expect(pngs.map((png) => decodeRgbPng(png))).to.deep.equal(images);
  });
});
