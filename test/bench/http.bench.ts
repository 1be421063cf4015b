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
import { startServer } from '../support/server-process.js';
import type { Bench, Metric } from './bench.js';

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
    const server = await startServer(['--model_name', 'bench', '--model_path', 'model'], { cwd: root });
    try {
      return [
        { name: 'GET /v3/models, 1 connection', value: await requestsPerSecond(server.url, '/v3/models', 1, 2000), unit: 'req/s' },
        { name: 'GET /v3/models, 8 connections', value: await requestsPerSecond(server.url, '/v3/models', 8, 2000), unit: 'req/s' },
      ];
    } finally {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    }
  },
};
