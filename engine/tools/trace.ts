/**
 * @module engine/tools/trace
 * Per-run traces in Chrome trace-event JSON (open in chrome://tracing or Perfetto): one complete ("X") slice per
 * process call, named after the node, on a track per node, with the input timestamp in `args`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ProfilerConfig } from '../config/graph-config.js';
import type { RunTracer } from '../runtime/graph-run.js';
import { Timestamp } from '../runtime/timestamp.js';

export interface TraceEvent {
  readonly name: string;
  readonly cat: 'process';
  readonly ph: 'X';
  /** Microseconds since the recorder started. */
  readonly ts: number;
  readonly dur: number;
  readonly pid: number;
  /** The node id (its topological position). */
  readonly tid: number;
  readonly args: { readonly inputTimestamp: string };
}

/** Collects process slices; `end()` writes `{ "traceEvents": [...] }` to `file` when one is given. */
export class ChromeTraceRecorder implements RunTracer {
  readonly events: TraceEvent[] = [];
  private readonly originMs = performance.now();

  constructor(readonly file?: string) {}

  process(node: string, nodeId: number, startMs: number, durationMs: number, inputTimestamp: Timestamp): void {
    this.events.push({
      name: node, cat: 'process', ph: 'X', ts: Math.round((startMs - this.originMs) * 1000),
      dur: Math.max(0, Math.round(durationMs * 1000)), pid: process.pid, tid: nodeId,
      args: { inputTimestamp: Timestamp.toString(inputTimestamp) },
    });
  }

  toJSON(): { traceEvents: readonly TraceEvent[]; displayTimeUnit: 'ms' } {
    return { traceEvents: this.events, displayTimeUnit: 'ms' };
  }

  end(): void {
    if (this.file === undefined) return;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(this.toJSON()));
  }
}

/**
 * Where a run's trace goes: `<dir>/pictograph_trace_<pid>_<ms>_<random>.json`, or MediaPipe-style
 * `<trace_log_path><pid>_<ms>_<random>.json` when the graph sets a path prefix, else the system temp folder.
 */
export function nextTraceFile(options: { readonly dir?: string; readonly pathPrefix?: string }): string {
  const prefix = options.dir !== undefined ? join(options.dir, 'pictograph_trace_')
    : options.pathPrefix !== undefined && options.pathPrefix !== '' ? options.pathPrefix : join(tmpdir(), 'pictograph_trace_');
  return `${prefix}${process.pid}_${Date.now()}_${randomBytes(3).toString('hex')}.json`;
}

/** The recorder a run gets from `profiler_config { trace_enabled }` or a trace folder, or undefined (no tracing). */
export function configuredTracer(profiler: ProfilerConfig | undefined, traceDir: string | undefined): ChromeTraceRecorder | undefined {
  if (traceDir === undefined && profiler?.trace_enabled !== true) return undefined;
  return new ChromeTraceRecorder(nextTraceFile({
    ...(traceDir === undefined ? {} : { dir: traceDir }),
    ...(profiler?.trace_log_path === undefined ? {} : { pathPrefix: profiler.trace_log_path }),
  }));
}
