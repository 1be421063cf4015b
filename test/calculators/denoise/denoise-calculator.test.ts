/**
 * @module test/calculators/denoise/denoise-calculator.test
 * DenoiseCalculator in a one-node graph (its header node, LOOP back edge and sync sets included), fed by the prompt
 * encoder and scheduler nodes' real outputs: one PROGRESS packet per step at successive timestamps, each latent
 * GenAI's callback latent bit for bit, and the last step's `denoised` as the output.
 */
import { expect } from 'chai';
import type { DenoiseProgress } from '../../../calculators/denoise/denoise-calculator.js';
import { resolveGenerationConfig } from '../../../calculators/pipeline/generation-config.js';
import type { FloatTensor } from '../../../calculators/tensor/float-tensor.js';
import { CppStdGenerator } from '../../../calculators/random/cpp-std-generator.js';
import { genaiGenerate } from '../../support/genai-reference.js';
import { withSchedulerConfig } from '../../support/model-variants.js';
import { headerNode, runNode } from '../../support/node-runner.js';
import { tinyModel } from '../../support/tiny-models.js';
import { tinyServable } from '../../support/tiny-servable.js';

describe('denoise/DenoiseCalculator', function () {
  this.timeout(120_000);

  it('runs every step through its LOOP back edge, each latent GenAI\'s (Euler: per-step denoised, then the last one out)', async () => {
    const modelDir = withSchedulerConfig(await tinyModel('sd15'), { _class_name: 'EulerDiscreteScheduler' });
    const reference = await genaiGenerate({ modelDir, mode: 'text2image', prompt: 'a windmill', width: 64, height: 32, steps: 3, seed: 11, latents: true });
    const { resources } = await tinyServable(modelDir);
    const config = resolveGenerationConfig({ mode: 'text2image', prompt: 'a windmill', width: 64, height: 32, numInferenceSteps: 3,
      rngSeed: 11n, loraAlphas: {} }, resources.pipeline.model);
    const encoded = await runNode(headerNode('calculators/text/prompt-encoder-calculator.ts'), {
      inputs: { generation_config: [config] },
      side: { pipeline: resources.pipeline, tokenizer: resources.tokenizer, text_encoder: resources.textEncoder },
    });
    const scheduled = await runNode(headerNode('calculators/schedulers/scheduler-calculator.ts'), {
      inputs: { generation_config: [config], encoded_generator: [new CppStdGenerator(11)] }, side: { pipeline: resources.pipeline },
    });
    const first = (stream: string, run: typeof encoded): unknown => run.outputs[stream]?.[0]?.value;
    const run = await runNode(headerNode('calculators/denoise/denoise-calculator.ts'), {
      inputs: {
        generation_config: [config], conditioning: [first('conditioning', encoded)], scheduler: [first('scheduler', scheduled)],
        initial_latent: [first('initial_latent', scheduled)], masked_generator: [first('noised_generator', scheduled)],
      },
      side: { unet: resources.unet },
    });
    const progress = run.outputs['progress'] ?? [];
    expect(progress.map((packet) => [packet.timestamp, (packet.value as DenoiseProgress).step, (packet.value as DenoiseProgress).numSteps]))
      .to.deep.equal([[0, 0, 3], [1, 1, 3], [2, 2, 3]]);
    progress.forEach((packet, k) => {
      expect((packet.value as DenoiseProgress).latent.data, `step ${k}`).to.deep.equal(reference.latents?.[k]?.data);
    });
    const out = run.outputs['denoised_latent'] ?? [];
    expect(out.map((packet) => packet.timestamp)).to.deep.equal([2]);
    expect((out[0]?.value as FloatTensor).data).to.deep.equal(reference.latents?.[2]?.data);
  });
});
