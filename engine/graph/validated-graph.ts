/**
 * @module engine/graph/validated-graph
 * The result of validation: nodes in topological order with their resolved ports, handlers and options, and the
 * stream and side-packet tables. Immutable and shared by every run and every pooled instance of the graph.
 */
import type { GraphQueueSize } from '../config/directives.js';
import type { GraphConfig, NodeConfig } from '../config/graph-config.js';
import type { ProtoSchema } from '../config/proto-schema.js';
import type { TagMap } from '../config/tag-map.js';
import type { SourceLocation } from '../status.js';
import type { CalculatorClass, PortKind } from './contract.js';
import type { PacketType } from './packet-type.js';

/** The input stream handlers the engine implements. */
export type InputStreamHandlerName = 'DefaultInputStreamHandler' | 'ImmediateInputStreamHandler' | 'SyncSetInputStreamHandler';
export const INPUT_STREAM_HANDLERS: readonly InputStreamHandlerName[] = [
  'DefaultInputStreamHandler', 'ImmediateInputStreamHandler', 'SyncSetInputStreamHandler',
];

export interface HandlerSpec {
  readonly name: InputStreamHandlerName;
  /** SyncSet: groups of input collection ids (inputs named in no set form the last group). */
  readonly syncSets: readonly (readonly number[])[];
}

/** One input stream of a node, by collection id. */
export interface NodeInput {
  readonly stream: string;
  readonly backEdge: boolean;
  readonly type: PacketType<unknown>;
}

export interface NodeOutput {
  readonly stream: string;
  readonly type: PacketType<unknown>;
}

export interface NodeSidePacket {
  readonly name: string;
  readonly type: PacketType<unknown>;
}

/** Where each contract port key lives: the collection ids it covers (empty when optional and unconnected). */
export type PortSlots = Readonly<Record<PortKind, Readonly<Record<string, readonly number[]>>>>;

export interface ValidatedNode {
  /** Position in topological order; also the scheduling priority (higher runs first among non-sources). */
  readonly id: number;
  /** The canonical name (errors, traces, resources keyed by node). */
  readonly name: string;
  readonly calculator: string;
  readonly config: NodeConfig;
  readonly source: SourceLocation;
  /** Undefined only in schema-only validation. */
  readonly calculatorClass?: CalculatorClass;
  readonly inputMap: TagMap;
  readonly outputMap: TagMap;
  readonly sideInputMap: TagMap;
  readonly sideOutputMap: TagMap;
  readonly inputs: readonly NodeInput[];
  readonly outputs: readonly NodeOutput[];
  readonly sideInputs: readonly NodeSidePacket[];
  readonly sideOutputs: readonly NodeSidePacket[];
  readonly slots: PortSlots;
  readonly handler: HandlerSpec;
  /** The calculator's decoded options (undefined when its contract names none). */
  readonly options: object | undefined;
  readonly maxInFlight: number;
  /** Output timestamp = input timestamp + offset; null = arbitrary (no bound propagation). */
  readonly timestampOffset: number | null;
  readonly processTimestampBounds: boolean;
  readonly sourceLayer: number;
  /** No input streams but some output streams: process is called until it returns STOP. */
  readonly isSource: boolean;
}

export interface StreamInfo {
  readonly name: string;
  /** The producing node's id, or undefined for a graph input stream. */
  readonly producer: number | undefined;
  readonly consumers: readonly { readonly node: number; readonly input: number }[];
}

export interface ValidatedGraph {
  readonly file: string;
  readonly config: GraphConfig;
  readonly schema: ProtoSchema;
  readonly directives: ReadonlyMap<string, string>;
  /** From `# OVMS_GRAPH_QUEUE_MAX_SIZE:`, when present. */
  readonly queueSize: GraphQueueSize | undefined;
  readonly nodes: readonly ValidatedNode[];
  readonly inputStreams: TagMap;
  readonly outputStreams: TagMap;
  readonly streams: ReadonlyMap<string, StreamInfo>;
  /** Side packets no node produces: the caller provides them at start (MediaPipe: required side packets). */
  readonly requiredSidePackets: readonly string[];
  /** Side packet name → producing node id. */
  readonly sidePacketProducers: ReadonlyMap<string, number>;
  /** Validation skipped calculator lookup and contracts: the graph can be inspected, not run. */
  readonly schemaOnly: boolean;
}
