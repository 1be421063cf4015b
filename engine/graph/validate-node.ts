/**
 * @module engine/graph/validate-node
 * Validation of one node (the per-node half of ValidatedGraphConfig::Initialize): tag maps, input_stream_info,
 * options types, executor, calculator lookup, contract ports and rules, input stream handler and sync sets. Problems
 * are collected, located at the node's file and line.
 */
import type { NodeConfig } from '../config/graph-config.js';
import { decodeOptions, optionsTypeNames } from '../config/options.js';
import { formatTagIndex, parseTagIndex, TagMap } from '../config/tag-map.js';
import { GraphConfigError, type SourceLocation } from '../status.js';
import type { AnyPort, CalculatorClass, ContractSpec, PortKind } from './contract.js';
import { anyType, type PacketType } from './packet-type.js';
import { closestName, type GraphEnvironment } from './registry.js';
import { VALIDATION } from './validation-messages.js';
import { INPUT_STREAM_HANDLERS, type HandlerSpec, type InputStreamHandlerName, type PortSlots } from './validated-graph.js';

const SYNC_SET_OPTIONS = 'mediapipe.SyncSetInputStreamHandlerOptions';
/** MediaPipe's other handlers: valid names in a schema-only check, not runnable here. */
const MEDIAPIPE_ONLY_HANDLERS: readonly string[] = [
  'FixedSizeInputStreamHandler', 'EarlyCloseInputStreamHandler', 'BarrierInputStreamHandler', 'MuxInputStreamHandler',
  'TimestampAlignInputStreamHandler', 'InOrderOutputStreamHandler',
];

const PORT_FIELDS: Readonly<Record<PortKind, { readonly contract: keyof ContractSpec; readonly what: string }>> = {
  input: { contract: 'inputs', what: 'input stream' },
  output: { contract: 'outputs', what: 'output stream' },
  sideInput: { contract: 'side', what: 'input side packet' },
  sideOutput: { contract: 'sideOutputs', what: 'output side packet' },
};

/** A node before sorting: what per-node validation produced. */
export interface NodeDraft {
  readonly index: number;
  readonly name: string;
  readonly config: NodeConfig;
  readonly source: SourceLocation;
  readonly calculatorClass: CalculatorClass | undefined;
  readonly maps: Readonly<Record<PortKind, TagMap>>;
  readonly backEdges: ReadonlySet<number>;
  readonly types: Readonly<Record<PortKind, readonly PacketType<unknown>[]>>;
  readonly slots: PortSlots;
  readonly handler: HandlerSpec;
  readonly options: object | undefined;
  readonly contract: ContractSpec | undefined;
}

/** The problems of one graph file, each located at a file and line. */
export class Problems {
  readonly list: GraphConfigError[] = [];
  constructor(readonly file: string, private readonly fieldLines: ReadonlyMap<string, readonly number[]> = new Map()) {}

  /** The line of the index-th occurrence of a top-level field (the first one when out of range). */
  line(field: string, index = 0): number | undefined {
    const lines = this.fieldLines.get(field);
    return lines?.[index] ?? lines?.[0];
  }

  graph(detail: string, line?: number): void {
    this.list.push(new GraphConfigError(detail, { file: this.file, ...(line === undefined ? {} : { line }) }));
  }

  node(name: string, config: NodeConfig, detail: string, stream?: string): void {
    const where = config.source ?? { file: this.file };
    this.list.push(new GraphConfigError(`node "${name}" (${config.calculator}): ${detail}`, {
      file: where.file, ...(where.line === undefined ? {} : { line: where.line }), node: name,
      ...(stream === undefined ? {} : { stream }),
    }));
  }
}

export function tagMapOrReport(entries: readonly string[], report: (detail: string) => void, what: string): TagMap | undefined {
  try {
    return TagMap.create(entries);
  } catch (error) {
    for (const line of (error as Error).message.split('\n')) report(`${what}: ${line}`);
    return undefined;
  }
}

