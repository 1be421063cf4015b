/**
 * @module test/calculators/vae/vae-decoder-calculator.test
 * VaeDecoderCalculator in a one-node graph (its header node): GenAI's own last latent, decoded by our decoder (IR
 * with GenAI's post-processing merged in), gives GenAI's image pixel for pixel, for f32, f16 and int8 weights.
 */
import { expect } from 'chai';
import type { RgbImage } from '../../../calculators/image/rgb-image.js';
import { floatTensor } from '../../../calculators/tensor/float-tensor.js';
import { genaiGenerateBatch } from '../../support/genai-reference.js';
import { headerNode, runNode } from '../../support/node-runner.js';
import { tinyModel } from '../../support/tiny-models.js';
import { tinyServable } from '../../support/tiny-servable.js';

describe('vae/VaeDecoderCalculator', function () {
  this.timeout(120_000);
  const NODE = headerNode('calculators/vae/vae-decoder-calculator.ts');

  it('decodes GenAI\'s final latent into GenAI\'s image, exactly (f32, f16 and int8 weights; a batch of 2)', async () => {
    const dirs = [await tinyModel('sd15'), await tinyModel('sd15', { weights: 'f16' }), await tinyModel('sd15', { weights: 'int8' })];
    const outcomes = await genaiGenerateBatch(dirs.map((modelDir) => ({
      modelDir, mode: 'text2image', prompt: 'a green door', width: 64, height: 32, steps: 2, n: 2, latents: true,
    })));
    for (const [i, outcome] of outcomes.entries()) {
      if ('error' in outcome) expect.fail(outcome.error);
      const last = outcome.result.latents?.at(-1);
      if (last === undefined) expect.fail('GenAI reported no latents');
      const servable = await tinyServable(dirs[i] as string);
      const run = await runNode(NODE, {
        inputs: { denoised_latent: [floatTensor(last.shape, last.data)] },
        side: { vae_decoder: servable.resources.vaeDecoder },
      });
      const images = run.outputs['images']?.[0]?.value as RgbImage[];
      expect(images.map((image) => [image.width, image.height])).to.deep.equal([[64, 32], [64, 32]]);
      images.forEach((image, k) => {
        expect(Buffer.from(image.pixels).equals(Buffer.from(outcome.result.images[k]?.pixels ?? [])), `${dirs[i]} image ${k}`).to.equal(true);
      });
    }
  });
});
