/**
 * @module engine/graph/contract
 * The calculator API. A calculator class opens with `static readonly contract = defineContract({...})` (typed ports,
 * side packets, options message, handler and timestamp rules, MediaPipe's GetContract) and implements
 * open/process/close against a context typed from that contract (`cx.in.latent`, `cx.out.image.send(v)`).
 */
import type { OptionsType } from '../config/options.js';
import type { TagMap } from '../config/tag-map.js';
import type { Packet } from '../runtime/packet.js';
import type { Timestamp } from '../runtime/timestamp.js';
import { anyType, type PacketType } from './packet-type.js';

export type PortKind = 'input' | 'output' | 'sideInput' | 'sideOutput';

/**
 * One port (or, with `multiple`, every index of one tag) of a calculator. `optional()` makes a port that the graph
 * may leave unconnected.
 */
export class Port<T, Optional extends boolean = false, Multiple extends boolean = false> {
  constructor(
    readonly kind: PortKind,
    readonly tag: string,
    readonly type: PacketType<T>,
    readonly isOptional: Optional,
    readonly isMultiple: Multiple,
  ) {
    Object.freeze(this);
  }

  optional(): Port<T, true, Multiple> {
    return new Port(this.kind, this.tag, this.type, true, this.isMultiple);
  }
}

/** Any port, for constraints. */
export type AnyPort = Port<unknown, boolean, boolean>;

/** An input stream at `TAG` index 0; `input<T>('TAG')` without a type accepts any packet. */
export function input<T>(tag: string, type: PacketType<T> = anyType<T>()): Port<T> {
  return new Port('input', tag, type, false, false);
}
/** Every index of an input tag (`TAG:0:a`, `TAG:1:b`, ...; tag '' for untagged lists). At least one unless optional. */
export function inputs<T>(tag: string, type: PacketType<T> = anyType<T>()): Port<T, false, true> {
  return new Port('input', tag, type, false, true);
}
export function output<T>(tag: string, type: PacketType<T> = anyType<T>()): Port<T> {
  return new Port('output', tag, type, false, false);
}
export function outputs<T>(tag: string, type: PacketType<T> = anyType<T>()): Port<T, false, true> {
  return new Port('output', tag, type, false, true);
}
/** An input side packet: a per-run constant such as a compiled model. */
export function sideInput<T>(tag: string, type: PacketType<T> = anyType<T>()): Port<T> {
  return new Port('sideInput', tag, type, false, false);
}
/** An output side packet, set once (usually in open). */
export function sideOutput<T>(tag: string, type: PacketType<T> = anyType<T>()): Port<T> {
  return new Port('sideOutput', tag, type, false, false);
}

type PortRecord = Readonly<Record<string, AnyPort>>;

/** The node as configured, for cross-port rules in `check`. */
export interface ContractNode {
  readonly name: string;
  readonly inputs: TagMap;
  readonly outputs: TagMap;
  readonly sideInputs: TagMap;
  readonly sideOutputs: TagMap;
}

export interface ContractSpec {
  readonly inputs?: PortRecord;
  readonly outputs?: PortRecord;
  /** Input side packets. */
  readonly side?: PortRecord;
  readonly sideOutputs?: PortRecord;
  /** The options message this calculator reads; the context gives it decoded, defaulted and frozen. */
  readonly options?: OptionsType<object>;
  /** The input stream handler to use unless the graph sets one (MediaPipe: the config wins). */
  readonly inputStreamHandler?: string;
  /**
   * With inputStreamHandler 'SyncSetInputStreamHandler': the sync sets as `TAG:index` lists (MediaPipe's
   * SetInputStreamHandlerOptions), used unless the graph sets a handler; every input not listed forms one more set.
   */
  readonly syncSets?: readonly (readonly string[])[];
  /**
   * Offset from the input timestamp to output timestamps, which lets the engine propagate bounds when the node
   * emits nothing. Default 0 (MediaPipe api2's default); null for arbitrary output timestamps.
   */
  readonly timestampOffset?: number | null;
  /** Call process on bound changes too, with empty inputs (MediaPipe SetProcessTimestampBounds). */
  readonly processTimestampBounds?: boolean;
  /** Cross-port rules ("MASK needs IMAGE"): problems as messages, checked at validation. */
  readonly check?: (node: ContractNode) => readonly string[];
}

/** The frozen contract; `defineContract` keeps the literal port types for the context. */
export type Contract<S extends ContractSpec = ContractSpec> = Readonly<S>;