/** Validates one node; undefined when its port lists do not parse (the problems are recorded). */
export function validateNode(node: NodeConfig, index: number, name: string, env: GraphEnvironment, schemaOnly: boolean,
  executors: ReadonlySet<string>, problems: Problems): NodeDraft | undefined {
  const report = (detail: string, stream?: string): void => problems.node(name, node, detail, stream);
  const source = node.source ?? { file: problems.file };
  if (node.calculator === '') report(VALIDATION.calculatorNotSet);
  if (!schemaOnly && node.option_value.length > 0) report(VALIDATION.optionValueUnsupported);
  const input = tagMapOrReport(node.input_stream, report, 'input_stream');
  const output = tagMapOrReport(node.output_stream, report, 'output_stream');
  const sideInput = tagMapOrReport(node.input_side_packet, report, 'input_side_packet');
  const sideOutput = tagMapOrReport(node.output_side_packet, report, 'output_side_packet');

  const { duplicates } = optionsTypeNames(env.schema, node);
  for (const type of duplicates) report(VALIDATION.duplicateOptionsType(type));
  if (node.executor !== '' && !executors.has(node.executor)) report(VALIDATION.undeclaredExecutor(node.executor));
  if (node.max_in_flight < 0) report(VALIDATION.negativeMaxInFlight(node.max_in_flight));

  let calculatorClass: CalculatorClass | undefined;
  if (!schemaOnly && node.calculator !== '') {
    calculatorClass = env.calculators.get(node.calculator);
    if (calculatorClass === undefined) {
      const guess = closestName(node.calculator, [...env.calculators.names, ...env.subgraphs.names]);
      report(VALIDATION.unknownCalculator(node.calculator, guess));
    }
  }
  if (input === undefined || output === undefined || sideInput === undefined || sideOutput === undefined) return undefined;
  const maps = { input, output, sideInput, sideOutput };

  const backEdges = new Set<number>();
  for (const info of node.input_stream_info) {
    let id: number | undefined;
    try {
      const { tag, index: tagIndex } = parseTagIndex(info.tag_index);
      id = input.id(tag, tagIndex);
      if (id === undefined) report(VALIDATION.streamInfoNamesNoInput(info.tag_index, formatTagIndex({ tag, index: tagIndex })));
    } catch (error) {
      report(`input_stream_info: ${(error as Error).message}`);
    }
    if (id === undefined) continue;
    if (backEdges.has(id) || node.input_stream_info.filter((other) => other.tag_index === info.tag_index).length > 1) {
      report(VALIDATION.streamInfoTwice(info.tag_index));
    }
    if (info.back_edge) backEdges.add(id);
  }

  const contract = calculatorClass?.contract;
  const handler = resolveHandler(node, contract, input, env, schemaOnly, report);
  const types = { input: [] as PacketType<unknown>[], output: [] as PacketType<unknown>[], sideInput: [] as PacketType<unknown>[], sideOutput: [] as PacketType<unknown>[] };
  const slots = { input: {}, output: {}, sideInput: {}, sideOutput: {} } as Record<PortKind, Record<string, number[]>>;
  for (const kind of Object.keys(PORT_FIELDS) as PortKind[]) {
    const map = maps[kind];
    types[kind] = map.entries.map(() => anyType());
    if (contract !== undefined) checkPorts(kind, map, contract, types[kind], slots[kind], report);
  }
  if (contract?.check !== undefined) {
    for (const detail of contract.check({ name, inputs: input, outputs: output, sideInputs: sideInput, sideOutputs: sideOutput })) report(detail);
  }
  let options: object | undefined;
  if (contract?.options !== undefined) {
    try {
      options = decodeOptions(env.schema, node, contract.options.typeName, contract.options);
    } catch (error) {
      report(`options: ${(error as Error).message}`);
    }
  }
  return { index, name, config: node, source, calculatorClass, maps: { input, output, sideInput, sideOutput }, backEdges, types, slots, handler, options, contract };
}

