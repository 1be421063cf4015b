/**
 * @module engine/graph/validate
 * Validation before any run (ValidatedGraphConfig::Initialize): subgraph expansion, tag maps, handlers, options,
 * calculator contracts, stream and side-packet producers, the topological sort with back edges, packet types and
 * executors. Every problem is collected; each message names the file, line, node and stream.
 */
import { directiveLine, GRAPH_QUEUE_DIRECTIVE, graphQueueSize } from '../config/directives.js';
import { applyGraphDefaults, canonicalNodeNames, type NodeConfig } from '../config/graph-config.js';
import { decodeOptions, optionsTypeNames } from '../config/options.js';
import type { ParsedGraph } from '../config/pbtxt.js';
import { formatTagIndex, parseTagIndex, TagMap } from '../config/tag-map.js';
import { GraphConfigError, GraphConfigErrors, type SourceLocation } from '../status.js';
import type { AnyPort, CalculatorClass, ContractSpec, PortKind } from './contract.js';
import { anyType, typesCompatible, type PacketType } from './packet-type.js';
import { closestName, type GraphEnvironment } from './registry.js';
import { expandSubgraphs } from './subgraphs.js';
import {
  INPUT_STREAM_HANDLERS, type HandlerSpec, type InputStreamHandlerName, type NodeInput, type NodeOutput,
  type NodeSidePacket, type PortSlots, type StreamInfo, type ValidatedGraph, type ValidatedNode,
} from './validated-graph.js';

export interface ValidateOptions {
  /** Skip calculator lookup and contracts: syntax, loaded options types, tags and wiring only. */
  readonly schemaOnly?: boolean;
}

const SYNC_SET_OPTIONS = 'mediapipe.SyncSetInputStreamHandlerOptions';
/** MediaPipe's other handlers: valid names in a schema-only check, not runnable here. */
const MEDIAPIPE_ONLY_HANDLERS: readonly string[] = [
  'FixedSizeInputStreamHandler', 'EarlyCloseInputStreamHandler', 'BarrierInputStreamHandler', 'MuxInputStreamHandler',
  'TimestampAlignInputStreamHandler', 'InOrderOutputStreamHandler',
];
const RESERVED_EXECUTORS = new Set(['default', 'gpu']);

const PORT_FIELDS: Readonly<Record<PortKind, { readonly contract: keyof ContractSpec; readonly what: string }>> = {
  input: { contract: 'inputs', what: 'input stream' },
  output: { contract: 'outputs', what: 'output stream' },
  sideInput: { contract: 'side', what: 'input side packet' },
  sideOutput: { contract: 'sideOutputs', what: 'output side packet' },
};

