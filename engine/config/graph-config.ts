/**
 * @module engine/config/graph-config
 * Typed, normalised views of `CalculatorGraphConfig` (field names as in the .proto), and the normalisation MediaPipe
 * does before validation: proto2 defaults, `external_input` → `input_side_packet`, the graph-level input stream
 * handler copied into nodes that have none.
 */
import type { SourceLocation } from '../status.js';

/** A packed `google.protobuf.Any` (node_options / graph_options entries). */
export interface AnyConfig {
  readonly type_url: string;
  readonly value: Uint8Array;
}

/** proto2 options containers: extension values keyed by `.pkg.Type.ext`, as protobufjs stores them. */
export type ExtensionOptions = Readonly<Record<string, unknown>>;

export interface InputStreamHandlerConfig {
  readonly input_stream_handler: string;
  readonly options?: ExtensionOptions;
}

export interface OutputStreamHandlerConfig {
  readonly output_stream_handler: string;
  readonly input_side_packet: readonly string[];
  readonly options?: ExtensionOptions;
}

export interface InputStreamInfoConfig {
  readonly tag_index: string;
  readonly back_edge: boolean;
}

export interface ExecutorConfig {
  readonly name: string;
  readonly type: string;
  readonly options?: ExtensionOptions;
}

export interface ProfilerConfig {
  readonly trace_enabled: boolean;
  readonly trace_log_path: string;
  readonly [field: string]: unknown;
}

export interface NodeConfig {
  readonly name: string;
  readonly calculator: string;
  readonly input_stream: readonly string[];
  readonly output_stream: readonly string[];
  readonly input_side_packet: readonly string[];
  readonly output_side_packet: readonly string[];
  readonly options?: ExtensionOptions;
  readonly node_options: readonly AnyConfig[];
  readonly source_layer: number;
  readonly buffer_size_hint: number;
  readonly input_stream_handler?: InputStreamHandlerConfig;
  readonly output_stream_handler?: OutputStreamHandlerConfig;
  readonly input_stream_info: readonly InputStreamInfoConfig[];
  readonly executor: string;
  readonly max_in_flight: number;
  readonly option_value: readonly string[];
  /** Not a proto field: where the node was written (the outer node's place for subgraph-expanded nodes). */
  readonly source?: SourceLocation;
}

export interface GraphConfig {
  readonly node: readonly NodeConfig[];
  readonly input_stream: readonly string[];
  readonly output_stream: readonly string[];
  readonly input_side_packet: readonly string[];
  readonly output_side_packet: readonly string[];
  readonly num_threads: number;
  readonly max_queue_size: number;
  readonly report_deadlock: boolean;
  readonly input_stream_handler?: InputStreamHandlerConfig;
  readonly output_stream_handler?: OutputStreamHandlerConfig;
  readonly executor: readonly ExecutorConfig[];
  readonly profiler_config?: ProfilerConfig;
  readonly package: string;
  readonly type: string;
  readonly packet_factory: readonly unknown[];
  readonly packet_generator: readonly unknown[];
  readonly status_handler: readonly unknown[];
  readonly options?: ExtensionOptions;
  readonly graph_options: readonly AnyConfig[];
}

export const DEFAULT_INPUT_STREAM_HANDLER = 'DefaultInputStreamHandler';
export const DEFAULT_OUTPUT_STREAM_HANDLER = 'InOrderOutputStreamHandler';

type Loose = Readonly<Record<string, unknown>>;

