/**
 * @module test/calculators/pipeline/generation-config.test
 * GenAI's ImageGenerationConfig for a request: per-class defaults, the CFG rule, and GenAI's checks in GenAI's order,
 * answered with messages that name the request field (our DEVIATION from OVMS's "Error during images generation");
 * on a static shape, its batch and guidance as defaults and the batches a static model cannot take refused.
 */
import { expect } from 'chai';
import { readDiffusionModel, sizeNotJoinable, type DiffusionModel } from '../../../calculators/pipeline/diffusion-model.js';
import {
  IMAGE2IMAGE_NOT_AVAILABLE, INPAINTING_NOT_AVAILABLE, TEXT2IMAGE_NOT_AVAILABLE, fieldNotUsedBy, imageTooSmall,
  inpaintingOneImage, negativePromptWithoutGuidance, resolveGenerationConfig, sizeNotDivisible, strengthNotOne, type Size,
} from '../../../calculators/pipeline/generation-config.js';
import {
  editsNeedStaticBatchOne, lcmNeedsStaticBatchOne, staticShapeMismatch, staticShapeOf, type StaticShape,
} from '../../../calculators/pipeline/static-shape.js';
import type { ImageGenerationRequest } from '../../../calculators/request/image-generation-request.js';
import { argsWith } from '../../support/request-fixtures.js';
import { GraphError, type StatusCode } from '../../../engine/index.js';
import { withJsonEdits, withoutComponent } from '../../support/model-variants.js';
import { tinyModel } from '../../support/tiny-models.js';

const request = (fields: Partial<ImageGenerationRequest> = {}): ImageGenerationRequest =>
  ({ mode: 'text2image', prompt: 'a cat', loraAlphas: {}, ...fields });

/** The size of the decoded edit image the request calculator passes. */
const IMAGE: Size = { width: 517, height: 301 };

/** The code and message of the GraphError `run` throws. */
function refusal(run: () => unknown): [StatusCode, string] {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphError) return [error.code, error.message];
    throw error;
  }
  return expect.fail('expected a GraphError');
}

const failure = (model: DiffusionModel, fields: Partial<ImageGenerationRequest>): [StatusCode, string] =>
  refusal(() => resolveGenerationConfig(request(fields), model, fields.mode === undefined || fields.mode === 'text2image' ? undefined : IMAGE));

