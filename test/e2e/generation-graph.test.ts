/**
 * @module test/e2e/generation-graph.test
 * The image-generation graph in process, as the server runs it (GraphPool): each step's PROGRESS latent equals the
 * latent GenAI's callback sees, bit for bit; concurrent requests on pooled instances share the compiled models and
 * give the images of sequential runs; an aborted request stops before the next denoising step, ends CANCELLED, and
 * its instance is rebuilt.
 */
import { expect } from 'chai';
import type { DenoiseProgress } from '../../calculators/denoise/denoise-calculator.js';
import {
  CalculatorGraph, GraphError, GraphRunError, type RunTracer, type Timestamp,
} from '../../engine/index.js';
import { buildImageGenerationGraph, GRAPH_STREAMS } from '../../graphs/image-generation-graph.js';
import { genaiGenerateBatch, type GenaiOutcome, type GenaiRequest, type RgbImage } from '../support/genai-reference.js';
import { generationPool, type GenerationResult } from '../support/generation-graph.js';
import { withSchedulerConfig } from '../support/model-variants.js';
import { testEnvironment } from '../support/node-runner.js';
import { jsonPayload } from '../support/request-fixtures.js';
import { tinyModel } from '../support/tiny-models.js';
import { tinyServable } from '../support/tiny-servable.js';

const bits = (data: Float32Array): Uint32Array => new Uint32Array(data.buffer, data.byteOffset, data.length);

/** Where two float32 arrays first differ, bit for bit ('' when identical). */
function firstBitDifference(ours: Float32Array, theirs: Float32Array): string {
  if (ours.length !== theirs.length) return `length ${ours.length}, GenAI ${theirs.length}`;
  const a = bits(ours);
  const b = bits(theirs);
  const at = a.findIndex((value, i) => value !== b[i]);
  return at < 0 ? '' : `element ${at}: ours ${ours[at]}, GenAI ${theirs[at]}`;
}

const samePixels = (a: RgbImage | undefined, b: RgbImage | undefined): boolean =>
  a !== undefined && b !== undefined && a.width === b.width && Buffer.from(a.pixels).equals(Buffer.from(b.pixels));

