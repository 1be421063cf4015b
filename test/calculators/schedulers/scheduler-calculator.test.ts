/**
 * @module test/calculators/schedulers/scheduler-calculator.test
 * SchedulerCalculator in a one-node graph (its header node): a fresh scheduler per request, the initial noise drawn
 * in flat NCHW order and scaled by init_noise_sigma (or, for edits, the image latent noised to the first timestep),
 * the noise itself for the inpainting blend, and the generator handed on after the draw.
 */
import { expect } from 'chai';
import { readDiffusionModel } from '../../../calculators/pipeline/diffusion-model.js';
import type { GenerationConfig } from '../../../calculators/pipeline/generation-config.js';
import type { ImageGenPipeline } from '../../../calculators/pipeline/image-gen-resources.js';
import { CppStdGenerator } from '../../../calculators/random/cpp-std-generator.js';
import type { RandomGenerator } from '../../../calculators/random/generator.js';
import type { AnyScheduler } from '../../../calculators/schedulers/index.js';
import { NO_IMAGE_LATENT } from '../../../calculators/schedulers/scheduler-calculator.js';
import { floatTensor, repeatBatch, type FloatTensor } from '../../../calculators/tensor/float-tensor.js';
import { GraphRunError } from '../../../engine/index.js';
import { withSchedulerConfig } from '../../support/model-variants.js';
import { headerNode, runNode } from '../../support/node-runner.js';
import { argsWith } from '../../support/request-fixtures.js';
import { tinyModel } from '../../support/tiny-models.js';

const config = (fields: Partial<GenerationConfig>): GenerationConfig => ({
  mode: 'text2image', prompt: 'p', width: 96, height: 64, numImagesPerPrompt: 2, numInferenceSteps: 4,
  guidanceScale: 7.5, strength: 1, rngSeed: 5n, doClassifierFreeGuidance: true, ...fields,
});

describe('schedulers/SchedulerCalculator', () => {
  const NODE = headerNode('calculators/schedulers/scheduler-calculator.ts');

  async function prepare(modelDir: string, fields: Partial<GenerationConfig> = {}, imageLatent?: FloatTensor) {
    const pipeline: ImageGenPipeline = { args: argsWith({}), model: readDiffusionModel(modelDir) };
    const generator = new CppStdGenerator(5);
    const run = await runNode(NODE, {
      inputs: { generation_config: [config(fields)], encoded_generator: [generator], image_latent: imageLatent === undefined ? [] : [imageLatent] },
      side: { pipeline },
    });
    return {
      generator,
      scheduler: run.outputs['scheduler']?.[0]?.value as AnyScheduler,
      latent: run.outputs['initial_latent']?.[0]?.value as FloatTensor,
      noise: run.outputs['noise']?.[0]?.value as FloatTensor,
      forwarded: run.outputs['noised_generator']?.[0]?.value as RandomGenerator,
    };
  }

  it('draws [N, 4, H/8·, W/8·] noise in flat order (init_noise_sigma 1 for PNDM) and forwards the generator after it', async () => {
    const { scheduler, latent, forwarded, generator } = await prepare(await tinyModel('sd15'));
    expect(scheduler.kind).to.equal('pndm');
    expect(scheduler.timesteps).to.have.length(5);
    expect(latent.shape).to.deep.equal([2, 4, 32, 48]);
    const reference = new CppStdGenerator(5);
    expect(latent.data).to.deep.equal(reference.randnTensor([2, 4, 32, 48]).data);
    expect(forwarded).to.equal(generator);
    expect(forwarded.next()).to.equal(reference.next());
  });

  it('scales the noise by Euler\'s init_noise_sigma in float', async () => {
    const dir = withSchedulerConfig(await tinyModel('sd15'), { _class_name: 'EulerDiscreteScheduler' });
    const { scheduler, latent } = await prepare(dir, { numImagesPerPrompt: 1 });
    const noise = new CppStdGenerator(5).randnTensor([1, 4, 32, 48]).data;
    expect(scheduler.initNoiseSigma).to.be.greaterThan(1);
    expect(latent.data).to.deep.equal(noise.map((value) => Math.fround(value * Math.fround(scheduler.initNoiseSigma))));
  });

  it('edits: starts from the image latent (repeated N times) noised to the first timestep, after the strength cut', async () => {
    const imageLatent = floatTensor([1, 4, 32, 48], Float32Array.from({ length: 4 * 32 * 48 }, (_, i) => Math.sin(i)));
    const { scheduler, latent, noise } = await prepare(await tinyModel('sd15'), { mode: 'image2image', strength: Math.fround(0.5) }, imageLatent);
    expect(scheduler.timesteps).to.have.length(3);
    expect(noise.data).to.deep.equal(new CppStdGenerator(5).randnTensor([2, 4, 32, 48]).data);
    expect(latent.data).to.deep.equal(scheduler.addNoise(repeatBatch(imageLatent, 2), noise, scheduler.timesteps[0] as number).data);
  });

  it('inpainting at strength 1 starts from pure noise although the image latent came (a 4-channel UNet blends with it)', async () => {
    const imageLatent = floatTensor([1, 4, 32, 48]);
    const { latent, noise } = await prepare(await tinyModel('sd15'), { mode: 'inpainting', numImagesPerPrompt: 1 }, imageLatent);
    expect(latent.data).to.deep.equal(noise.data);
  });

  it('refuses (INTERNAL) an image-to-image request whose image latent is missing: the graph is miswired', async () => {
    let failure: unknown;
    try {
      await prepare(await tinyModel('sd15'), { mode: 'image2image', strength: Math.fround(0.5) });
    } catch (error) {
      failure = error;
    }
    expect((failure as GraphRunError).code).to.equal('INTERNAL');
    expect((failure as GraphRunError).message).to.contain(NO_IMAGE_LATENT);
  });

  it('fails the request when the scheduler refuses the step count (DDIM trailing spacing, undefined in GenAI)', async () => {
    const dir = withSchedulerConfig(await tinyModel('sd15'), { _class_name: 'DDIMScheduler', timestep_spacing: 'trailing' });
    let failure: unknown;
    try {
      await prepare(dir, { numInferenceSteps: 9 });
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(GraphRunError);
    expect((failure as GraphRunError).message).to.match(/node "Scheduler" failed: DDIM: this num_inference_steps gives timestep -1/);
  });
});
