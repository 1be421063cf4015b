/**
 * @module test/calculators/pipeline/image-generation-servable.test
 * Loading a servable: every component compiled once (the VAE decoder returning GenAI's u8 NHWC image; the VAE encoder
 * and the edit preprocessing only for a model that serves edits), resources in one side packet, one static resolution
 * reshaping every model as GenAI's reshape(N, H, W, guidance_scale), options this build does not run refused by
 * name, compile failures surfaced.
 */
import { expect } from 'chai';
import { LORA_NOT_SUPPORTED, loadImageGenerationServable } from '../../../calculators/pipeline/image-generation-servable.js';
import { sizeNotJoinable } from '../../../calculators/pipeline/diffusion-model.js';
import { staticBatchOutOfRange, staticResolutionNotDivisible } from '../../../calculators/pipeline/static-shape.js';
import type { CompiledModel } from '../../../calculators/openvino/index.js';
import { ImagePreprocessor } from '../../../calculators/image/image-preprocessor.js';
import { withoutComponent } from '../../support/model-variants.js';
import { argsWith } from '../../support/request-fixtures.js';
import { tinyModel } from '../../support/tiny-models.js';
import { testOpenVino } from '../../support/tiny-servable.js';
import { GraphError } from '../../../engine/index.js';

async function rejection(load: () => Promise<unknown>): Promise<Error> {
  try {
    await load();
  } catch (error) {
    return error as Error;
  }
  return expect.fail('expected the load to fail');
}

