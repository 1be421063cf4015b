/**
 * @module test/bench/engine.bench
 * The engine's per-request overhead: a 6-node PassThrough chain kept started (as the graph pool keeps it), one
 * packet per request, waiting until idle; and the same through GraphPool.run (observers, timestamps, release).
 */
import { createCalculatorRegistry } from '../../calculators/registry.js';
import { CalculatorGraph, createEnvironment, GraphPool, loadGraphText } from '../../engine/index.js';
import { timeLoop, type Bench, type Metric } from './bench.js';

const NODES = 6;

function chainGraph(): string {
  const lines = ['input_stream: "s0"', `output_stream: "s${NODES}"`];
  for (let i = 0; i < NODES; i++) lines.push(`node { calculator: "PassThroughCalculator" input_stream: "s${i}" output_stream: "s${i + 1}" }`);
  return lines.join('\n');
}

export const engineBench: Bench = {
  name: 'engine: 6-node pass-through',
  async run(): Promise<readonly Metric[]> {
    const graph = loadGraphText(chainGraph(), createEnvironment(createCalculatorRegistry()), { file: 'bench.pbtxt' });

    const running = new CalculatorGraph(graph);
    let received = 0;
    running.observe(`s${NODES}`, { packet: () => { received++; } });
    running.start();
    let timestamp = 0;
    const direct = await timeLoop(async () => {
      running.addPacket('s0', timestamp, timestamp++);
      await running.waitUntilIdle();
    }, 3000);
    running.closeAllInputs();
    await running.waitUntilDone();
    if (received !== timestamp) throw new Error(`bench graph lost packets: sent ${timestamp}, received ${received}`);

    const pool = new GraphPool({ graph, size: 1 });
    const pooled = await timeLoop(async () => { await pool.run({ inputs: { s0: 1 } }); }, 2000);
    await pool.close();

    const perRequestUs = (direct.elapsedMs * 1000) / direct.calls;
    return [
      { name: 'requests/s (addPacket + waitUntilIdle)', value: direct.calls / (direct.elapsedMs / 1000), unit: 'req/s' },
      { name: 'per request', value: perRequestUs, unit: 'µs' },
      { name: 'per packet hop (one node process)', value: perRequestUs / NODES, unit: 'µs' },
      { name: 'requests/s through GraphPool.run', value: pooled.calls / (pooled.elapsedMs / 1000), unit: 'req/s' },
      { name: 'per GraphPool request', value: (pooled.elapsedMs * 1000) / pooled.calls, unit: 'µs' },
    ];
  },
};