describe('pipeline/resolveGenerationConfig', () => {
  let sd15: DiffusionModel;
  let lcm: DiffusionModel;
  let inpaintOnly: DiffusionModel;
  let inpaint9: DiffusionModel;
  let noEncoder: DiffusionModel;
  before(async () => {
    sd15 = readDiffusionModel(await tinyModel('sd15'));
    lcm = readDiffusionModel(await tinyModel('lcm'));
    inpaintOnly = readDiffusionModel(withJsonEdits(await tinyModel('sd15'), { 'model_index.json': { _class_name: 'StableDiffusionInpaintPipeline' } }));
    inpaint9 = readDiffusionModel(await tinyModel('sd15-inpaint'));
    noEncoder = readDiffusionModel(withoutComponent(await tinyModel('sd15'), 'vae_encoder'));
  });

  it('fills GenAI\'s per-class defaults and seed 42; CFG iff guidance > 1', () => {
    expect(resolveGenerationConfig(request(), sd15)).to.deep.equal({
      mode: 'text2image', prompt: 'a cat', negativePrompt: undefined, width: 64, height: 64, numImagesPerPrompt: 1,
      numInferenceSteps: 50, guidanceScale: 7.5, strength: 1, rngSeed: 42n, doClassifierFreeGuidance: true,
    });
    expect(resolveGenerationConfig(request({ guidanceScale: 1 }), sd15).doClassifierFreeGuidance).to.equal(false);
    expect(resolveGenerationConfig(request({ guidanceScale: Math.fround(1.0000001) }), sd15).doClassifierFreeGuidance).to.equal(true);
  });

  it('never uses CFG for LCM (time_cond_proj_dim), whose defaults are 4 steps and guidance 8.5', () => {
    expect(resolveGenerationConfig(request(), lcm)).to.deep.include({ numInferenceSteps: 4, guidanceScale: 8.5, doClassifierFreeGuidance: false });
  });

  it('keeps what the request sent, guidance in float32', () => {
    const config = resolveGenerationConfig(request({
      width: 96, height: 32, numImagesPerPrompt: 3, numInferenceSteps: 7, guidanceScale: 3.3, rngSeed: 2n ** 64n - 1n, negativePrompt: 'x',
    }), sd15);
    expect(config).to.deep.include({ width: 96, height: 32, numImagesPerPrompt: 3, numInferenceSteps: 7, guidanceScale: Math.fround(3.3), rngSeed: 2n ** 64n - 1n, negativePrompt: 'x' });
  });

  it('image-to-image: strength 0.8 by default (LCM too), the size from the image rounded down to the VAE scale factor', () => {
    expect(resolveGenerationConfig(request({ mode: 'image2image' }), sd15, IMAGE)).to.deep.include({
      mode: 'image2image', width: 516, height: 300, strength: Math.fround(0.8), numInferenceSteps: 50, guidanceScale: 7.5,
    });
    expect(resolveGenerationConfig(request({ mode: 'image2image', width: 64 }), lcm, IMAGE))
      .to.deep.include({ width: 64, height: 300, strength: Math.fround(0.8), guidanceScale: 8.5 });
    expect(resolveGenerationConfig(request({ mode: 'image2image', strength: 0.3 }), sd15, IMAGE).strength).to.equal(Math.fround(0.3));
  });

  it('inpainting: strength 1 by default and the model\'s size (the image is resized to it); a 9-channel UNet takes n > 1', () => {
    expect(resolveGenerationConfig(request({ mode: 'inpainting' }), sd15, IMAGE)).to.deep.include({ mode: 'inpainting', width: 64, height: 64, strength: 1 });
    expect(resolveGenerationConfig(request({ mode: 'inpainting', numImagesPerPrompt: 2 }), inpaint9, IMAGE)).to.deep.include({ numImagesPerPrompt: 2 });
  });

  it('refuses an image-to-image image smaller than the VAE scale factor when no size is given', () => {
    const tiny: Size = { width: 64, height: 1 };
    expect(() => resolveGenerationConfig(request({ mode: 'image2image' }), sd15, tiny)).to.throw(GraphError, imageTooSmall(tiny, 2));
    expect(resolveGenerationConfig(request({ mode: 'image2image', height: 4 }), sd15, tiny)).to.deep.include({ width: 64, height: 4 });
    const odd: Size = { width: 70, height: 45 };
    expect(() => resolveGenerationConfig(request({ mode: 'image2image' }), sd15, odd), 'the image\'s 70x45 rounds down to 70x44')
      .to.throw(GraphError, sizeNotJoinable(4, 70, 44));
  });

  const rows: readonly (readonly [string, () => DiffusionModel, Partial<ImageGenerationRequest>, StatusCode, string])[] = [
    ['text-to-image on an inpainting-only model', () => inpaintOnly, {}, 'FAILED_PRECONDITION', TEXT2IMAGE_NOT_AVAILABLE],
    ['image-to-image on a 9-channel inpainting model', () => inpaint9, { mode: 'image2image' }, 'FAILED_PRECONDITION', IMAGE2IMAGE_NOT_AVAILABLE],
    ['image-to-image without vae_encoder/', () => noEncoder, { mode: 'image2image' }, 'FAILED_PRECONDITION', IMAGE2IMAGE_NOT_AVAILABLE],
    ['inpainting without vae_encoder/ (before any other check)', () => noEncoder, { mode: 'inpainting', width: 3 }, 'FAILED_PRECONDITION',
      INPAINTING_NOT_AVAILABLE],
    ['a negative prompt with guidance <= 1 (checked first, as GenAI validate())', () => sd15,
      { guidanceScale: 1, negativePrompt: 'x', width: 3 }, 'INVALID_ARGUMENT', negativePromptWithoutGuidance('negative_prompt')],
    ['negative_prompt_2 with guidance <= 1', () => sd15, { guidanceScale: 0.5, negativePrompt2: 'x' }, 'INVALID_ARGUMENT',
      negativePromptWithoutGuidance('negative_prompt_2')],
    ['a width not divisible by the VAE scale factor', () => sd15, { width: 63, height: 64 }, 'INVALID_ARGUMENT', sizeNotDivisible(2, 63, 64)],
    ['a height not divisible by the VAE scale factor', () => sd15, { width: 64, height: 65 }, 'INVALID_ARGUMENT', sizeNotDivisible(2, 64, 65)],
    ['a size the tiny UNet (2 levels) cannot join back: a multiple of 2 but not of 2·2', () => sd15, { width: 66, height: 64 },
      'INVALID_ARGUMENT', sizeNotJoinable(4, 66, 64)],
    ['prompt_2', () => sd15, { prompt2: 'x' }, 'INVALID_ARGUMENT', fieldNotUsedBy('prompt_2', 'Stable Diffusion')],
    ['prompt_3', () => lcm, { prompt3: 'x' }, 'INVALID_ARGUMENT', fieldNotUsedBy('prompt_3', 'Latent Consistency Model')],
    ['a negative prompt for LCM', () => lcm, { negativePrompt: 'x', guidanceScale: 8 }, 'INVALID_ARGUMENT',
      fieldNotUsedBy('negative_prompt', 'Latent Consistency Model')],
    ['negative_prompt_3', () => sd15, { negativePrompt3: 'x' }, 'INVALID_ARGUMENT', fieldNotUsedBy('negative_prompt_3', 'Stable Diffusion')],
    ['strength below 1 for text-to-image', () => sd15, { strength: 0.5 }, 'INVALID_ARGUMENT', strengthNotOne(0.5)],
    ['a given size not divisible, for edits too', () => sd15, { mode: 'inpainting', width: 63 }, 'INVALID_ARGUMENT', sizeNotDivisible(2, 63, 64)],
    ['n = 2 for inpainting with a 4-channel UNet', () => sd15, { mode: 'inpainting', numImagesPerPrompt: 2 }, 'INVALID_ARGUMENT',
      inpaintingOneImage(2)],
    ['zero steps', () => sd15, { numInferenceSteps: 0 }, 'INVALID_ARGUMENT', 'num_inference_steps must be a positive integer (got 0)'],
  ];
  for (const [what, model, fields, code, message] of rows) {
    it(`refuses ${what}: ${code} "${message}"`, () => {
      expect(failure(model(), fields)).to.deep.equal([code, message]);
    });
  }

  describe('on a static shape', () => {
    const shape = (model: DiffusionModel, numImagesPerPrompt?: bigint, guidanceScale?: number): StaticShape => {
      const result = staticShapeOf(argsWith({ staticReshape: { resolutions: [{ width: 64n, height: 48n }], numImagesPerPrompt, guidanceScale } }), model);
      return result ?? expect.fail('expected a static shape');
    };
    const sized = (fields: Partial<ImageGenerationRequest> = {}): ImageGenerationRequest => request({ width: 64, height: 48, ...fields });

    it('defaults n and guidance_scale to the static ones; an unset static guidance leaves the model\'s default', () => {
      expect(resolveGenerationConfig(sized(), sd15, undefined, shape(sd15, 2n, 5)))
        .to.deep.include({ numImagesPerPrompt: 2, guidanceScale: 5, doClassifierFreeGuidance: true });
      expect(resolveGenerationConfig(sized(), lcm, undefined, shape(lcm))).to.deep.include({ numImagesPerPrompt: 1, guidanceScale: 8.5 });
      expect(resolveGenerationConfig(sized({ guidanceScale: 1 }), sd15, undefined, shape(sd15, 1n, 1)).doClassifierFreeGuidance).to.equal(false);
    });

    it('refuses what GenAI would feed the static models with another batch, naming why', () => {
      expect(refusal(() => resolveGenerationConfig(sized({ mode: 'image2image' }), sd15, IMAGE, shape(sd15, 2n))))
        .to.deep.equal(['INVALID_ARGUMENT', editsNeedStaticBatchOne(2)]);
      expect(refusal(() => resolveGenerationConfig(sized(), lcm, undefined, shape(lcm, 2n))))
        .to.deep.equal(['INVALID_ARGUMENT', lcmNeedsStaticBatchOne(2)]);
      expect(refusal(() => resolveGenerationConfig(sized({ guidanceScale: 1 }), sd15, undefined, shape(sd15))))
        .to.deep.equal(['INVALID_ARGUMENT', staticShapeMismatch('guidance_scale', '1', '7.5')]);
      expect(resolveGenerationConfig(sized({ mode: 'image2image' }), sd15, IMAGE, shape(sd15))).to.deep.include({ width: 64, height: 48 });
    });
  });
});
