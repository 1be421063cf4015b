/**
 * @module test/calculators/pipeline/image-generation-servable.test
 * Loading a servable: every component compiled once (the VAE decoder returning GenAI's u8 NHWC image), resources
 * in one side packet, options this build does not run refused by name, compile failures surfaced.
 */
import { expect } from 'chai';
import {
  LORA_NOT_SUPPORTED, STATIC_RESHAPE_NOT_SUPPORTED, loadImageGenerationServable,
} from '../../../calculators/pipeline/image-generation-servable.js';
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
  it('compiles text encoder, UNet and VAE decoder on the device and offers them as the `pipes` side packet', async () => {
    const modelDir = await tinyModel('sd15');
    const servable = await loadImageGenerationServable(argsWith({ modelsPath: modelDir, devices: ['CPU'] }), testOpenVino());
    const { resources } = servable;
    expect([resources.textEncoder, resources.unet, resources.vaeDecoder].map((c) => [c.name, c.device]))
      .to.deep.equal([['text_encoder', 'CPU'], ['unet', 'CPU'], ['vae_decoder', 'CPU']]);
    expect(resources.unet.model.inputs.map((port) => port.name)).to.deep.equal(['sample', 'timestep', 'encoder_hidden_states']);
    const [image] = resources.vaeDecoder.model.outputs;
    expect([image?.elementType, image?.partialShape.at(-1)]).to.deep.equal(['u8', 3]);
    expect(servable.sidePackets()).to.deep.equal({ pipes: resources });
    expect(servable.timings.totalMs).to.be.greaterThan(0);
    servable.dispose();
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
