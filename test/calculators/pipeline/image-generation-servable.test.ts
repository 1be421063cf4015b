/**
 * @module test/calculators/pipeline/image-generation-servable.test
 * Loading a servable: every component compiled once (the VAE decoder returning GenAI's u8 NHWC image; the VAE encoder
 * and the edit preprocessing only for a model that serves edits), resources in one side packet, options this build
 * does not run refused by name, compile failures surfaced.
 */
import { expect } from 'chai';
import {
  LORA_NOT_SUPPORTED, STATIC_RESHAPE_NOT_SUPPORTED, loadImageGenerationServable,
} from '../../../calculators/pipeline/image-generation-servable.js';
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

  it('refuses LoRA adapters and static resolutions (not implemented yet) before reading anything', async () => {
    const lora = await rejection(() => loadImageGenerationServable(argsWith({
      loraAdapters: [{ alias: 'a', path: 'a.safetensors', alpha: 1, mode: 'DYNAMIC' }],
    }), testOpenVino()));
    expect([(lora as GraphError).code, lora.message]).to.deep.equal(['UNIMPLEMENTED', LORA_NOT_SUPPORTED]);
    const reshape = await rejection(() => loadImageGenerationServable(argsWith({
      staticReshape: { resolutions: [{ width: 64n, height: 64n }] },
    }), testOpenVino()));
    expect([(reshape as GraphError).code, reshape.message]).to.deep.equal(['UNIMPLEMENTED', STATIC_RESHAPE_NOT_SUPPORTED]);
  });

  it('fails with OpenVINO\'s own message when a stage cannot compile on its device', async () => {
    const modelDir = await tinyModel('sd15');
    const error = await rejection(() => loadImageGenerationServable(argsWith({ modelsPath: modelDir, devices: ['CPU', 'NOPE', 'CPU'] }), testOpenVino()));
    expect(error.message).to.match(/NOPE/);
  });
});
