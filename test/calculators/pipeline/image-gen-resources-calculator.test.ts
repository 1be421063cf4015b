/**
 * @module test/calculators/pipeline/image-gen-resources-calculator.test
 * ImageGenResourcesCalculator: the servable's resources, given as OVMS's one `pipes` side packet, reach the stage
 * calculators as one side packet per component.
 */
import { expect } from 'chai';
import { defineContract, output, sideInput, STOP, STRING, Timestamp, type Calculator, type ContextOf, type ProcessResult } from '../../../engine/index.js';
import {
  CLIP_TOKENIZER, IMAGE_GEN_PIPELINE, IMAGE_PREPROCESSOR, TEXT_ENCODER_MODEL, UNET_MODEL, VAE_DECODER_MODEL, VAE_ENCODER_MODEL,
} from '../../../calculators/pipeline/image-gen-resources.js';
import { headerNode, runGraph } from '../../support/node-runner.js';
import { withoutComponent } from '../../support/model-variants.js';
import { tinyModel } from '../../support/tiny-models.js';
import { tinyServable } from '../../support/tiny-servable.js';

/** A source that reports which resources it received, once, then stops. */
class ResourceProbeCalculator implements Calculator {
  static readonly contract = defineContract({
    side: {
      pipeline: sideInput('PIPELINE', IMAGE_GEN_PIPELINE), tokenizer: sideInput('TOKENIZER', CLIP_TOKENIZER),
      textEncoder: sideInput('TEXT_ENCODER', TEXT_ENCODER_MODEL), unet: sideInput('UNET', UNET_MODEL),
      vaeDecoder: sideInput('VAE_DECODER', VAE_DECODER_MODEL), vaeEncoder: sideInput('VAE_ENCODER', VAE_ENCODER_MODEL),
      imagePreprocessor: sideInput('IMAGE_PREPROCESSOR', IMAGE_PREPROCESSOR),
    },
    outputs: { names: output('', STRING) },
  });
  process(cx: ContextOf<typeof ResourceProbeCalculator>): ProcessResult {
    const { pipeline, tokenizer, textEncoder, unet, vaeDecoder, vaeEncoder, imagePreprocessor } = cx.side;
    cx.out.names.send([pipeline.model.index.className, String(tokenizer.special.bos), textEncoder.name, unet.name, vaeDecoder.name,
      vaeEncoder?.name ?? 'no vae_encoder', imagePreprocessor === undefined ? 'no preprocessor' : 'preprocessor'].join(' '), Timestamp.of(0));
    return STOP;
  }
}

describe('pipeline/ImageGenResourcesCalculator', () => {
  const graph = `output_stream: "names"
${headerNode('calculators/pipeline/image-gen-resources-calculator.ts')}
node {
  calculator: "ResourceProbeCalculator"
  input_side_packet: "PIPELINE:pipeline"
  input_side_packet: "TOKENIZER:tokenizer"
  input_side_packet: "TEXT_ENCODER:text_encoder"
  input_side_packet: "UNET:unet"
  input_side_packet: "VAE_DECODER:vae_decoder"
  input_side_packet: "VAE_ENCODER:vae_encoder"
  input_side_packet: "IMAGE_PREPROCESSOR:image_preprocessor"
  output_stream: "names"
}`;

  it('hands each component to the nodes that name it', async () => {
    const servable = await tinyServable(await tinyModel('sd15'));
    const run = await runGraph(graph, { side: servable.sidePackets(), calculators: { ResourceProbeCalculator } });
    expect(run.outputs['names']?.map((packet) => packet.value))
      .to.deep.equal(['StableDiffusionPipeline 998 text_encoder unet vae_decoder vae_encoder preprocessor']);
  });

  it('sets the edit side packets (undefined) for a text-to-image-only model too, so their nodes still open', async () => {
    const servable = await tinyServable(withoutComponent(await tinyModel('sd15'), 'vae_encoder'));
    const run = await runGraph(graph, { side: servable.sidePackets(), calculators: { ResourceProbeCalculator } });
    expect(run.outputs['names']?.map((packet) => packet.value))
      .to.deep.equal(['StableDiffusionPipeline 998 text_encoder unet vae_decoder no vae_encoder no preprocessor']);
  });
});
