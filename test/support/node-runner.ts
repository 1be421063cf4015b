/**
 * @module test/support/node-runner
 * MediaPipe's CalculatorRunner for Pictograph: one node's pbtxt text becomes a real engine graph (graph inputs for
 * its input streams, observers on its outputs), is fed timestamped packets, runs to completion through the
 * production scheduler, and returns what each output stream carried, by stream name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCalculatorRegistry } from '../../calculators/registry.js';
import {
  CalculatorGraph, createEnvironment, loadGraphText, Packet, parseGraphText, type CalculatorClass,
  type GraphEnvironment, type StartOptions, type SubgraphRegistry, type ValidatedGraph,
} from '../../engine/index.js';
import { projectRoot } from './paths.js';

export interface NodeRunOptions {
  /** Packets (or values, stamped 0, 1, 2, ...) per input stream name as written in the node text. */
  readonly inputs?: Readonly<Record<string, readonly unknown[]>>;
  /** Input side packets by name. */
  readonly side?: Readonly<Record<string, unknown>>;
  /** Calculators to register besides the project's (test calculators). */
  readonly calculators?: Readonly<Record<string, CalculatorClass>>;
  readonly subgraphs?: SubgraphRegistry;
  /** Extra start options (signal, tracer, traceDir). */
  readonly start?: Omit<StartOptions, 'sidePackets'>;
  /** Leave the inputs open and only wait until idle (a node that keeps state across requests). */
  readonly keepOpen?: boolean;
}

export interface NodeRun {
  /** Every packet each output stream carried, by stream name. */
  readonly outputs: Readonly<Record<string, Packet[]>>;
  readonly graph: CalculatorGraph;
  readonly validated: ValidatedGraph;
}

const environments = new Map<object, GraphEnvironment>();
const NO_EXTRA = {};

/**
 * The environment a test graph runs in: the project's calculators plus `extra`. Cached per `extra` object (without
 * subgraphs), because loading the .proto files dominates a small test's time.
 */
export function testEnvironment(extra: Readonly<Record<string, CalculatorClass>> = NO_EXTRA, subgraphs?: SubgraphRegistry): GraphEnvironment {
  const cached = subgraphs === undefined ? environments.get(extra) : undefined;
  if (cached !== undefined) return cached;
  const env = buildEnvironment(extra, subgraphs);
  if (subgraphs === undefined) environments.set(extra, env);
  return env;
}

function buildEnvironment(extra: Readonly<Record<string, CalculatorClass>>, subgraphs?: SubgraphRegistry): GraphEnvironment {
  const registry = createCalculatorRegistry();
  for (const [name, calculator] of Object.entries(extra)) registry.register(name, calculator);
  return createEnvironment(registry, subgraphs);
}

function nameOf(entry: string): string {
  return entry.slice(entry.lastIndexOf(':') + 1);
}

export async function runNode(nodeText: string, options: NodeRunOptions = {}): Promise<NodeRun> {
  const env = testEnvironment(options.calculators, options.subgraphs);
  const text = /^\s*node\s*[:{<]/.test(nodeText) ? nodeText : `node {\n${nodeText}\n}`;
  const node = parseGraphText(text, env.schema, '<node>').config.node[0];
  if (node === undefined) throw new Error('runNode: the text has no node');
  const produced = new Set(node.output_stream.map(nameOf));
  const graphInputs = node.input_stream.map(nameOf).filter((name) => !produced.has(name));
  const graphText = `${graphInputs.map((name) => `input_stream: "${name}"`).join('\n')}\n${text}`;
  return runGraph(graphText, { ...options, observe: node.output_stream.map(nameOf) });
}

export interface GraphRunOptions extends NodeRunOptions {
  /** Streams to collect; default: the graph's output_stream list. */
  readonly observe?: readonly string[];
}

/** Runs a whole graph text the same way: feed inputs, close them, wait until done (or idle with keepOpen). */
export async function runGraph(graphText: string, options: GraphRunOptions = {}): Promise<NodeRun> {
  const env = testEnvironment(options.calculators, options.subgraphs);
  const validated = loadGraphText(graphText, env, { file: '<test graph>' });
  const graph = new CalculatorGraph(validated);
  const outputs: Record<string, Packet[]> = {};
  for (const name of options.observe ?? validated.outputStreams.names) {
    const packets: Packet[] = [];
    outputs[name] = packets;
    graph.observe(name, { packet: (packet) => packets.push(packet) });
  }
  graph.start({ ...options.start, sidePackets: options.side ?? {} });
  for (const [stream, values] of Object.entries(options.inputs ?? {})) {
    values.forEach((value, index) => {
      if (value instanceof Packet) graph.addPacket(stream, value);
      else graph.addPacket(stream, value, index);
    });
  }
  if (options.keepOpen === true) {
    await graph.waitUntilIdle();
  } else {
    graph.closeAllInputs();
    await graph.waitUntilDone();
  }
  return { outputs, graph, validated };
}

/**
 * The example `node { ... }` block of a calculator's module header (anchors M3/M5): tests run exactly the node the
 * documentation shows, so the docs cannot rot. `sourceFile` is relative to the project root.
 */
export function headerNode(sourceFile: string): string {
  const source = readFileSync(join(projectRoot, sourceFile), 'utf8');
  const header = /\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
  const lines = header.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
  const start = lines.findIndex((line) => /^\s*node\s*\{/.test(line));
  if (start < 0) throw new Error(`${sourceFile}: the module header has no node { ... } example`);
  const block: string[] = [];
  let depth = 0;
  for (const line of lines.slice(start)) {
    block.push(line);
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth === 0) break;
  }
  return block.join('\n');
}