/** A node before sorting: what per-node validation produced. */
interface NodeDraft {
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

class Problems {
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

function tagMapOrReport(entries: readonly string[], report: (detail: string) => void, what: string): TagMap | undefined {
  try {
    return TagMap.create(entries);
  } catch (error) {
    for (const line of (error as Error).message.split('\n')) report(`${what}: ${line}`);
    return undefined;
  }
}

/** Parsed text → a validated graph, or GraphConfigErrors with every problem. */
export function validateGraph(parsed: ParsedGraph, env: GraphEnvironment, options: ValidateOptions = {}): ValidatedGraph {
  const { file } = parsed;
  const problems = new Problems(file, parsed.fieldLines);
  const expansion = expandSubgraphs(parsed.config, env, file);
  problems.list.push(...expansion.errors);
  const config = applyGraphDefaults(expansion.config);
  const schemaOnly = options.schemaOnly === true;

  let queueSize;
  try {
    queueSize = graphQueueSize(parsed.directives);
  } catch (error) {
    problems.graph((error as Error).message, directiveLine(parsed.text, GRAPH_QUEUE_DIRECTIVE));
  }
  // Features the runtime lacks are errors only when the graph is meant to run, not in a schema-only check.
  if (!schemaOnly && config.packet_factory.length + config.packet_generator.length > 0) {
    problems.graph('packet_factory and packet_generator are not supported: produce side packets with a node',
      problems.line('packet_generator') ?? problems.line('packet_factory'));
  }
  if (!schemaOnly && config.status_handler.length > 0) problems.graph('status_handler is not supported', problems.line('status_handler'));
  checkExecutors(config.executor.map((executor) => executor.name), config.num_threads, problems);
  const declaredExecutors = new Set(config.executor.map((executor) => executor.name));

  const graphMap = (field: 'input_stream' | 'output_stream' | 'input_side_packet' | 'output_side_packet'): TagMap | undefined =>
    tagMapOrReport(config[field], (detail) => problems.graph(detail, problems.line(field)), `graph ${field}`);
  const graphMaps = {
    input_stream: graphMap('input_stream'),
    output_stream: graphMap('output_stream'),
    input_side_packet: graphMap('input_side_packet'),
    output_side_packet: graphMap('output_side_packet'),
  };

  const names = canonicalNodeNames(config.node);
  const drafts: NodeDraft[] = [];
  config.node.forEach((node, index) => {
    const draft = validateNode(node, index, names[index] ?? node.calculator, env, schemaOnly, declaredExecutors, problems);
    if (draft !== undefined) drafts.push(draft);
  });

  // Streams: produced exactly once (graph inputs count as producers), consumed only if produced.
  const producers = new Map<string, number | undefined>();
  for (const name of graphMaps.input_stream?.names ?? []) producers.set(name, undefined);
  const sideProducers = new Map<string, number>();
  for (const draft of drafts) {
    for (const name of draft.maps.output.names) {
      if (producers.has(name)) {
        const other = producers.get(name);
        const by = other === undefined ? 'a graph input_stream' : `node "${drafts.find((d) => d.index === other)?.name ?? '?'}"`;
        problems.node(draft.name, draft.config, `output stream "${name}" is already produced by ${by} (Output Stream "${name}" defined twice.)`, name);
      } else {
        producers.set(name, draft.index);
      }
    }
    for (const name of draft.maps.sideOutput.names) {
      if (sideProducers.has(name)) {
        problems.node(draft.name, draft.config, `output side packet "${name}" is produced twice (Output Side Packet "${name}" defined twice.)`);
      } else {
        sideProducers.set(name, draft.index);
      }
    }
  }
  for (const draft of drafts) {
    draft.maps.input.entries.forEach(({ name }) => {
      if (!producers.has(name)) problems.node(draft.name, draft.config, `input stream "${name}" has no producer`, name);
    });
  }
  config.output_stream.forEach((entry, index) => {
    const name = entry.slice(entry.lastIndexOf(':') + 1);
    if (graphMaps.output_stream !== undefined && !producers.has(name)) {
      problems.graph(`graph output_stream "${name}" has no producer`, problems.line('output_stream', index));
    }
  });

  const order = topologicalOrder(drafts, producers, sideProducers, problems);
  const idOf = new Map<number, number>(order.map((draft, id) => [draft.index, id]));

  if (!schemaOnly) checkTypes(drafts, producers, sideProducers, problems);

  if (problems.list.length > 0) throw new GraphConfigErrors(problems.list);

  const nodes = order.map((draft, id) => finishNode(draft, id));
  const streams = new Map<string, StreamInfo>();
  for (const [name, producer] of producers) {
    streams.set(name, { name, producer: producer === undefined ? undefined : idOf.get(producer), consumers: [] });
  }
  for (const node of nodes) {
    node.inputs.forEach((input, slot) => {
      (streams.get(input.stream)?.consumers as { node: number; input: number }[] | undefined)?.push({ node: node.id, input: slot });
    });
  }
  const sidePacketProducers = new Map<string, number>();
  for (const [name, index] of sideProducers) sidePacketProducers.set(name, idOf.get(index) ?? -1);
  const required = new Set<string>();
  for (const node of nodes) for (const side of node.sideInputs) if (!sideProducers.has(side.name)) required.add(side.name);

  return {
    file, config, schema: env.schema, directives: parsed.directives, queueSize, nodes,
    inputStreams: graphMaps.input_stream ?? TagMap.create([]),
    outputStreams: graphMaps.output_stream ?? TagMap.create([]),
    streams, requiredSidePackets: [...required], sidePacketProducers, schemaOnly,
  };
}

function checkExecutors(executors: readonly string[], numThreads: number, problems: Problems): void {
  const seen = new Set<string>();
  executors.forEach((name, index) => {
    const line = problems.line('executor', index);
    if (RESERVED_EXECUTORS.has(name)) problems.graph(`executor name "${name}" is reserved`, line);
    if (seen.has(name)) problems.graph(`executor "${name}" is declared twice`, line);
    seen.add(name);
  });
  if (numThreads !== 0 && seen.has('')) {
    problems.graph('num_threads is set and the default executor (name "") is declared as well; use one of them',
      problems.line('num_threads'));
  }
}

function validateNode(node: NodeConfig, index: number, name: string, env: GraphEnvironment, schemaOnly: boolean,
  executors: ReadonlySet<string>, problems: Problems): NodeDraft | undefined {
  const report = (detail: string, stream?: string): void => problems.node(name, node, detail, stream);
  const source = node.source ?? { file: problems.file };
  if (node.calculator === '') report('calculator is not set');
  if (!schemaOnly && node.option_value.length > 0) report('option_value is not supported (use a subgraph factory to pass options)');
  const input = tagMapOrReport(node.input_stream, report, 'input_stream');
  const output = tagMapOrReport(node.output_stream, report, 'output_stream');
  const sideInput = tagMapOrReport(node.input_side_packet, report, 'input_side_packet');
  const sideOutput = tagMapOrReport(node.output_side_packet, report, 'output_side_packet');

  const { duplicates } = optionsTypeNames(env.schema, node);
  for (const type of duplicates) report(`Options type: '${type}' specified more than once`);
  if (node.executor !== '' && !executors.has(node.executor)) report(`executor "${node.executor}" is not declared in the graph`);
  if (node.max_in_flight < 0) report(`max_in_flight ${node.max_in_flight} must be >= 0`);

  let calculatorClass: CalculatorClass | undefined;
  if (!schemaOnly && node.calculator !== '') {
    calculatorClass = env.calculators.get(node.calculator);
    if (calculatorClass === undefined) {
      const guess = closestName(node.calculator, [...env.calculators.names, ...env.subgraphs.names]);
      report(`unknown calculator ${node.calculator}${guess === undefined ? '' : `; did you mean "${guess}"?`}`);
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
      if (id === undefined) report(`input_stream_info "${info.tag_index}" names no input stream (${formatTagIndex({ tag, index: tagIndex })})`);
    } catch (error) {
      report(`input_stream_info: ${(error as Error).message}`);
    }
    if (id === undefined) continue;
    if (backEdges.has(id) || node.input_stream_info.filter((other) => other.tag_index === info.tag_index).length > 1) {
      report(`input_stream_info "${info.tag_index}" is given more than once`);
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
      options = decodeOptions(env.schema, node, contract.options.typeName);
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
      report(`${what} ${port.tag === '' ? 'index 0 (untagged)' : `tag "${port.tag}"`} is required but not connected`);
    }
  }
  map.entries.forEach((entry, id) => {
    if (!claimed.has(id)) {
      report(`${what} "${entry.tag === '' ? entry.name : `${entry.tag}:${entry.index}:${entry.name}`}" is not expected by the calculator ` +
        `(Tag "${entry.tag}" index ${entry.index} was not expected.)`, entry.name);
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
      if (!schemaOnly) report(`input stream handler "${requested}" is not supported (supported: ${INPUT_STREAM_HANDLERS.join(', ')})`);
    } else {
      const guess = closestName(requested, [...INPUT_STREAM_HANDLERS, ...MEDIAPIPE_ONLY_HANDLERS]);
      report(`unknown input stream handler "${requested}"${guess === undefined ? '' : `; did you mean "${guess}"?`}`);
    }
    return { name: 'DefaultInputStreamHandler', syncSets: [] };
  }
  const name = requested as InputStreamHandlerName;
  if (name !== 'SyncSetInputStreamHandler') return { name, syncSets: [] };
  const options = decodeOptions<{ syncSet: readonly { tagIndex: readonly string[] }[] }>(env.schema, config ?? {}, SYNC_SET_OPTIONS);
  const used = new Set<number>();
  const syncSets: number[][] = [];
  for (const set of options.syncSet) {
    const ids: number[] = [];
    for (const text of set.tagIndex) {
      try {
        const { tag, index } = parseTagIndex(text);
        const id = input.id(tag, index);
        if (id === undefined) report(`sync_set entry "${text}" names no input stream`);
        else if (used.has(id)) report(`sync_set entry "${text}" is in more than one sync set`);
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

/**
 * Kahn's sort over stream and side-packet edges, stable by config order, ignoring back edges and graph inputs.
 * Nodes left over sit on a cycle without a back edge.
 */
function topologicalOrder(drafts: readonly NodeDraft[], producers: ReadonlyMap<string, number | undefined>,
  sideProducers: ReadonlyMap<string, number>, problems: Problems): NodeDraft[] {
  const byIndex = new Map(drafts.map((draft) => [draft.index, draft]));
  const dependents = new Map<number, Set<number>>();
  const waiting = new Map<number, number>();
  for (const draft of drafts) {
    const upstream = new Set<number>();
    draft.maps.input.entries.forEach(({ name }, id) => {
      const producer = producers.get(name);
      if (!draft.backEdges.has(id) && producer !== undefined && byIndex.has(producer)) upstream.add(producer);
    });
    for (const name of draft.maps.sideInput.names) {
      const producer = sideProducers.get(name);
      if (producer !== undefined && byIndex.has(producer)) upstream.add(producer);
    }
    waiting.set(draft.index, upstream.size);
    for (const producer of upstream) {
      const set = dependents.get(producer) ?? new Set<number>();
      set.add(draft.index);
      dependents.set(producer, set);
    }
  }
  const order: NodeDraft[] = [];
  const ready = drafts.filter((draft) => waiting.get(draft.index) === 0).map((draft) => draft.index);
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const next = ready.shift() as number;
    order.push(byIndex.get(next) as NodeDraft);
    for (const dependent of dependents.get(next) ?? []) {
      const left = (waiting.get(dependent) ?? 0) - 1;
      waiting.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (order.length < drafts.length) {
    const stuck = drafts.filter((draft) => !order.includes(draft));
    problems.graph(`calculator stream cycle detected in graph: [${stuck.map((draft) => draft.name).join(', ')}]; ` +
      'mark the edge that closes the loop with input_stream_info { tag_index: "..." back_edge: true }', stuck[0]?.source.line);
  }
  return order;
}

/** Packet types of connected ports must match (either side `any` matches everything). */
function checkTypes(drafts: readonly NodeDraft[], producers: ReadonlyMap<string, number | undefined>,
  sideProducers: ReadonlyMap<string, number>, problems: Problems): void {
  const byIndex = new Map(drafts.map((draft) => [draft.index, draft]));
  const check = (draft: NodeDraft, kind: 'input' | 'sideInput', outKind: 'output' | 'sideOutput', producer: number | undefined, name: string, consumed: PacketType<unknown>): void => {
    const from = producer === undefined ? undefined : byIndex.get(producer);
    if (from === undefined) return;
    const id = from.maps[outKind].names.indexOf(name);
    const produced = from.types[outKind][id];
    if (produced !== undefined && !typesCompatible(produced, consumed)) {
      const what = kind === 'input' ? 'input stream' : 'input side packet';
      problems.node(draft.name, draft.config, `${what} "${name}" expects packets of type "${consumed.key}" but node "${from.name}" ` +
        `produces packets of type "${produced.key}"`, name);
    }
  };
  for (const draft of drafts) {
    draft.maps.input.entries.forEach(({ name }, id) => check(draft, 'input', 'output', producers.get(name), name, draft.types.input[id] ?? anyType()));
    draft.maps.sideInput.entries.forEach(({ name }, id) => check(draft, 'sideInput', 'sideOutput', sideProducers.get(name), name, draft.types.sideInput[id] ?? anyType()));
  }
}

function finishNode(draft: NodeDraft, id: number): ValidatedNode {
  const { maps, types, contract, config } = draft;
  const inputs: NodeInput[] = maps.input.entries.map(({ name }, slot) => ({ stream: name, backEdge: draft.backEdges.has(slot), type: types.input[slot] ?? anyType() }));
  const outputs: NodeOutput[] = maps.output.entries.map(({ name }, slot) => ({ stream: name, type: types.output[slot] ?? anyType() }));
  const side = (kind: 'sideInput' | 'sideOutput'): NodeSidePacket[] => maps[kind].entries.map(({ name }, slot) => ({ name, type: types[kind][slot] ?? anyType() }));
  return {
    id, name: draft.name, calculator: config.calculator, config, source: draft.source,
    ...(draft.calculatorClass === undefined ? {} : { calculatorClass: draft.calculatorClass }),
    inputMap: maps.input, outputMap: maps.output, sideInputMap: maps.sideInput, sideOutputMap: maps.sideOutput,
    inputs, outputs, sideInputs: side('sideInput'), sideOutputs: side('sideOutput'),
    slots: draft.slots, handler: draft.handler, options: draft.options,
    maxInFlight: Math.max(1, config.max_in_flight),
    timestampOffset: contract?.timestampOffset === undefined ? 0 : contract.timestampOffset,
    processTimestampBounds: contract?.processTimestampBounds === true,
    sourceLayer: config.source_layer,
    // A node without input streams is a source; one without any stream at all only opens and closes.
    isSource: inputs.length === 0 && outputs.length > 0,
  };
}