describe('image-generation graph in process', function () {
  this.timeout(300_000);

  describe('per-step latents against GenAI\'s callback', () => {
    const cases: readonly { label: string; model: () => Promise<string>; body: Record<string, unknown>; request: Omit<GenaiRequest, 'modelDir' | 'mode' | 'prompt'> }[] = [
      { label: 'PNDM with CFG and a negative prompt (n + 1 steps)', model: () => tinyModel('sd15'),
        body: { size: '64x64', num_inference_steps: 3, negative_prompt: 'fog', rng_seed: 7 },
        request: { width: 64, height: 64, steps: 3, negativePrompt: 'fog', seed: 7 } },
      { label: 'Euler ancestral, n = 2 (draws every step)', model: async () => withSchedulerConfig(await tinyModel('sd15'), { _class_name: 'EulerAncestralDiscreteScheduler' }),
        body: { size: '32x64', num_inference_steps: 3, n: 2 }, request: { width: 32, height: 64, steps: 3, n: 2 } },
      { label: 'LCM (timestep_cond, draws between steps)', model: () => tinyModel('lcm'),
        body: { num_inference_steps: 3, rng_seed: 409 }, request: { steps: 3, seed: 409 } },
    ];
    let references: GenaiOutcome[] = [];
    const dirs: string[] = [];
    before(async () => {
      for (const testCase of cases) dirs.push(await testCase.model());
      references = await genaiGenerateBatch(cases.map((testCase, i) => ({
        modelDir: dirs[i] as string, mode: 'text2image', prompt: 'a quiet harbour', latents: true, ...testCase.request,
      })));
    });

    cases.forEach((testCase, i) => {
      it(testCase.label, async () => {
        const reference = references[i];
        if (reference === undefined || 'error' in reference) return expect.fail(`GenAI failed: ${reference?.error ?? '?'}`);
        const { generate } = await generationPool(dirs[i] as string);
        const result = await generate({ prompt: 'a quiet harbour', ...testCase.body });
        const latents = reference.result.latents ?? [];
        expect(result.progress.map((p) => [p.step, p.numSteps])).to.deep.equal(latents.map((l) => [l.step, l.numSteps]));
        result.progress.forEach((progress, k) => {
          expect(progress.latent.shape, `step ${k} shape`).to.deep.equal(latents[k]?.shape);
          expect(firstBitDifference(progress.latent.data, latents[k]?.data ?? new Float32Array()), `step ${k}`).to.equal('');
        });
        expect(result.images.map((image, k) => samePixels(image, reference.result.images[k]))).to.deep.equal(result.images.map(() => true));
      });
    });
  });

  it('runs concurrent requests on two pooled instances (shared compiled models) with the images of sequential runs', async () => {
    const { generate, pool } = await generationPool(await tinyModel('sd15'), 2);
    const bodies = [0, 1, 2, 3].map((seed) => ({ prompt: 'a red kite', size: '64x64', num_inference_steps: 2, rng_seed: seed }));
    const sequential: GenerationResult[] = [];
    for (const body of bodies) sequential.push(await generate(body));
    const concurrent = await Promise.all(bodies.map((body) => generate(body)));
    concurrent.forEach((result, i) => {
      expect(samePixels(result.images[0], sequential[i]?.images[0]), `seed ${i}`).to.equal(true);
    });
    expect(pool.instancesCreated).to.equal(2);
    await pool.close();
  });

  describe('cancellation', () => {
    it('stops before the next denoising step: the run ends CANCELLED after one UNet step, every node closed', async () => {
      const modelDir = await tinyModel('sd15');
      const servable = await tinyServable(modelDir);
      const { graph } = buildImageGenerationGraph({ calculatorOptions: { models_path: modelDir } }, testEnvironment());
      const run = new CalculatorGraph(graph);
      const denoiserCalls: Timestamp[] = [];
      const tracer: RunTracer = {
        process: (node, _id, _start, _duration, timestamp) => { if (node === 'Denoiser') denoiserCalls.push(timestamp); },
        end: () => {},
      };
      const steps: DenoiseProgress[] = [];
      run.observe<DenoiseProgress>(GRAPH_STREAMS.progress, {
        packet: (packet) => {
          steps.push(packet.value);
          run.cancel('the client went away');
        },
      });
      run.start({ sidePackets: servable.sidePackets(), tracer });
      run.addPacket(GRAPH_STREAMS.input, jsonPayload('{"model":"m","prompt":"a cat","size":"64x64","num_inference_steps":20}'), 0);
      run.closeAllInputs();
      let failure: unknown;
      try {
        await run.waitUntilDone();
      } catch (error) {
        failure = error;
      }
      expect(failure).to.be.instanceOf(GraphRunError);
      expect((failure as GraphError).code).to.equal('CANCELLED');
      expect(steps.map((step) => [step.step, step.numSteps])).to.deep.equal([[0, 21]]);
      expect(denoiserCalls, 'Denoiser invocations (one UNet call each)').to.have.length(1);
      expect(run.runtimeInfo().filter((node) => node.state !== 'closed').map((node) => node.name)).to.deep.equal([]);
    });

    it('aborting a pooled request cancels it, rebuilds the instance, and the next request is served', async () => {
      const { pool, generate } = await generationPool(await tinyModel('sd15'), 1);
      const controller = new AbortController();
      const request = pool.run({
        inputs: { [GRAPH_STREAMS.input]: jsonPayload('{"model":"m","prompt":"a cat","size":"64x64","num_inference_steps":20}') },
        signal: controller.signal,
        onPacket: (stream) => { if (stream === GRAPH_STREAMS.progress) controller.abort(); },
        outputs: [GRAPH_STREAMS.output, GRAPH_STREAMS.progress],
      });
      let failure: unknown;
      try {
        await request;
      } catch (error) {
        failure = error;
      }
      expect((failure as GraphError).code).to.equal('CANCELLED');
      expect(pool.rebuilds).to.equal(1);
      const next = await generate({ prompt: 'a cat', size: '64x64', num_inference_steps: 1 });
      expect(next.images).to.have.length(1);
      expect(next.progress).to.have.length(1);
      await pool.close();
    });
  });
});
