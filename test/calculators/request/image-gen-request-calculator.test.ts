/**
 * @module test/calculators/request/image-gen-request-calculator.test
 * ImageGenRequestCalculator in a one-node graph (its header node): OVMS decoding, GenAI's defaults and checks, and
 * the request's generator; errors carry OVMS's node name and text.
 */
import { expect } from 'chai';
import { readDiffusionModel } from '../../../calculators/pipeline/diffusion-model.js';
import type { GenerationConfig } from '../../../calculators/pipeline/generation-config.js';
import type { ImageGenPipeline } from '../../../calculators/pipeline/image-gen-resources.js';
import { CppStdGenerator } from '../../../calculators/random/cpp-std-generator.js';
import type { RandomGenerator } from '../../../calculators/random/generator.js';
import { GraphRunError } from '../../../engine/index.js';
import { headerNode, runNode } from '../../support/node-runner.js';
import { argsWith, jsonPayload } from '../../support/request-fixtures.js';
import { tinyModel } from '../../support/tiny-models.js';

describe('request/ImageGenRequestCalculator', () => {
  const NODE = headerNode('calculators/request/image-gen-request-calculator.ts');
  let pipeline: ImageGenPipeline;
  before(async () => {
    pipeline = { args: argsWith({ defaultNumInferenceSteps: 50n, maxNumInferenceSteps: 100n }), model: readDiffusionModel(await tinyModel('sd15')) };
  });

  async function failureOf(body: string): Promise<GraphRunError> {
    try {
      await runNode(NODE, { inputs: { input: [jsonPayload(body)] }, side: { pipeline } });
    } catch (error) {
      if (error instanceof GraphRunError) return error;
      throw error;
    }
    return expect.fail('the run should fail');
  }

  it('decodes the request, fills the model\'s defaults and starts GenAI\'s generator from rng_seed', async () => {
    const run = await runNode(NODE, {
      inputs: { input: [jsonPayload('{"model":"sd","prompt":"a cat","size":"96x32","rng_seed":18446744073709551615,"n":2}')] },
      side: { pipeline },
    });
    const config = run.outputs['generation_config']?.[0]?.value as GenerationConfig;
    expect(config).to.deep.include({ prompt: 'a cat', width: 96, height: 32, numImagesPerPrompt: 2, numInferenceSteps: 50,
      guidanceScale: 7.5, rngSeed: 2n ** 64n - 1n, doClassifierFreeGuidance: true });
    const generator = run.outputs['generator']?.[0]?.value as RandomGenerator;
    const reference = new CppStdGenerator(2n ** 64n - 1n);
    expect([generator.next(), generator.next(), generator.next()]).to.deep.equal([reference.next(), reference.next(), reference.next()]);
  });

  it('answers OVMS\'s message for a malformed request, from node "ImageGenExecutor"', async () => {
    const error = await failureOf('{"model":"sd","size":"64x64"}');
    expect(error.code).to.equal('INVALID_ARGUMENT');
    expect(error.message).to.equal('CalculatorGraph::Run() failed: \nCalculator::Process() for node "ImageGenExecutor" failed: ' +
      'prompt field is missing in JSON body');
  });

  it('answers a clear message naming the field where GenAI would throw', async () => {
    const error = await failureOf('{"model":"sd","prompt":"x","negative_prompt":"y","guidance_scale":1.0}');
    expect(error.code).to.equal('INVALID_ARGUMENT');
    expect(error.message).to.contain('node "ImageGenExecutor" failed: negative_prompt is not used when guidance_scale <= 1.0');
  });
});
