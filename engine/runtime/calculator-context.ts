/**
 * @module engine/runtime/calculator-context
 * The context open/process/close receive: typed views (`cx.in.latent`, `cx.out.image`, `cx.side.model`) over one
 * invocation's input set and output shards. The views' getters are built once per node from its contract slots,
 * so an invocation allocates only a few small objects.
 */
import type { CalculatorContext, ContractSpec, OutputPort, PortKind, SideOutputPort } from '../graph/contract.js';
import type { ValidatedNode } from '../graph/validated-graph.js';
import { GraphError } from '../status.js';
import { Packet } from './packet.js';
import type { OutputShard } from './output-stream.js';
import { Timestamp } from './timestamp.js';

/** One call of open, process or close: its input set and, lazily, one output shard per output. */
export interface Invocation {
  readonly phase: 'open' | 'process' | 'close';
  readonly timestamp: Timestamp;
  /** By input collection id; empty for open and close. */
  readonly inputs: readonly Packet[];
  shard(outputId: number): OutputShard;
}

/** What a context needs from its node beyond the invocation. */
export interface ContextHost {
  readonly spec: ValidatedNode;
  readonly signal: AbortSignal;
  sideValue(sideInputId: number): Packet | undefined;
  setSideOutput(sideOutputId: number, value: unknown): void;
  setOffset(offset: number, phase: Invocation['phase']): void;
}

const CONTEXT = Symbol('context');
interface View { [CONTEXT]: InvocationContext }

type Reader = (cx: InvocationContext, ids: readonly number[], key: string) => unknown;

function viewPrototype(slots: Readonly<Record<string, readonly number[]>>, multiple: ReadonlySet<string>,
  single: Reader, many: Reader): object {
  const prototype = {};
  for (const [key, ids] of Object.entries(slots)) {
    const read = multiple.has(key) ? many : single;
    Object.defineProperty(prototype, key, { enumerable: true, get(this: View) { return read(this[CONTEXT], ids, key); } });
  }
  return Object.freeze(prototype);
}

function inputValue(cx: InvocationContext, id: number, key: string): unknown {
  const packet = cx.invocation.inputs[id];
  if (packet === undefined || packet.isEmpty()) {
    throw new GraphError('INTERNAL', `input "${key}" (stream "${cx.host.spec.inputs[id]?.stream ?? '?'}") has no packet at ` +
      `${Timestamp.toString(cx.invocation.timestamp)}; check cx.packet.${key}.isEmpty() first`, { node: cx.host.spec.name });
  }
  return packet.value;
}

/** Discards what is sent: the view of an optional output or side packet that the graph left unconnected. */
const UNCONNECTED_OUTPUT: OutputPort<unknown> & SideOutputPort<unknown> = Object.freeze({
  send(): void {}, add(): void {}, setNextTimestampBound(): void {}, close(): void {}, set(): void {},
});

/** The per-node view prototypes. */
export class ContextFactory {
  private readonly prototypes: Readonly<Record<'in' | 'packet' | 'out' | 'side' | 'sideOut', object>>;

  constructor(readonly host: ContextHost) {
    const { spec } = host;
    const contract = spec.calculatorClass?.contract ?? {};
    const multipleOf = (ports: ContractSpec['inputs']): Set<string> =>
      new Set(Object.entries(ports ?? {}).filter(([, port]) => port.isMultiple).map(([key]) => key));
    const slots = (kind: PortKind): Readonly<Record<string, readonly number[]>> => spec.slots[kind];
    const emptyAt = (cx: InvocationContext): Packet => Packet.empty(cx.invocation.timestamp);
    this.prototypes = {
      in: viewPrototype(slots('input'), multipleOf(contract.inputs),
        (cx, ids, key) => (ids[0] === undefined ? undefined : inputValue(cx, ids[0], key)),
        (cx, ids) => ids.map((id) => { const p = cx.invocation.inputs[id]; return p === undefined || p.isEmpty() ? undefined : p.value; })),
      packet: viewPrototype(slots('input'), multipleOf(contract.inputs),
        (cx, ids) => (ids[0] === undefined ? emptyAt(cx) : cx.invocation.inputs[ids[0]] ?? emptyAt(cx)),
        (cx, ids) => ids.map((id) => cx.invocation.inputs[id] ?? emptyAt(cx))),
      out: viewPrototype(slots('output'), multipleOf(contract.outputs),
        (cx, ids) => (ids[0] === undefined ? UNCONNECTED_OUTPUT : cx.invocation.shard(ids[0])),
        (cx, ids) => ids.map((id) => cx.invocation.shard(id))),
      side: viewPrototype(slots('sideInput'), multipleOf(contract.side),
        (cx, ids) => (ids[0] === undefined ? undefined : cx.host.sideValue(ids[0])?.value),
        (cx, ids) => ids.map((id) => cx.host.sideValue(id)?.value)),
      sideOut: viewPrototype(slots('sideOutput'), multipleOf(contract.sideOutputs),
        (cx, ids) => (ids[0] === undefined ? UNCONNECTED_OUTPUT : sideSetter(cx, ids[0])),
        (cx, ids) => ids.map((id) => sideSetter(cx, id))),
    };
  }

  create(invocation: Invocation): InvocationContext {
    return new InvocationContext(this.host, invocation, this.prototypes);
  }
}

function sideSetter(cx: InvocationContext, id: number): SideOutputPort<unknown> {
  return { set: (value: unknown) => cx.host.setSideOutput(id, value) };
}

function view(prototype: object, cx: InvocationContext): object {
  const result = Object.create(prototype) as View;
  result[CONTEXT] = cx;
  return result;
}

/** The context object; its port views are created on first access. */
export class InvocationContext implements CalculatorContext<ContractSpec> {
  private views: Partial<Record<'in' | 'packet' | 'out' | 'side' | 'sideOut', object>> = {};

  constructor(readonly host: ContextHost, readonly invocation: Invocation,
    private readonly prototypes: Readonly<Record<'in' | 'packet' | 'out' | 'side' | 'sideOut', object>>) {}

  private lazy(name: 'in' | 'packet' | 'out' | 'side' | 'sideOut'): never {
    return (this.views[name] ??= view(this.prototypes[name], this)) as never;
  }

  get nodeName(): string { return this.host.spec.name; }
  get calculatorType(): string { return this.host.spec.calculator; }
  get inputTimestamp(): Timestamp { return this.invocation.timestamp; }
  get options(): undefined { return this.host.spec.options as undefined; }
  get signal(): AbortSignal { return this.host.signal; }
  get in(): CalculatorContext['in'] { return this.lazy('in'); }
  get packet(): CalculatorContext['packet'] { return this.lazy('packet'); }
  get out(): CalculatorContext['out'] { return this.lazy('out'); }
  get side(): CalculatorContext['side'] { return this.lazy('side'); }
  get sideOut(): CalculatorContext['sideOut'] { return this.lazy('sideOut'); }

  isConnected(port: string): boolean {
    const { slots } = this.host.spec;
    return [slots.input, slots.output, slots.sideInput, slots.sideOutput].some((kind) => (kind[port]?.length ?? 0) > 0);
  }

  setOffset(offset: number): void {
    this.host.setOffset(offset, this.invocation.phase);
  }
}
