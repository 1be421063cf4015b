/**
 * @module test/calculators/vae/vae-encoder-calculator.test
 * VaeEncoderCalculator in a one-node graph (its header node): the image latent GenAI's AutoencoderKL::encode gives
 * (test/calculators/vae/vae-encoder.test.ts checks those bits against GenAI), the generator forwarded after exactly the
 * encode's draws; with nothing to encode, the generator forwarded untouched.
 */
import { expect } from 'chai';
import { CppStdGenerator } from '../../../calculators/random/cpp-std-generator.js';
import type { RandomGenerator } from '../../../calculators/random/generator.js';
import { floatTensor, type FloatTensor } from '../../../calculators/tensor/float-tensor.js';
import { VaeEncoder } from '../../../calculators/vae/vae-encoder.js';
import { headerNode, runNode } from '../../support/node-runner.js';
import { tinyModel } from '../../support/tiny-models.js';
import { tinyServable } from '../../support/tiny-servable.js';

describe('vae/VaeEncoderCalculator', function () {
  this.timeout(120_000);
  const NODE = headerNode('calculators/vae/vae-encoder-calculator.ts');

  it('encodes the image with the generator and forwards it after the draws; without an image it only forwards', async () => {
    const { resources } = await tinyServable(await tinyModel('sd15'));
    const image = floatTensor([1, 3, 16, 24], Float32Array.from({ length: 3 * 16 * 24 }, (_, i) => Math.cos(i) * 0.9));
    const generator = new CppStdGenerator(409);
    const side = { vae_encoder: resources.vaeEncoder, pipeline: resources.pipeline };
    const run = await runNode(NODE, { inputs: { processed_image: [image], generator: [generator] }, side });
    const latent = run.outputs['image_latent']?.[0]?.value as FloatTensor;
    const forwarded = run.outputs['encoded_generator']?.[0]?.value as RandomGenerator;
    expect(forwarded).to.equal(generator);

    const encoder = resources.vaeEncoder;
    if (encoder === undefined) return expect.fail('no VAE encoder');
    const { vae } = resources.pipeline.model;
    const request = encoder.model.createInferRequest();
    const reference = new CppStdGenerator(409);
    const expected = await new VaeEncoder(encoder.openVino, encoder.model, { scalingFactor: vae.scalingFactor, shiftFactor: vae.shiftFactor })
      .encode(request, image, reference);
    request.dispose();
    expect(latent.shape).to.deep.equal([1, 4, 8, 12]);
    expect(latent.data).to.deep.equal(expected.data);
    expect(forwarded.next()).to.equal(reference.next());

    const untouched = new CppStdGenerator(7);
    const pass = await runNode(NODE, { inputs: { processed_image: [], generator: [untouched] }, side });
    expect(pass.outputs['image_latent']).to.have.length(0);
    expect((pass.outputs['encoded_generator']?.[0]?.value as RandomGenerator).next()).to.equal(new CppStdGenerator(7).next());
  });
});
