/**
 * @module engine/graph/subgraphs
 * Subgraph expansion before validation (tool/subgraph_expansion.cc): a node whose `calculator` names a registered
 * subgraph is replaced by the subgraph's nodes, every inner name prefixed with `lower(node name)__`, and its
 * boundary streams and side packets connected to the outer node's by TAG and index.
 */
import { canonicalNodeNames, type GraphConfig, type NodeConfig } from '../config/graph-config.js';
import { parseGraphText } from '../config/pbtxt.js';
import { TagMap } from '../config/tag-map.js';
import { GraphConfigError } from '../status.js';
import type { GraphEnvironment } from './registry.js';

/** Nested subgraphs deeper than this are taken for a recursive definition. */
const MAX_DEPTH = 64;

export interface ExpansionResult {
  readonly config: GraphConfig;
  readonly errors: readonly GraphConfigError[];
}

/** `Face Detection` → `face_detection__`: MediaPipe lowercases and replaces '.', ' ' and ':' by '_'. */
export function subgraphPrefix(canonicalName: string): string {
  return `${canonicalName.toLowerCase().replace(/[. :]/g, '_')}__`;
}

/** The name part of a `TAG:index:name` entry, replaced. */
function renameEntry(entry: string, rename: (name: string) => string): string {
  const colon = entry.lastIndexOf(':');
  return entry.slice(0, colon + 1) + rename(entry.slice(colon + 1));
}

function nameOf(entry: string): string {
  return entry.slice(entry.lastIndexOf(':') + 1);
}

/** Fields MediaPipe refuses on a subgraph node (ValidateSubgraphFields). */
function calculatorOnlyFields(node: NodeConfig): boolean {
  return node.source_layer !== 0 || node.buffer_size_hint !== 0 || node.output_stream_handler !== undefined ||
    node.input_stream_info.length > 0 || node.executor !== '';
}

type BoundaryField = 'input_stream' | 'output_stream' | 'input_side_packet' | 'output_side_packet';
const BOUNDARY: readonly BoundaryField[] = ['input_stream', 'output_stream', 'input_side_packet', 'output_side_packet'];
const INPUT_FIELDS: ReadonlySet<BoundaryField> = new Set(['input_stream', 'input_side_packet']);

export function expandSubgraphs(config: GraphConfig, env: GraphEnvironment, file: string): ExpansionResult {
  const errors: GraphConfigError[] = [];
  let current = config;
  for (let depth = 0; ; depth++) {
    const isSubgraph = (node: NodeConfig): boolean => env.subgraphs.has(node.calculator);
    if (!current.node.some(isSubgraph)) return { config: current, errors };
    if (depth === MAX_DEPTH) {
      errors.push(new GraphConfigError(`subgraphs nested more than ${MAX_DEPTH} deep (a subgraph that contains itself?)`, { file }));
      return { config: { ...current, node: current.node.filter((node) => !isSubgraph(node)) }, errors };
    }
    const names = canonicalNodeNames(current.node);
    const kept: NodeConfig[] = [];
    const expanded: NodeConfig[] = [];
    current.node.forEach((node, index) => {
      if (!isSubgraph(node)) {
        kept.push(node);
        return;
      }
      const name = names[index] ?? node.calculator;
      const location = { file: node.source?.file ?? file, ...(node.source?.line === undefined ? {} : { line: node.source.line }), node: name };
      const fail = (detail: string): void => { errors.push(new GraphConfigError(`node "${name}" (${node.calculator}): ${detail}`, location)); };
      if (calculatorOnlyFields(node)) {
        fail(`Subgraph "${name}" has a field that is only applicable to calculators.`);
        return;
      }
      const before = errors.length;
      try {
        const nodes = expandOne(node, name, env, file, fail);
        // A subgraph that failed to connect is left out rather than reported again as dangling inner streams.
        if (errors.length === before) expanded.push(...nodes);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
    });
    current = { ...current, node: [...kept, ...expanded] };
  }
}

function subgraphConfig(node: NodeConfig, env: GraphEnvironment): GraphConfig {
  const definition = env.subgraphs.get(node.calculator);
  if (definition === undefined) throw new Error(`subgraph "${node.calculator}" is not registered`);
  if (definition.kind === 'factory') return definition.factory(node);
  return parseGraphText(definition.text, env.schema, definition.file).config;
}

function expandOne(node: NodeConfig, name: string, env: GraphEnvironment, file: string,
  fail: (detail: string) => void): NodeConfig[] {
  const sub = subgraphConfig(node, env);
  const prefix = subgraphPrefix(name);
  const innerNames = canonicalNodeNames(sub.node);
  // Every inner name is prefixed, then boundary names are mapped to the outer node's names.
  const rename = new Map<string, string>();
  const unconnected = new Set<string>();
  for (const field of BOUNDARY) {
    let outer: TagMap;
    let inner: TagMap;
    try {
      outer = TagMap.create(node[field]);
      inner = TagMap.create(sub[field]);
    } catch (error) {
      fail(`${field}: ${(error as Error).message}`);
      continue;
    }
    for (const { tag, index, name: outerName } of outer.entries) {
      const count = inner.count(tag);
      if (count === 0) fail(`Tag "${tag}" does not exist in the subgraph config.`);
      else if (index >= count) fail(`Tag "${tag}" has ${outer.count(tag)} indexes in the subgraph node but has only ${count} indexes in the subgraph config.`);
      else rename.set(prefix + (inner.name(tag, index) ?? ''), outerName);
    }
    if (INPUT_FIELDS.has(field)) {
      for (const { tag, index, name: innerName } of inner.entries) {
        if (!outer.has(tag, index)) unconnected.add(prefix + innerName);
      }
    }
  }
  const mapName = (innerName: string): string => {
    const prefixed = prefix + innerName;
    return rename.get(prefixed) ?? prefixed;
  };
  const keepInput = (entry: string): boolean => !unconnected.has(prefix + nameOf(entry));
  return sub.node.map((inner, index): NodeConfig => ({
    ...inner,
    name: `${prefix}${innerNames[index] ?? inner.calculator}`,
    input_stream: inner.input_stream.filter(keepInput).map((entry) => renameEntry(entry, mapName)),
    output_stream: inner.output_stream.map((entry) => renameEntry(entry, mapName)),
    input_side_packet: inner.input_side_packet.filter(keepInput).map((entry) => renameEntry(entry, mapName)),
    output_side_packet: inner.output_side_packet.map((entry) => renameEntry(entry, mapName)),
    source: node.source ?? { file },
  }));
}
