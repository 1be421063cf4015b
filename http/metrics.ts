/**
 * @module http/metrics
 * Prometheus metrics (prom-client): OVMS's MediaPipe graph families with OVMS's names, help texts, labels and
 * buckets (src/model_metric_reporter.cpp, src/metrics/metric_config.cpp), and Pictograph's per-node timing family,
 * which gives the stages (text encoding, each denoise step, VAE decode, PNG encode) one series per calculator.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const OVMS_CURRENT_GRAPHS = 'ovms_current_graphs';
export const OVMS_REQUESTS_ACCEPTED = 'ovms_requests_accepted';
export const OVMS_REQUESTS_REJECTED = 'ovms_requests_rejected';
export const OVMS_GRAPH_ERROR = 'ovms_graph_error';
export const OVMS_RESPONSES = 'ovms_responses';
export const OVMS_GRAPH_PROCESSING_TIME = 'ovms_graph_processing_time_us';
/** Ours: how long each process() call of each node took (async calls: until their promise settled). */
export const NODE_PROCESS_TIME = 'pictograph_node_process_time_us';

/** The families Pictograph produces, enabled by `--metrics_enable` without `--metrics_list`. */
export const PRODUCED_FAMILIES = [
  OVMS_CURRENT_GRAPHS, OVMS_REQUESTS_ACCEPTED, OVMS_REQUESTS_REJECTED, OVMS_GRAPH_ERROR, OVMS_RESPONSES,
  OVMS_GRAPH_PROCESSING_TIME, NODE_PROCESS_TIME,
] as const;

/**
 * Names OVMS accepts in metrics_list for single models (which Pictograph does not serve): accepted so OVMS
 * configurations start unchanged, and produce nothing.
 */
export const OVMS_MODEL_FAMILIES = [
  'ovms_current_requests', 'ovms_requests_success', 'ovms_requests_fail', 'ovms_request_time_us', 'ovms_streams',
  'ovms_inference_time_us', 'ovms_wait_for_infer_req_time_us', 'ovms_infer_req_queue_size', 'ovms_infer_req_active',
] as const;

/** OVMS: StatusCode INVALID_METRICS_FAMILY_NAME, logged as "Metrics family name not supported: <name>". */
export const unsupportedFamily = (name: string): string => `Invalid name in metrics_list - Metrics family name not supported: ${name}`;

/** OVMS's histogram buckets: floor(10 * 1.8^i) microseconds for i = 0..32 (NUMBER_OF_BUCKETS, BUCKET_POWER_BASE). */
export const OVMS_BUCKETS_US: readonly number[] = Array.from({ length: 33 }, (_, i) => Math.floor(10 * 1.8 ** i));

/** The request kinds OVMS labels V3 calls with; Pictograph answers unary only, OVMS creates both series. */
type V3Method = 'Unary' | 'Stream';
const V3_METHODS: readonly V3Method[] = ['Unary', 'Stream'];

export interface MetricsOptions {
  /** `--metrics_list` / config.json `metrics_list`; empty enables every family Pictograph produces. */
  readonly families: readonly string[];
}

/** What one servable reports; every method is a no-op for a disabled family. */
export interface ServableMetrics {
  /** The request was handed to the graph (OVMS counts it even if the graph then rejects it). */
  requestAccepted(): void;
  /** The request never reached the graph (servable not loaded, instance wait cancelled). */
  requestRejected(): void;
  graphError(): void;
  response(): void;
  /** A graph run began; returns the function to call when it ends (updates current graphs and processing time). */
  graphStarted(): (succeeded: boolean) => void;
  nodeProcessed(node: string, calculator: string, durationMs: number): void;
}

const V3_LABELS = (name: string, method: V3Method): Record<string, string> =>
  ({ name, api: 'V3', method, interface: 'REST' });

export class ServingMetrics {
  readonly registry = new Registry();
  private readonly currentGraphs?: Gauge;
  private readonly accepted?: Counter;
  private readonly rejected?: Counter;
  private readonly errors?: Counter;
  private readonly responses?: Counter;
  private readonly processingTime?: Histogram;
  private readonly nodeTime?: Histogram;