describe('pipeline/loadImageGenerationServable', () => {
  it('compiles text encoder, UNet, VAE decoder and encoder on the device and offers them as the `pipes` side packet', async () => {
    const modelDir = await tinyModel('sd15');
    const servable = await loadImageGenerationServable(argsWith({ modelsPath: modelDir, devices: ['CPU'] }), testOpenVino());
    const { resources } = servable;
    expect([resources.textEncoder, resources.unet, resources.vaeDecoder, resources.vaeEncoder].map((c) => [c?.name, c?.device]))
      .to.deep.equal([['text_encoder', 'CPU'], ['unet', 'CPU'], ['vae_decoder', 'CPU'], ['vae_encoder', 'CPU']]);
    expect(resources.vaeEncoder?.model.outputs.map((port) => port.name)).to.deep.equal(['latent_parameters']);
    expect(resources.imagePreprocessor).to.be.instanceOf(ImagePreprocessor);
    expect(resources.unet.model.inputs.map((port) => port.name)).to.deep.equal(['sample', 'timestep', 'encoder_hidden_states']);
    const [image] = resources.vaeDecoder.model.outputs;
    expect([image?.elementType, image?.partialShape.at(-1)]).to.deep.equal(['u8', 3]);
    expect(servable.sidePackets()).to.deep.equal({ pipes: resources });
    expect(servable.timings.totalMs).to.be.greaterThan(0);
    servable.dispose();
    servable.dispose();
  });

  it('compiles neither the VAE encoder nor the edit preprocessing for a model without vae_encoder/ (text-to-image only)', async () => {
    const modelDir = withoutComponent(await tinyModel('sd15'), 'vae_encoder');
    const servable = await loadImageGenerationServable(argsWith({ modelsPath: modelDir, devices: ['CPU'] }), testOpenVino());
    expect([servable.resources.vaeEncoder, servable.resources.imagePreprocessor]).to.deep.equal([undefined, undefined]);
    expect(servable.resources.pipeline.model.modes).to.deep.equal(['text2image']);
    servable.dispose();
  });

  it('refuses LoRA adapters (not implemented yet) before reading anything', async () => {
    const lora = await rejection(() => loadImageGenerationServable(argsWith({
      loraAdapters: [{ alias: 'a', path: 'a.safetensors', alpha: 1, mode: 'DYNAMIC' }],
    }), testOpenVino()));
    expect([(lora as GraphError).code, lora.message]).to.deep.equal(['UNIMPLEMENTED', LORA_NOT_SUPPORTED]);
  });

  describe('static resolutions', () => {
    const inputShapes = (model: CompiledModel): Record<string, number[]> =>
      Object.fromEntries(model.inputs.map((port) => [port.name, port.partialShape]));

    it('one resolution with a batch and CFG guidance: every model static, as GenAI reshape(2, 48, 64, 5)', async () => {
      const modelDir = await tinyModel('sd15');
      const servable = await loadImageGenerationServable(argsWith({ modelsPath: modelDir, devices: ['CPU'],
        staticReshape: { resolutions: [{ width: 64n, height: 48n }], numImagesPerPrompt: 2n, guidanceScale: 5 } }), testOpenVino());
      const { textEncoder, unet, vaeDecoder, vaeEncoder, pipeline } = servable.resources;
      const f = pipeline.model.vae.vaeScaleFactor;
      const latentChannels = pipeline.model.vae.latentChannels;
      const hidden = unet.model.inputs.find((port) => port.name === 'encoder_hidden_states')?.partialShape[2];
      expect(pipeline.staticShape).to.deep.equal({ numImagesPerPrompt: 2, width: 64, height: 48, guidanceScale: 5,
        configuredGuidanceScale: 5, doClassifierFreeGuidance: true });
      expect(inputShapes(textEncoder.model)).to.deep.equal({ input_ids: [2, 77] });
      expect(inputShapes(unet.model)).to.deep.equal({
        sample: [4, latentChannels, 48 / f, 64 / f], timestep: [1], encoder_hidden_states: [4, 77, hidden],
      });
      expect(hidden).to.be.greaterThan(0);
      expect(inputShapes(vaeDecoder.model)).to.deep.equal({ latent_sample: [2, latentChannels, 48 / f, 64 / f] });
      expect(vaeDecoder.model.outputs.map((port) => port.partialShape)).to.deep.equal([[2, 48, 64, 3]]);
      expect(vaeEncoder === undefined ? {} : inputShapes(vaeEncoder.model)).to.deep.equal({ sample: [2, 3, 48, 64] });
      servable.dispose();
    });

    it('guidance 1 (no CFG): the text encoder and the UNet keep batch N', async () => {
      const modelDir = await tinyModel('sd15');
      const servable = await loadImageGenerationServable(argsWith({ modelsPath: modelDir, devices: ['CPU'],
        staticReshape: { resolutions: [{ width: 32n, height: 32n }], guidanceScale: 1 } }), testOpenVino());
      const { textEncoder, unet, pipeline } = servable.resources;
      expect(pipeline.staticShape).to.deep.include({ numImagesPerPrompt: 1, doClassifierFreeGuidance: false });
      expect(inputShapes(textEncoder.model)['input_ids']).to.deep.equal([1, 77]);
      expect(inputShapes(unet.model)['sample']?.[0]).to.equal(1);
      servable.dispose();
    });

    it('several resolutions: nothing is reshaped', async () => {
      const modelDir = await tinyModel('sd15');
      const servable = await loadImageGenerationServable(argsWith({ modelsPath: modelDir, devices: ['CPU'],
        staticReshape: { resolutions: [{ width: 64n, height: 64n }, { width: 32n, height: 48n }] } }), testOpenVino());
      const { unet, vaeDecoder, pipeline } = servable.resources;
      expect(pipeline.staticShape).to.equal(undefined);
      expect(inputShapes(unet.model)['sample']).to.deep.equal([-1, pipeline.model.unet.inChannels, -1, -1]);
      expect(inputShapes(vaeDecoder.model)['latent_sample']?.[0]).to.equal(-1);
      servable.dispose();
    });

    it('refuses what GenAI\'s reshape refuses: a side not divisible by the VAE scale factor, a batch below 1', async () => {
      const modelDir = await tinyModel('sd15');
      const odd = await rejection(() => loadImageGenerationServable(argsWith({ modelsPath: modelDir,
        staticReshape: { resolutions: [{ width: 64n, height: 33n }] } }), testOpenVino()));
      expect([(odd as GraphError).code, odd.message]).to.deep.equal(['INVALID_ARGUMENT', staticResolutionNotDivisible(64n, 33n, 2)]);
      const none = await rejection(() => loadImageGenerationServable(argsWith({ modelsPath: modelDir,
        staticReshape: { resolutions: [{ width: 64n, height: 64n }], numImagesPerPrompt: 0n } }), testOpenVino()));
      expect([(none as GraphError).code, none.message]).to.deep.equal(['INVALID_ARGUMENT', staticBatchOutOfRange(0n)]);
    });

    it('refuses a static resolution the UNet cannot join back, which every request would hit', async () => {
      const modelDir = await tinyModel('sd15');
      const error = await rejection(() => loadImageGenerationServable(argsWith({ modelsPath: modelDir,
        staticReshape: { resolutions: [{ width: 64n, height: 66n }] } }), testOpenVino()));
      expect([(error as GraphError).code, error.message]).to.deep.equal(['INVALID_ARGUMENT', `resolution 64x66: ${sizeNotJoinable(4, 64, 66)}`]);
    });
  });

  it('fails with OpenVINO\'s own message when a stage cannot compile on its device', async () => {
    const modelDir = await tinyModel('sd15');
    const error = await rejection(() => loadImageGenerationServable(argsWith({ modelsPath: modelDir, devices: ['CPU', 'NOPE', 'CPU'] }), testOpenVino()));
    expect(error.message).to.match(/NOPE/);
  });
});
