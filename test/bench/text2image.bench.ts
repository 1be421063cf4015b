/**
 * @module test/bench/text2image.bench
 * `pictograph generate` against OpenVINO GenAI's Text2ImagePipeline on the full-size SD 1.5 architecture (the model
 * generator's int8 weights, as OpenVINO/stable-diffusion-v1-5-int8-ov; generated once, ~1 GB, cached), at 256×256
 * and 512×512 with the same prompt, steps and seed (test/bench/genai-comparison.ts). Takes about 20 minutes on 2 cores.
 */
import { cpus, totalmem } from 'node:os';
import { cachedModel } from '../support/tiny-models.js';
import type { Bench, Metric } from './bench.js';
import { compareWithGenai } from './genai-comparison.js';

const SIZES = [256, 512] as const;
const STEPS = 4;
const SEED = 42;
const RUNS = 3;
const PROMPT = 'a photo of an astronaut riding a horse on mars';

export const text2imageBench: Bench = {
  name: `text2image: sd15 full int8, ${STEPS} steps`,
  async run(): Promise<readonly Metric[]> {
    const model = await cachedModel('sd15', 'full', { weights: 'int8' });
    process.stderr.write(`text2image bench on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${RUNS} runs per size and implementation\n`);
    const metrics: Metric[] = [{ name: 'cpu cores', value: cpus().length, unit: '' }];
    for (const size of SIZES) {
      metrics.push(...await compareWithGenai(model, { label: `${size}²`, size, steps: STEPS, seed: SEED, prompt: PROMPT }, RUNS));
    }
    return metrics;
  },
};