  /** Throws Error(unsupportedFamily(name)) for a name OVMS would refuse. */
  constructor(options: MetricsOptions) {
    const known = new Set<string>([...PRODUCED_FAMILIES, ...OVMS_MODEL_FAMILIES]);
    const unknown = options.families.find((family) => !known.has(family));
    if (unknown !== undefined) throw new Error(unsupportedFamily(unknown));
    const enabled = new Set<string>(options.families.length === 0 ? PRODUCED_FAMILIES : options.families);
    const registers = [this.registry];
    const v3 = ['name', 'api', 'method', 'interface'];
    if (enabled.has(OVMS_CURRENT_GRAPHS)) {
      this.currentGraphs = new Gauge({ name: OVMS_CURRENT_GRAPHS, help: 'Number of MediaPipe graphs in process.', labelNames: ['name'], registers });
    }
    if (enabled.has(OVMS_REQUESTS_ACCEPTED)) {
      this.accepted = new Counter({
        name: OVMS_REQUESTS_ACCEPTED, help: 'Number of accepted requests which ended up inserting packet(s) into the MediaPipe graph.',
        labelNames: v3, registers,
      });
    }
    if (enabled.has(OVMS_REQUESTS_REJECTED)) {
      this.rejected = new Counter({
        name: OVMS_REQUESTS_REJECTED, help: 'Number of rejected requests which did not end up being inserted into the MediaPipe graph.',
        labelNames: v3, registers,
      });
    }
    if (enabled.has(OVMS_GRAPH_ERROR)) {
      this.errors = new Counter({ name: OVMS_GRAPH_ERROR, help: 'Number of errors generated by the MediaPipe graph.', labelNames: v3, registers });
    }
    if (enabled.has(OVMS_RESPONSES)) {
      this.responses = new Counter({ name: OVMS_RESPONSES, help: 'Number of responses generated the MediaPipe graph.', labelNames: v3, registers });
    }
    if (enabled.has(OVMS_GRAPH_PROCESSING_TIME)) {
      this.processingTime = new Histogram({
        name: OVMS_GRAPH_PROCESSING_TIME, help: 'Time packet spent in the MediaPipe graph.',
        labelNames: ['name', 'method'], buckets: [...OVMS_BUCKETS_US], registers,
      });
    }
    if (enabled.has(NODE_PROCESS_TIME)) {
      this.nodeTime = new Histogram({
        name: NODE_PROCESS_TIME, help: 'Time one process() call of a graph node took (the stages of a request: one series per calculator).',
        labelNames: ['name', 'node', 'calculator'], buckets: [...OVMS_BUCKETS_US], registers,
      });
    }
  }

  /** The reporter of one servable; its series exist (at zero) from now on, as OVMS creates them at load. */
  forServable(name: string): ServableMetrics {
    this.currentGraphs?.set({ name }, 0);
    for (const method of V3_METHODS) {
      for (const counter of [this.accepted, this.rejected, this.errors, this.responses]) counter?.inc(V3_LABELS(name, method), 0);
      this.processingTime?.zero({ name, method });
    }
    const unary = V3_LABELS(name, 'Unary');
    return {
      requestAccepted: () => this.accepted?.inc(unary),
      requestRejected: () => this.rejected?.inc(unary),
      graphError: () => this.errors?.inc(unary),
      response: () => this.responses?.inc(unary),
      graphStarted: () => {
        const startedAt = performance.now();
        this.currentGraphs?.inc({ name });
        return (succeeded) => {
          this.currentGraphs?.dec({ name });
          // OVMS observes the processing time of graphs that produced their response.
          if (succeeded) this.processingTime?.observe({ name, method: 'Unary' }, (performance.now() - startedAt) * 1000);
        };
      },
      nodeProcessed: (node, calculator, durationMs) => this.nodeTime?.observe({ name, node, calculator }, durationMs * 1000),
    };
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
