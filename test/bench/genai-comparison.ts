/**
 * @module test/bench/genai-comparison
 * One measurement the image benches share: `pictograph generate` against OpenVINO GenAI on the same model, request
 * and seed, each run a fresh process, ours and GenAI's alternating. Medians of `runs` runs are reported with ratios
 * ours / GenAI: latency per image (excluding load), load time (read + compile), peak RSS; and whether the first
 * images are identical.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { decodeRgbPng } from '../support/genai-reference.js';
import { runPythonJson } from '../support/python.js';
import type { Metric } from './bench.js';

/** One request, as the flags both sides share. */
export interface ComparedRequest {
  /** Prefix of the metric names (e.g. "256² image-to-image"). */
  readonly label: string;
  readonly size: number;
  readonly steps: number;
  readonly seed: number;
  readonly prompt: string;
  readonly image?: string;
  readonly mask?: string;
  readonly strength?: number;
}

interface RunTimings {
  readonly load_ms: number;
  readonly generate_ms: number;
  readonly peak_rss_mb: number;
}

const RUN_TIMEOUT_MS = 1_800_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] ?? NaN : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** The edit flags, spelled the same on both sides. */
function editFlags(request: ComparedRequest): string[] {
  return [
    ...(request.image === undefined ? [] : ['--image', request.image]),
    ...(request.mask === undefined ? [] : ['--mask', request.mask]),
    ...(request.strength === undefined ? [] : ['--strength', String(request.strength)]),
  ];
}

async function ours(model: string, request: ComparedRequest, out: string): Promise<RunTimings> {
  const result = await runCli(['generate', '--model', model, '--prompt', request.prompt, '--size', `${request.size}x${request.size}`,
    '--steps', String(request.steps), '--seed', String(request.seed), ...editFlags(request), '--out', out, '--timings'],
  { timeoutMs: RUN_TIMEOUT_MS });
  if (result.code !== 0) throw new Error(`pictograph generate failed: ${result.stderr}`);
  return JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}') as RunTimings;
}

function genai(model: string, request: ComparedRequest, out: string): Promise<RunTimings> {
  const size = String(request.size);
  return runPythonJson<RunTimings>('genai_bench.py', [model, size, size, String(request.steps), String(request.seed),
    request.prompt, out, ...editFlags(request)], undefined, { timeoutMs: RUN_TIMEOUT_MS });
}

/** Runs `request` `runs` times on each side and returns its metrics. */
export async function compareWithGenai(model: string, request: ComparedRequest, runs: number): Promise<Metric[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'genai-comparison-'));
  const timings: { ours: RunTimings[]; genai: RunTimings[] } = { ours: [], genai: [] };
  let identical = true;
  try {
    for (let i = 0; i < runs; i++) {
      const ourFile = join(scratch, `ours-${i}.png`);
      const genaiFile = join(scratch, `genai-${i}.png`);
      timings.ours.push(await ours(model, request, ourFile));
      timings.genai.push(await genai(model, request, genaiFile));
      identical &&= Buffer.from(decodeRgbPng(readFileSync(ourFile)).pixels).equals(Buffer.from(decodeRgbPng(readFileSync(genaiFile)).pixels));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const pair = (field: keyof RunTimings, name: string, unit: string, scale = 1): Metric[] => {
    const mine = median(timings.ours.map((run) => run[field])) * scale;
    const theirs = median(timings.genai.map((run) => run[field])) * scale;
    return [
      { name: `${request.label} ${name}, ours`, value: mine, unit },
      { name: `${request.label} ${name}, GenAI`, value: theirs, unit },
      { name: `${request.label} ${name} ratio`, value: mine / theirs, unit: 'ours/GenAI' },
    ];
  };
  return [...pair('generate_ms', 'latency per image', 's', 1e-3), ...pair('load_ms', 'load', 's', 1e-3),
    ...pair('peak_rss_mb', 'peak RSS', 'MiB'), { name: `${request.label} pixels identical`, value: identical ? 1 : 0, unit: '1 = yes' }];
}
