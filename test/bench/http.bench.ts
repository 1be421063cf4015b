/**
 * @module test/bench/http.bench
 * The HTTP front end's cost, measured against the real server process: GET /v3/models requests per second over
 * keep-alive connections, and a generation on the tiny model over HTTP against the same graph run in process (what
 * `pictograph generate` does), giving the HTTP overhead in milliseconds and as a fraction of the request.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { loadOpenVino } from '../../calculators/openvino/index.js';
import { loadImageGenerationServable } from '../../calculators/pipeline/image-generation-servable.js';
import { prepareImageGenPipelineArgs } from '../../calculators/request/image-gen-options.js';
import { isJsonObject, parseJson } from '../../calculators/request/json-value.js';
import type { RequestPayload } from '../../calculators/request/request-payload.js';
import { GraphPool } from '../../engine/index.js';
import { buildImageGenerationGraph, GRAPH_STREAMS } from '../../graphs/image-generation-graph.js';
import { createGraphEnvironment } from '../../bin/graph-environment.js';
import { DEMO_MODEL, servedModelLayout } from '../support/served-model.js';
import { startServer } from '../support/server-process.js';
import type { Bench, Metric } from './bench.js';

/** The request both sides run: the tiny model's own size, a few steps, a fixed seed. */
const GENERATION = { model: DEMO_MODEL, prompt: 'three cats', rng_seed: 409, size: '64x64', num_inference_steps: 4 };
const GENERATION_RUNS = 15;

/** Milliseconds of one call. */
async function timed(once: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await once();
  return performance.now() - started;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] as number : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Median milliseconds per generation in process and over HTTP, the two alternating so that load from elsewhere on
 * the machine affects both alike. In process: the same graph and model, one pooled instance (what `pictograph
 * generate` runs, without HTTP); over HTTP: fetch with keep-alive to the server process.
 */
async function generationMs(modelDir: string, url: string): Promise<{ inProcess: number; overHttp: number }> {
  const env = createGraphEnvironment();
  const { graph } = buildImageGenerationGraph({ calculatorOptions: { models_path: modelDir }, graphQueueSize: 1 }, env);
  const servable = await loadImageGenerationServable(prepareImageGenPipelineArgs({ models_path: modelDir }, { graphDirectory: modelDir }), loadOpenVino());
  const pool = new GraphPool({ graph, sidePackets: () => servable.sidePackets() });
  const inProcess = async (): Promise<void> => {
    const { value, memberNames } = parseJson(JSON.stringify(GENERATION));
    if (!isJsonObject(value)) throw new Error('not an object');
    const payload: RequestPayload = { kind: 'json', uri: '/v3/images/generations', contentType: 'application/json', body: value, memberNames };
    const result = await pool.run({ inputs: { [GRAPH_STREAMS.input]: payload } });
    if (typeof result.outputs[GRAPH_STREAMS.output]?.[0]?.value !== 'string') throw new Error('no response body');
  };
  const overHttp = async (): Promise<void> => {
    const response = await fetch(`${url}/v3/images/generations`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(GENERATION),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`generation: ${response.status} ${body}`);
  };
  try {
    for (let i = 0; i < 2; i++) {
      await inProcess();
      await overHttp();
    }
    const local: number[] = [];
    const remote: number[] = [];
    for (let i = 0; i < GENERATION_RUNS; i++) {
      // Alternate which goes first, so that neither always runs on caches the other warmed.
      if (i % 2 === 0) {
        local.push(await timed(inProcess));
        remote.push(await timed(overHttp));
      } else {
        remote.push(await timed(overHttp));
        local.push(await timed(inProcess));
      }
    }
    return { inProcess: median(local), overHttp: median(remote) };
  } finally {
    await pool.close();
    servable.dispose();
  }
}

/** GET path over one keep-alive connection per worker, `concurrency` workers, for `durationMs`. */
async function requestsPerSecond(url: string, path: string, concurrency: number, durationMs: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const once = (): Promise<void> => new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
  const warmupEnd = performance.now() + 300;
  while (performance.now() < warmupEnd) await once();
  let calls = 0;
  const started = performance.now();
  const end = started + durationMs;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      await once();
      calls++;
    }
  }));
  agent.destroy();
  return calls / ((performance.now() - started) / 1000);
}

const PASS_THROUGH_GRAPH = `input_stream: "HTTP_REQUEST_PAYLOAD:input"
output_stream: "HTTP_RESPONSE_PAYLOAD:output"
node { calculator: "PassThroughCalculator" input_stream: "input" output_stream: "output" }
`;

export const httpBench: Bench = {
  name: 'http: server process',
  async run(): Promise<readonly Metric[]> {
    const root = mkdtempSync(join(tmpdir(), 'pictograph-http-bench-'));
    mkdirSync(join(root, 'model'));
    writeFileSync(join(root, 'model', 'graph.pbtxt'), PASS_THROUGH_GRAPH);
    const layout = await servedModelLayout();
    const server = await startServer(['--model_name', 'bench', '--model_path', 'model'], { cwd: root });
    const generating = await startServer(['--source_model', DEMO_MODEL, '--model_repository_path', layout.repository, '--task', 'image_generation']);
    try {
      const { inProcess, overHttp } = await generationMs(join(layout.repository, DEMO_MODEL), generating.url);
      return [
        { name: 'GET /v3/models, 1 connection', value: await requestsPerSecond(server.url, '/v3/models', 1, 2000), unit: 'req/s' },
        { name: 'GET /v3/models, 8 connections', value: await requestsPerSecond(server.url, '/v3/models', 8, 2000), unit: 'req/s' },
        { name: `generation ${GENERATION.size}, ${GENERATION.num_inference_steps} steps, in process (median)`, value: inProcess, unit: 'ms' },
        { name: `generation ${GENERATION.size}, ${GENERATION.num_inference_steps} steps, over HTTP (median)`, value: overHttp, unit: 'ms' },
        { name: 'HTTP overhead per generation', value: overHttp - inProcess, unit: 'ms' },
        { name: 'HTTP overhead as a fraction', value: (overHttp - inProcess) / overHttp, unit: '' },
      ];
    } finally {
      await Promise.all([server.stop(), generating.stop()]);
      rmSync(root, { recursive: true, force: true });
      rmSync(layout.root, { recursive: true, force: true });
    }
  },
};
