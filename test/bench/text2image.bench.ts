/**
 * @module test/bench/text2image.bench
 * `pictograph generate` against OpenVINO GenAI's Text2ImagePipeline on the full-size SD 1.5 architecture (the model
 * generator's int8 weights, as OpenVINO/stable-diffusion-v1-5-int8-ov; generated once, ~1 GB, cached), at 256×256
 * and 512×512 with the same prompt, steps and seed. Each run is a fresh process, ours and GenAI's alternating;
 * medians of RUNS runs are reported with ratios ours / GenAI: load time (read + compile), latency per image
 * (excluding load), peak RSS; and whether the images are identical. Takes about 20 minutes on 2 cores.
 */
import { cpus, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli } from '../support/cli.js';
import { decodeRgbPng } from '../support/genai-reference.js';
import { runPythonJson } from '../support/python.js';
import { cachedModel } from '../support/tiny-models.js';
import type { Bench, Metric } from './bench.js';

const SIZES = [256, 512] as const;
const STEPS = 4;
const SEED = 42;
const RUNS = 3;
const PROMPT = 'a photo of an astronaut riding a horse on mars';

interface RunTimings {
  readonly load_ms: number;
  readonly generate_ms: number;
  readonly peak_rss_mb: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] ?? NaN : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

async function ours(model: string, size: number, out: string): Promise<RunTimings> {
  const result = await runCli(['generate', '--model', model, '--prompt', PROMPT, '--size', `${size}x${size}`,
    '--steps', String(STEPS), '--seed', String(SEED), '--out', out, '--timings'], { timeoutMs: 1_800_000 });
  if (result.code !== 0) throw new Error(`pictograph generate failed: ${result.stderr}`);
  return JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}') as RunTimings;
}

function genai(model: string, size: number, out: string): Promise<RunTimings> {
  return runPythonJson<RunTimings>('genai_bench.py', [model, String(size), String(size), String(STEPS), String(SEED), PROMPT, out],
    undefined, { timeoutMs: 1_800_000 });
}

export const text2imageBench: Bench = {
  name: `text2image: sd15 full int8, ${STEPS} steps`,
  async run(): Promise<readonly Metric[]> {
    const model = await cachedModel('sd15', 'full', { weights: 'int8' });
    const scratch = mkdtempSync(join(tmpdir(), 'text2image-bench-'));
    process.stderr.write(`text2image bench on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${RUNS} runs per size and implementation\n`);
    const metrics: Metric[] = [{ name: 'cpu cores', value: cpus().length, unit: '' }];
    try {
      for (const size of SIZES) {
        const runs: { ours: RunTimings[]; genai: RunTimings[] } = { ours: [], genai: [] };
        let identical = true;
        for (let i = 0; i < RUNS; i++) {
          const ourFile = join(scratch, `ours-${size}-${i}.png`);
          const genaiFile = join(scratch, `genai-${size}-${i}.png`);
          runs.ours.push(await ours(model, size, ourFile));
          runs.genai.push(await genai(model, size, genaiFile));
          identical &&= Buffer.from(decodeRgbPng(readFileSync(ourFile)).pixels).equals(Buffer.from(decodeRgbPng(readFileSync(genaiFile)).pixels));
        }
        const pair = (field: keyof RunTimings, name: string, unit: string, scale = 1): Metric[] => {
          const mine = median(runs.ours.map((run) => run[field])) * scale;
          const theirs = median(runs.genai.map((run) => run[field])) * scale;
          return [
            { name: `${size}² ${name}, ours`, value: mine, unit },
            { name: `${size}² ${name}, GenAI`, value: theirs, unit },
            { name: `${size}² ${name} ratio`, value: mine / theirs, unit: 'ours/GenAI' },
          ];
        };
        metrics.push(...pair('generate_ms', 'latency per image', 's', 1e-3), ...pair('load_ms', 'load', 's', 1e-3),
          ...pair('peak_rss_mb', 'peak RSS', 'MiB'), { name: `${size}² pixels identical`, value: identical ? 1 : 0, unit: '1 = yes' });
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    return metrics;
  },
};
