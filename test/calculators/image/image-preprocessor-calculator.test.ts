/**
 * @module test/calculators/image/image-preprocessor-calculator.test
 * ImagePreprocessorCalculator in a one-node graph (its header node): per mode, strength and UNet kind it emits the
 * images GenAI encodes (the processed image, the masked image) and the latent-size mask, computed by the servable's
 * preprocessing models (whose pixels test/calculators/image/image-preprocessor.test.ts checks against OpenVINO's own
 * PrePostProcessor); a text-to-image request passes without output.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../../../calculators/image/image-decoder.js';
import { latentMask } from '../../../calculators/image/latent-mask.js';
import { rgbImage, type RgbImage } from '../../../calculators/image/rgb-image.js';
import { maskedImage } from '../../../calculators/denoise/inpainting-model-input.js';
import type { GenerationConfig } from '../../../calculators/pipeline/generation-config.js';
import type { ImageGenResources } from '../../../calculators/pipeline/image-gen-resources.js';
import type { FloatTensor } from '../../../calculators/tensor/float-tensor.js';
import { headerNode, runNode } from '../../support/node-runner.js';
import { sharedDataDir } from '../../support/paths.js';
import { tinyModel } from '../../support/tiny-models.js';
import { tinyServable } from '../../support/tiny-servable.js';

const config = (fields: Partial<GenerationConfig>): GenerationConfig => ({
  mode: 'image2image', prompt: 'p', width: 48, height: 64, numImagesPerPrompt: 1, numInferenceSteps: 4,
  guidanceScale: 7.5, strength: 1, rngSeed: 5n, doClassifierFreeGuidance: true, ...fields,
});

describe('image/ImagePreprocessorCalculator', function () {
  this.timeout(120_000);
  const NODE = headerNode('calculators/image/image-preprocessor-calculator.ts');
  let sd15: ImageGenResources;
  let inpaint: ImageGenResources;
  let cat: RgbImage;
  let mask: RgbImage;
  before(async () => {
    sd15 = (await tinyServable(await tinyModel('sd15'))).resources;
    inpaint = (await tinyServable(await tinyModel('sd15-inpaint'))).resources;
    cat = decodeImage(readFileSync(join(sharedDataDir, 'cat.png')));
    mask = decodeImage(readFileSync(join(sharedDataDir, 'cat_mask.png')));
  });

  async function preprocess(resources: ImageGenResources, fields: Partial<GenerationConfig>, withMask = true): Promise<Record<string, FloatTensor[]>> {
    const run = await runNode(NODE, {
      inputs: { generation_config: [config(fields)], input_image: fields.mode === 'text2image' ? [] : [cat], input_mask: withMask ? [mask] : [] },
      side: { pipeline: resources.pipeline, image_preprocessor: resources.imagePreprocessor },
    });
    return Object.fromEntries(['processed_image', 'latent_mask', 'masked_image']
      .map((stream) => [stream, (run.outputs[stream] ?? []).map((packet) => packet.value as FloatTensor)]));
  }

  /** What GenAI computes for cat.png and its mask at 48x64, with the same preprocessing models. */
  async function expected(resources: ImageGenResources): Promise<{ image: FloatTensor; maskCondition: FloatTensor }> {
    const preprocessor = resources.imagePreprocessor;
    if (preprocessor === undefined) return expect.fail('no preprocessor');
    return {
      image: await preprocessor.normalize(await preprocessor.resize(cat, 64, 48)),
      maskCondition: await preprocessor.binarizeMask(await preprocessor.resize(mask, 64, 48)),
    };
  }

  it('image-to-image: the image resized to the generation size and normalised, nothing else', async () => {
    const out = await preprocess(sd15, { strength: Math.fround(0.8) }, false);
    const { image } = await expected(sd15);
    expect(out['processed_image']?.map((tensor) => tensor.shape)).to.deep.equal([[1, 3, 64, 48]]);
    expect(out['processed_image']?.[0]?.data).to.deep.equal(image.data);
    expect([out['latent_mask']?.length, out['masked_image']?.length]).to.deep.equal([0, 0]);
  });

  it('4-channel inpainting: the image (always encoded, for the blend) and the latent-size mask; no masked image', async () => {
    const out = await preprocess(sd15, { mode: 'inpainting' });
    const { image, maskCondition } = await expected(sd15);
    expect(out['processed_image']?.[0]?.data).to.deep.equal(image.data);
    expect(out['latent_mask']?.map((tensor) => tensor.shape)).to.deep.equal([[1, 1, 32, 24]]);
    expect(out['latent_mask']?.[0]?.data).to.deep.equal(latentMask(maskCondition, 2).data);
    expect(new Set(out['latent_mask']?.[0]?.data)).to.deep.equal(new Set([0, 1]));
    expect(out['masked_image']).to.have.length(0);
  });

  it('9-channel inpainting at strength 1: no image to encode, the mask and the masked image (0 where the mask is set)', async () => {
    const out = await preprocess(inpaint, { mode: 'inpainting' });
    const { image, maskCondition } = await expected(inpaint);
    expect(out['processed_image']).to.have.length(0);
    expect(out['latent_mask']?.[0]?.data).to.deep.equal(latentMask(maskCondition, 2).data);
    expect(out['masked_image']?.[0]?.data).to.deep.equal(maskedImage(image, maskCondition).data);
    const below = await preprocess(inpaint, { mode: 'inpainting', strength: Math.fround(0.5) });
    expect(below['processed_image']?.[0]?.data, 'strength < 1 starts from the image').to.deep.equal(image.data);
  });

  it('resizes a mask of another size to the generation size (GenAI accepts it)', async () => {
    const small = rgbImage(10, 10, new Uint8Array(300).fill(255));
    const run = await runNode(NODE, {
      inputs: { generation_config: [config({ mode: 'inpainting' })], input_image: [cat], input_mask: [small] },
      side: { pipeline: sd15.pipeline, image_preprocessor: sd15.imagePreprocessor },
    });
    const latent = run.outputs['latent_mask']?.[0]?.value as FloatTensor;
    expect([latent.shape, new Set(latent.data)]).to.deep.equal([[1, 1, 32, 24], new Set([1])]);
  });

  it('passes a text-to-image request through without output', async () => {
    const out = await preprocess(sd15, { mode: 'text2image' }, false);
    expect(Object.values(out).map((tensors) => tensors.length)).to.deep.equal([0, 0, 0]);
  });
});
