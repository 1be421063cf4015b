/**
 * @module engine/graph/validate
 * Validation before any run (ValidatedGraphConfig::Initialize): subgraph expansion, tag maps, handlers, options,
 * calculator contracts, stream and side-packet producers, the topological sort with back edges, packet types and
 * executors. Every problem is collected; each message names the file, line, node and stream.
 */
import { directiveLine, GRAPH_QUEUE_DIRECTIVE, graphQueueSize } from '../config/directives.js';
import { applyGraphDefaults, canonicalNodeNames } from '../config/graph-config.js';
import type { ParsedGraph } from '../config/pbtxt.js';
import { TagMap } from '../config/tag-map.js';
import { GraphConfigErrors, type GraphConfigError } from '../status.js';
import { anyType, typesCompatible, type PacketType } from './packet-type.js';
import type { GraphEnvironment } from './registry.js';
import { expandSubgraphs } from './subgraphs.js';
import { Problems, tagMapOrReport, validateNode, type NodeDraft } from './validate-node.js';
import { VALIDATION } from './validation-messages.js';
import type { NodeInput, NodeOutput, NodeSidePacket, StreamInfo, ValidatedGraph, ValidatedNode } from './validated-graph.js';

export interface ValidateOptions {
  /** Skip calculator lookup and contracts: syntax, loaded options types, tags and wiring only. */
  readonly schemaOnly?: boolean;
}

const RESERVED_EXECUTORS = new Set(['default', 'gpu']);

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
    problems.graph(VALIDATION.generatorsUnsupported,
      problems.line('packet_generator') ?? problems.line('packet_factory'));
  }
  if (!schemaOnly && config.status_handler.length > 0) problems.graph(VALIDATION.statusHandlerUnsupported, problems.line('status_handler'));
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
        problems.node(draft.name, draft.config, VALIDATION.streamProducedTwice(name, by), name);
      } else {
        producers.set(name, draft.index);
      }
    }
    for (const name of draft.maps.sideOutput.names) {
      if (sideProducers.has(name)) {
        problems.node(draft.name, draft.config, VALIDATION.sidePacketProducedTwice(name));
      } else {
        sideProducers.set(name, draft.index);
      }
    }
  }
  for (const draft of drafts) {
    draft.maps.input.entries.forEach(({ name }) => {
      if (!producers.has(name)) problems.node(draft.name, draft.config, VALIDATION.noProducer(name), name);
    });
  }
  config.output_stream.forEach((entry, index) => {
    const name = entry.slice(entry.lastIndexOf(':') + 1);
    if (graphMaps.output_stream !== undefined && !producers.has(name)) {
      problems.graph(VALIDATION.graphOutputNoProducer(name), problems.line('output_stream', index));
    }
  });

  const order = topologicalOrder(drafts, producers, sideProducers, problems);
  const idOf = new Map<number, number>(order.map((draft, id) => [draft.index, id]));

  if (!schemaOnly) checkTypes(drafts, producers, sideProducers, problems);

  // Reported in file order, like a compiler (stable: problems of one line keep their order; no line comes first).
  const byLine = (e: GraphConfigError): number => e.at.line ?? 0;
  if (problems.list.length > 0) throw new GraphConfigErrors([...problems.list].sort((a, b) => byLine(a) - byLine(b)));

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
    if (RESERVED_EXECUTORS.has(name)) problems.graph(VALIDATION.reservedExecutor(name), line);
    if (seen.has(name)) problems.graph(VALIDATION.executorTwice(name), line);
    seen.add(name);
  });
  if (numThreads !== 0 && seen.has('')) {
    problems.graph(VALIDATION.numThreadsAndDefaultExecutor,
      problems.line('num_threads'));
  }
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
    problems.graph(VALIDATION.cycle(stuck.map((draft) => draft.name)), stuck[0]?.source.line);
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
      problems.node(draft.name, draft.config, VALIDATION.typeMismatch(what, name, consumed.key, from.name, produced.key), name);
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
