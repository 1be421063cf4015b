/**
 * @module test/calculators/pipeline/diffusion-model.test
 * Reading a model directory as GenAI does: model_index.json dispatch, component configs with GenAI's defaults (a
 * missing or null key keeps the default), per-class generation defaults, and refusals naming the file and key.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { readDiffusionModel } from '../../../calculators/pipeline/diffusion-model.js';
import { GraphError } from '../../../engine/index.js';
import { withJsonEdits, withoutComponent, withSchedulerConfig } from '../../support/model-variants.js';
import { tinyModel } from '../../support/tiny-models.js';

function refusal(read: () => unknown): GraphError {
  try {
    read();
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  expect.fail('expected a GraphError');
}

describe('pipeline/readDiffusionModel', () => {
  let sd15 = '';
  let lcm = '';
  before(async () => {
    sd15 = await tinyModel('sd15');
    lcm = await tinyModel('lcm');
  });

  it('reads a Stable Diffusion 1.5 export: class, configs, defaults (size = sample_size x VAE scale)', () => {
    const model = readDiffusionModel(sd15);
    expect(model.family).to.equal('stable-diffusion');
    expect(model.index.className).to.equal('StableDiffusionPipeline');
    expect(model.modes).to.deep.equal(['text2image', 'image2image', 'inpainting']);
    expect([model.isLcm, model.isInpaintingModel]).to.deep.equal([false, false]);
    expect(model.unet).to.deep.equal({ inChannels: 4, sampleSize: 32, timeCondProjDim: -1, latentMultiple: 2 });
    expect(model.textEncoder).to.deep.equal({ maxPositionEmbeddings: 77, numHiddenLayers: 5 });
    expect(model.vae).to.deep.include({ latentChannels: 4, scalingFactor: Math.fround(0.18215), shiftFactor: 0, vaeScaleFactor: 2 });
    expect(model.defaults).to.deep.equal({
      guidanceScale: 7.5, numInferenceSteps: 50, strength: 1, image2imageStrength: Math.fround(0.8), width: 64, height: 64,
    });
    expect(model.scheduler.config.kind).to.equal('pndm');
    expect(Object.isFrozen(model) && Object.isFrozen(model.vae)).to.equal(true);
  });

  it('gives an LCM UNet (time_cond_proj_dim > 0) LCM\'s defaults: guidance 8.5, 4 steps', () => {
    const model = readDiffusionModel(lcm);
    expect(model.isLcm).to.equal(true);
    expect(model.defaults).to.deep.include({ guidanceScale: 8.5, numInferenceSteps: 4 });
    expect(model.scheduler.config.kind).to.equal('lcm');
  });

  it('serves the modes OVMS builds pipelines for: inpainting only for a 9-channel UNet, text-to-image only without vae_encoder/', async () => {
    const inpaint = await tinyModel('sd15-inpaint');
    const model = readDiffusionModel(inpaint);
    expect([model.modes, model.isInpaintingModel, model.index.className]).to.deep.equal([['inpainting'], true, 'StableDiffusionInpaintPipeline']);
    expect(readDiffusionModel(withoutComponent(sd15, 'vae_encoder')).modes).to.deep.equal(['text2image']);
    const noEncoder = refusal(() => readDiffusionModel(withoutComponent(inpaint, 'vae_encoder')));
    expect(noEncoder.code).to.equal('FAILED_PRECONDITION');
    expect(noEncoder.message).to.match(/vae_encoder\/openvino_model\.xml does not exist \(an inpainting model needs its VAE encoder\)$/);
  });

  it('keeps GenAI\'s default for a missing or null key (scaling_factor 1, time_cond_proj_dim -1, block_out_channels [64])', () => {
    const dir = withJsonEdits(sd15, {
      'vae_decoder/config.json': { scaling_factor: undefined, block_out_channels: null },
      'unet/config.json': { time_cond_proj_dim: null, sample_size: undefined },
    });
    const model = readDiffusionModel(dir);
    expect([model.vae.scalingFactor, model.vae.vaeScaleFactor, model.unet.timeCondProjDim, model.unet.sampleSize]).to.deep.equal([1, 1, -1, 0]);
  });

  it('forces a scheduler type on the model\'s scheduler config (GenAI from_config(path, type))', () => {
    expect(readDiffusionModel(sd15, { scheduler: 'euler_ancestral' }).scheduler.config.kind).to.equal('euler-ancestral');
    expect(readDiffusionModel(sd15, { scheduler: 'lms' }).scheduler.config.kind).to.equal('ddim');
  });

  const refusals: readonly (readonly [string, () => string, RegExp])[] = [
    ['an unknown pipeline class', () => withJsonEdits(sd15, { 'model_index.json': { _class_name: 'QwenImagePipeline' } }),
      /model_index\.json: '_class_name': unsupported pipeline 'QwenImagePipeline'/],
    ['a family not supported yet', () => withJsonEdits(sd15, { 'model_index.json': { _class_name: 'StableDiffusionXLPipeline' } }),
      /'_class_name': 'StableDiffusionXLPipeline' is not supported yet/],
    ['another text encoder class', () => withJsonEdits(sd15, { 'model_index.json': { text_encoder: ['transformers', 'T5EncoderModel'] } }),
      /'text_encoder': unsupported 'T5EncoderModel' text encoder type/],
    ['a config value of the wrong type', () => withJsonEdits(sd15, { 'unet/config.json': { sample_size: 'big' } }),
      /unet\/config\.json: 'sample_size' must be integer/],
    ['FlowMatch on a Stable Diffusion model', () => withSchedulerConfig(sd15, { _class_name: 'FlowMatchEulerDiscreteScheduler' }),
      /scheduler_config\.json: '_class_name': FlowMatchEulerDiscreteScheduler needs a SD3 or FLUX pipeline/],
  ];
  for (const [what, dir, message] of refusals) {
    it(`refuses ${what} with FAILED_PRECONDITION naming file and key`, () => {
      const error = refusal(() => readDiffusionModel(dir()));
      expect(error.code).to.equal('FAILED_PRECONDITION');
      expect(error.message).to.match(message);
    });
  }

  it('names a missing config file', () => {
    const error = refusal(() => readDiffusionModel(join(sd15, 'nope')));
    expect(error.message).to.match(/nope\/model_index\.json cannot be read/);
  });
});
