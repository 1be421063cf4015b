/**
 * @module test/bench/bench
 * The shape of one benchmark: a name and a run that returns its own metrics. `npm run bench` runs them in order
 * and prints one table; a later bench may measure a reference in the same run and report ratios against it.
 */

export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

export interface Bench {
  readonly name: string;
  run(): Promise<readonly Metric[]>;
}

/** Calls `once` repeatedly for about `durationMs` (after a warm-up) and returns calls and elapsed milliseconds. */
export async function timeLoop(once: () => Promise<void>, durationMs: number, warmupMs = Math.min(500, durationMs / 4)):
  Promise<{ calls: number; elapsedMs: number }> {
  const warmupEnd = performance.now() + warmupMs;
  while (performance.now() < warmupEnd) await once();
  let calls = 0;
  const start = performance.now();
  const end = start + durationMs;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await once();
    calls += 50;
  }
  return { calls, elapsedMs: performance.now() - start };
}