/** Contract ports vs the node's tag map: missing required ports, ports nobody declared, types per collection id. */
function checkPorts(kind: PortKind, map: TagMap, contract: ContractSpec, types: PacketType<unknown>[],
  slots: Record<string, number[]>, report: (detail: string, stream?: string) => void): void {
  const { what } = PORT_FIELDS[kind];
  const ports = (contract[PORT_FIELDS[kind].contract] ?? {}) as Readonly<Record<string, AnyPort>>;
  const claimed = new Set<number>();
  for (const [key, port] of Object.entries(ports)) {
    const count = map.count(port.tag);
    const ids: number[] = [];
    const take = port.isMultiple ? count : Math.min(count, 1);
    for (let i = 0; i < take; i++) {
      const id = map.id(port.tag, i) as number;
      ids.push(id);
      claimed.add(id);
      types[id] = port.type;
    }
    slots[key] = ids;
    if (ids.length === 0 && !port.isOptional) {
      report(VALIDATION.requiredPort(what, port.tag));
    }
  }
  map.entries.forEach((entry, id) => {
    if (!claimed.has(id)) {
      report(VALIDATION.unexpectedPort(what, map.canonicalEntries()[id] ?? entry.name, entry.tag, entry.index), entry.name);
    }
  });
}

function resolveHandler(node: NodeConfig, contract: ContractSpec | undefined, input: TagMap, env: GraphEnvironment,
  schemaOnly: boolean, report: (detail: string) => void): HandlerSpec {
  // MediaPipe: a handler in the config (including the graph default copied into the node) wins over the contract's.
  const config = node.input_stream_handler;
  const requested = config?.input_stream_handler ?? contract?.inputStreamHandler ?? 'DefaultInputStreamHandler';
  if (!(INPUT_STREAM_HANDLERS as readonly string[]).includes(requested)) {
    if (MEDIAPIPE_ONLY_HANDLERS.includes(requested)) {
      if (!schemaOnly) report(VALIDATION.unsupportedHandler(requested, INPUT_STREAM_HANDLERS));
    } else {
      const guess = closestName(requested, [...INPUT_STREAM_HANDLERS, ...MEDIAPIPE_ONLY_HANDLERS]);
      report(VALIDATION.unknownHandler(requested, guess));
    }
    return { name: 'DefaultInputStreamHandler', syncSets: [] };
  }
  const name = requested as InputStreamHandlerName;
  if (name !== 'SyncSetInputStreamHandler') return { name, syncSets: [] };
  // The config's options when the config names the handler, else the contract's sync sets.
  const fromContract = config === undefined && contract?.syncSets !== undefined;
  const listed = fromContract ? contract.syncSets
    : decodeOptions<{ syncSet: readonly { tagIndex: readonly string[] }[] }>(env.schema, config ?? {}, SYNC_SET_OPTIONS)
      .syncSet.map((set) => set.tagIndex);
  const used = new Set<number>();
  const syncSets: number[][] = [];
  for (const set of listed) {
    const ids: number[] = [];
    for (const text of set) {
      try {
        const { tag, index } = parseTagIndex(text);
        const id = input.id(tag, index);
        // A contract's set may name an optional input this node does not have.
        if (id === undefined) { if (!fromContract) report(VALIDATION.syncSetNamesNoInput(text)); }
        else if (used.has(id)) report(VALIDATION.syncSetTwice(text));
        else { used.add(id); ids.push(id); }
      } catch (error) {
        report(`sync_set: ${(error as Error).message}`);
      }
    }
    if (ids.length > 0) syncSets.push(ids);
  }
  const rest = input.entries.map((_, id) => id).filter((id) => !used.has(id));
  if (rest.length > 0) syncSets.push(rest);
  return { name, syncSets };
}