function strings(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function int(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function record(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null ? (value as Loose) : undefined;
}

function anys(value: unknown): readonly AnyConfig[] {
  return Array.isArray(value)
    ? value.map((item: Loose) => ({ type_url: text(item['type_url']), value: (item['value'] as Uint8Array | undefined) ?? new Uint8Array() }))
    : [];
}

function inputHandler(value: unknown): InputStreamHandlerConfig | undefined {
  const config = record(value);
  if (config === undefined) return undefined;
  // proto2 [default = "DefaultInputStreamHandler"]: protobufjs does not materialise defaults of nested messages.
  const options = record(config['options']);
  return { input_stream_handler: text(config['input_stream_handler']) || DEFAULT_INPUT_STREAM_HANDLER,
    ...(options === undefined ? {} : { options }) };
}

function outputHandler(value: unknown): OutputStreamHandlerConfig | undefined {
  const config = record(value);
  if (config === undefined) return undefined;
  const options = record(config['options']);
  return {
    output_stream_handler: text(config['output_stream_handler']) || DEFAULT_OUTPUT_STREAM_HANDLER,
    input_side_packet: strings(config['input_side_packet']),
    ...(options === undefined ? {} : { options }),
  };
}

/** A node from protobufjs `toObject` output, with every field present and proto2 defaults applied. */
export function nodeFromObject(raw: Loose, source?: SourceLocation): NodeConfig {
  const options = record(raw['options']);
  const isHandler = inputHandler(raw['input_stream_handler']);
  const osHandler = outputHandler(raw['output_stream_handler']);
  return {
    name: text(raw['name']),
    calculator: text(raw['calculator']),
    input_stream: strings(raw['input_stream']),
    output_stream: strings(raw['output_stream']),
    // `external_input` is the deprecated spelling of input_side_packet; MediaPipe appends it during canonicalisation.
    input_side_packet: [...strings(raw['input_side_packet']), ...strings(raw['external_input'])],
    output_side_packet: strings(raw['output_side_packet']),
    ...(options === undefined ? {} : { options }),
    node_options: anys(raw['node_options']),
    source_layer: int(raw['source_layer']),
    buffer_size_hint: int(raw['buffer_size_hint']),
    ...(isHandler === undefined ? {} : { input_stream_handler: isHandler }),
    ...(osHandler === undefined ? {} : { output_stream_handler: osHandler }),
    input_stream_info: Array.isArray(raw['input_stream_info'])
      ? raw['input_stream_info'].map((info: Loose) => ({ tag_index: text(info['tag_index']), back_edge: info['back_edge'] === true }))
      : [],
    executor: text(raw['executor']),
    max_in_flight: int(raw['max_in_flight']),
    option_value: strings(raw['option_value']),
    ...(source === undefined ? {} : { source }),
  };
}

/** A graph from protobufjs `toObject` output; `nodeSources[i]` is where node i was written. */
export function graphFromObject(raw: Loose, nodeSources: readonly (SourceLocation | undefined)[] = []): GraphConfig {
  const nodes = Array.isArray(raw['node']) ? (raw['node'] as Loose[]) : [];
  const options = record(raw['options']);
  const isHandler = inputHandler(raw['input_stream_handler']);
  const osHandler = outputHandler(raw['output_stream_handler']);
  const profiler = record(raw['profiler_config']);
  return {
    node: nodes.map((node, index) => nodeFromObject(node, nodeSources[index])),
    input_stream: strings(raw['input_stream']),
    output_stream: strings(raw['output_stream']),
    input_side_packet: strings(raw['input_side_packet']),
    output_side_packet: strings(raw['output_side_packet']),
    num_threads: int(raw['num_threads']),
    max_queue_size: int(raw['max_queue_size']),
    report_deadlock: raw['report_deadlock'] === true,
    ...(isHandler === undefined ? {} : { input_stream_handler: isHandler }),
    ...(osHandler === undefined ? {} : { output_stream_handler: osHandler }),
    executor: Array.isArray(raw['executor'])
      ? raw['executor'].map((executor: Loose) => {
        const executorOptions = record(executor['options']);
        return { name: text(executor['name']), type: text(executor['type']),
          ...(executorOptions === undefined ? {} : { options: executorOptions }) };
      })
      : [],
    ...(profiler === undefined ? {} : {
      profiler_config: { ...profiler, trace_enabled: profiler['trace_enabled'] === true, trace_log_path: text(profiler['trace_log_path']) },
    }),
    package: text(raw['package']),
    type: text(raw['type']),
    packet_factory: Array.isArray(raw['packet_factory']) ? raw['packet_factory'] : [],
    packet_generator: Array.isArray(raw['packet_generator']) ? raw['packet_generator'] : [],
    status_handler: Array.isArray(raw['status_handler']) ? raw['status_handler'] : [],
    ...(options === undefined ? {} : { options }),
    graph_options: anys(raw['graph_options']),
  };
}

/**
 * MediaPipe's pre-validation canonicalisation that depends on the whole graph: the graph-level input stream
 * handler is copied into every node that has none (so it also overrides what a calculator's contract asks for).
 */
export function applyGraphDefaults(config: GraphConfig): GraphConfig {
  const graphHandler = config.input_stream_handler;
  if (graphHandler === undefined) return config;
  return {
    ...config,
    node: config.node.map((node) => (node.input_stream_handler === undefined ? { ...node, input_stream_handler: graphHandler } : node)),
  };
}

/**
 * MediaPipe's canonical node name: `name`, else `calculator`; when several nodes share it, each becomes `X_1`,
 * `X_2`, ... in config order (tool::CanonicalNodeName).
 */
export function canonicalNodeNames(nodes: readonly Pick<NodeConfig, 'name' | 'calculator'>[]): string[] {
  const base = nodes.map((node) => node.name || node.calculator);
  const total = new Map<string, number>();
  for (const name of base) total.set(name, (total.get(name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return base.map((name) => {
    if ((total.get(name) ?? 0) <= 1) return name;
    const sequence = (seen.get(name) ?? 0) + 1;
    seen.set(name, sequence);
    return `${name}_${sequence}`;
  });
}