export function defineContract<const S extends ContractSpec>(spec: S): Contract<S> {
  const checkKind = (ports: PortRecord | undefined, kind: PortKind, field: string): void => {
    for (const [key, port] of Object.entries(ports ?? {})) {
      if (port.kind !== kind) throw new Error(`contract ${field}.${key} is a ${port.kind} port`);
    }
  };
  checkKind(spec.inputs, 'input', 'inputs');
  checkKind(spec.outputs, 'output', 'outputs');
  checkKind(spec.side, 'sideInput', 'side');
  checkKind(spec.sideOutputs, 'sideOutput', 'sideOutputs');
  if (spec.syncSets !== undefined && spec.inputStreamHandler !== 'SyncSetInputStreamHandler') {
    throw new Error('contract syncSets need inputStreamHandler: \'SyncSetInputStreamHandler\'');
  }
  return Object.freeze({ ...spec });
}

/** A stream output of the current invocation. */
export interface OutputPort<T> {
  /** Sends `value` at `timestamp` (default: the input timestamp). */
  send(value: T, timestamp?: Timestamp): void;
  /** Sends a packet as is. */
  add(packet: Packet<T>): void;
  /** Promises that no packet below `bound` will follow. */
  setNextTimestampBound(bound: Timestamp): void;
  /** No more packets on this output. */
  close(): void;
}

/** An output side packet. */
export interface SideOutputPort<T> {
  set(value: T): void;
}

type PortValue<P> = P extends Port<infer T, infer O, infer M>
  ? M extends true ? readonly (T | undefined)[] : O extends true ? T | undefined : T : never;
type PortPacket<P> = P extends Port<infer T, boolean, infer M> ? M extends true ? readonly Packet<T>[] : Packet<T> : never;
type PortOutput<P> = P extends Port<infer T, boolean, infer M> ? M extends true ? readonly OutputPort<T>[] : OutputPort<T> : never;
type PortSideOutput<P> = P extends Port<infer T, boolean, infer M> ? M extends true ? readonly SideOutputPort<T>[] : SideOutputPort<T> : never;
type Ports<S extends ContractSpec, K extends keyof ContractSpec> = NonNullable<S[K]> extends PortRecord ? NonNullable<S[K]> : Record<never, never>;

export type OptionsOf<S extends ContractSpec> = S['options'] extends OptionsType<infer T> ? T : undefined;

/** What open, process and close see: typed views of the node's ports for one invocation. */
export interface CalculatorContext<S extends ContractSpec = ContractSpec> {
  /** The canonical node name (`name`, else `calculator`, with `_N` for duplicates and subgraph prefixes). */
  readonly nodeName: string;
  readonly calculatorType: string;
  /** Unstarted in open, Done in close, the input set's timestamp in process. */
  readonly inputTimestamp: Timestamp;
  /**
   * Input values at the input timestamp. Reading an empty input throws; check `cx.packet.x.isEmpty()` first where
   * a missing packet is expected. Optional unconnected inputs read undefined.
   */
  readonly in: { readonly [K in keyof Ports<S, 'inputs'>]: PortValue<Ports<S, 'inputs'>[K]> };
  /** The input packets themselves (possibly empty). */
  readonly packet: { readonly [K in keyof Ports<S, 'inputs'>]: PortPacket<Ports<S, 'inputs'>[K]> };
  readonly out: { readonly [K in keyof Ports<S, 'outputs'>]: PortOutput<Ports<S, 'outputs'>[K]> };
  readonly side: { readonly [K in keyof Ports<S, 'side'>]: PortValue<Ports<S, 'side'>[K]> };
  readonly sideOut: { readonly [K in keyof Ports<S, 'sideOutputs'>]: PortSideOutput<Ports<S, 'sideOutputs'>[K]> };
  /** Whether the graph connected a port (any kind, by contract key). */
  isConnected(port: keyof Ports<S, 'inputs'> | keyof Ports<S, 'outputs'> | keyof Ports<S, 'side'> | keyof Ports<S, 'sideOutputs'>): boolean;
  readonly options: OptionsOf<S>;
  /** Aborted when the run is cancelled or fails: long async work should stop. */
  readonly signal: AbortSignal;
  /** Open only: changes the timestamp offset of every output (MediaPipe cc->SetOffset). */
  setOffset(offset: number): void;
}

/** Returned by process to end a source, or by a non-source to stop the graph's sources and inputs (StatusStop). */
export const STOP: unique symbol = Symbol('mediapipe::tool::StatusStop()');
export type ProcessResult = void | typeof STOP;

/** One calculator instance per graph run. */
export interface Calculator<S extends ContractSpec = ContractSpec> {
  open?(cx: CalculatorContext<S>): void | Promise<void>;
  process(cx: CalculatorContext<S>): ProcessResult | Promise<ProcessResult>;
  close?(cx: CalculatorContext<S>): void | Promise<void>;
}

/** A calculator class as registered: its static contract and a no-argument constructor. */
export interface CalculatorClass<S extends ContractSpec = ContractSpec> {
  readonly contract: Contract<S>;
  new (): Calculator<S>;
}

/** The context type of a calculator class: `process(cx: ContextOf<typeof VaeDecoderCalculator>)`. */
export type ContextOf<C extends { readonly contract: ContractSpec }> = CalculatorContext<C['contract']>;
