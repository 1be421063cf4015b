/**
 * @module test/bench/run
 * `npm run bench`: runs every benchmark module in the order listed (one import per bench file; add yours to
 * BENCHES) and prints one table of their metrics.
 */
import type { Bench, Metric } from './bench.js';
import { engineBench } from './engine.bench.js';
import { httpBench } from './http.bench.js';
import { text2imageBench } from './text2image.bench.js';

const BENCHES: readonly Bench[] = [engineBench, text2imageBench, httpBench];

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}

async function main(): Promise<void> {
  const rows: [string, string, string, string][] = [['bench', 'metric', 'value', 'unit']];
  for (const bench of BENCHES) {
    let metrics: readonly Metric[];
    try {
      metrics = await bench.run();
    } catch (error) {
      rows.push([bench.name, 'FAILED', error instanceof Error ? error.message : String(error), '']);
      process.exitCode = 1;
      continue;
    }
    for (const metric of metrics) rows.push([bench.name, metric.name, format(metric.value), metric.unit]);
  }
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const line = (row: readonly string[]): string =>
    row.map((cell, column) => (column === 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd();
  process.stdout.write(`${rows.map(line).join('\n')}\n`);
}

await main();
