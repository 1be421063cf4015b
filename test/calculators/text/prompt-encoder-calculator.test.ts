/**
 * @module test/calculators/text/prompt-encoder-calculator.test
 * PromptEncoderCalculator in a one-node graph (its header node) on the tiny models' text encoders: GenAI's batch
 * layouts ([negative, positive] with CFG, repeated per image) and LCM's timestep_cond.
 */
import { expect } from 'chai';
import type { DenoiserConditioning } from '../../../calculators/denoise/conditioning.js';
import { guidanceEmbedding } from '../../../calculators/denoise/guidance-embedding.js';
import type { GenerationConfig } from '../../../calculators/pipeline/generation-config.js';
import type { ImageGenerationServable } from '../../../calculators/pipeline/image-generation-servable.js';
import { headerNode, runNode } from '../../support/node-runner.js';
import { tinyModel } from '../../support/tiny-models.js';
import { tinyServable } from '../../support/tiny-servable.js';

const config = (fields: Partial<GenerationConfig>): GenerationConfig => ({
  mode: 'text2image', prompt: 'a lighthouse at night', width: 64, height: 64, numImagesPerPrompt: 1, numInferenceSteps: 2,
  guidanceScale: 7.5, strength: 1, rngSeed: 42n, doClassifierFreeGuidance: true, ...fields,
});

describe('text/PromptEncoderCalculator', () => {
  const NODE = headerNode('calculators/text/prompt-encoder-calculator.ts');

  async function encode(servable: ImageGenerationServable, fields: Partial<GenerationConfig>): Promise<DenoiserConditioning> {
    const { resources } = servable;
    const run = await runNode(NODE, {
      inputs: { generation_config: [config(fields)] },
      side: { pipeline: resources.pipeline, tokenizer: resources.tokenizer, text_encoder: resources.textEncoder },
    });
    return run.outputs['conditioning']?.[0]?.value as DenoiserConditioning;
  }

  const rows = (data: Float32Array, count: number): Float32Array[] =>
    Array.from({ length: count }, (_, i) => data.subarray(i * (data.length / count), (i + 1) * (data.length / count)));

  it('encodes [negative, positive] in one batch with CFG, and repeats each row per image: [neg x N, pos x N]', async () => {
    const servable = await tinyServable(await tinyModel('sd15'));
    const one = (await encode(servable, { negativePrompt: 'fog' }))['encoder_hidden_states'];
    const three = (await encode(servable, { negativePrompt: 'fog', numImagesPerPrompt: 3 }))['encoder_hidden_states'];
    expect(one?.shape).to.deep.equal([2, 77, 32]);
    expect(three?.shape).to.deep.equal([6, 77, 32]);
    const [negative, positive] = rows(one?.data ?? new Float32Array(), 2);
    expect(rows(three?.data ?? new Float32Array(), 6)).to.deep.equal([negative, negative, negative, positive, positive, positive]);
    expect(negative).to.not.deep.equal(positive);
  });

  it('encodes "" as the negative prompt when none is given, and only the prompt without CFG', async () => {
    const servable = await tinyServable(await tinyModel('sd15'));
    const implicit = await encode(servable, {});
    const explicit = await encode(servable, { negativePrompt: '' });
    expect(implicit['encoder_hidden_states']?.data).to.deep.equal(explicit['encoder_hidden_states']?.data);
    const plain = await encode(servable, { guidanceScale: 1, doClassifierFreeGuidance: false, numImagesPerPrompt: 2 });
    expect(plain['encoder_hidden_states']?.shape).to.deep.equal([2, 77, 32]);
    expect(Object.keys(plain)).to.deep.equal(['encoder_hidden_states']);
  });

  it('adds LCM\'s timestep_cond: the guidance embedding of guidance_scale - 1, [1, time_cond_proj_dim], not repeated', async () => {
    const servable = await tinyServable(await tinyModel('lcm'));
    const conditioning = await encode(servable, { guidanceScale: 8.5, doClassifierFreeGuidance: false, numImagesPerPrompt: 2 });
    expect(conditioning['encoder_hidden_states']?.shape).to.deep.equal([2, 77, 32]);
    expect(conditioning['timestep_cond']).to.deep.equal(guidanceEmbedding(7.5, 32));
  });
});
