/**
 * @module test/bench/edits.bench
 * Image edits: `pictograph generate --image [--mask]` against GenAI's Image2ImagePipeline and InpaintingPipeline on
 * the full-size SD 1.5 architecture (int8, as the text2image bench), at 256×256 from the OVMS demo's cat and mask
 * (both resize them from 512²), same prompt, steps, strength and seed (test/bench/genai-comparison.ts).
 * Takes about 10 minutes on 2 cores.
 */
import { join } from 'node:path';
import { sharedDataDir } from '../support/paths.js';
import { cachedModel } from '../support/tiny-models.js';
import type { Bench, Metric } from './bench.js';
import { compareWithGenai } from './genai-comparison.js';

const SIZE = 256;
const STEPS = 4;
const SEED = 409;
const RUNS = 3;
const PROMPT = 'a cat wearing a spacesuit, digital art';

export const editsBench: Bench = {
  name: `edits: sd15 full int8, ${SIZE}², ${STEPS} steps`,
  async run(): Promise<readonly Metric[]> {
    const model = await cachedModel('sd15', 'full', { weights: 'int8' });
    const image = join(sharedDataDir, 'cat.png');
    const common = { size: SIZE, steps: STEPS, seed: SEED, prompt: PROMPT, image };
    return [
      ...await compareWithGenai(model, { ...common, label: 'image-to-image (strength 0.8)' }, RUNS),
      ...await compareWithGenai(model, { ...common, label: 'inpainting', mask: join(sharedDataDir, 'cat_mask.png') }, RUNS),
    ];
  },
};
