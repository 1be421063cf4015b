/**
 * @module bin/commands/graph
 * `pictograph graph check|dot|run`: validate graph files (`OK FILE` or `FILE:LINE: message` lines), print a
 * validated graph as Graphviz DOT, or run a graph on JSON input packets (with a Chrome trace per run when
 * PICTOGRAPH_TRACE_DIR is set or the graph enables tracing).
 */
import {
  CalculatorGraph, GraphConfigError, GraphConfigErrors, graphToDot, isGraphError, loadGraphFile,
  Timestamp, type GraphEnvironment, type ValidatedGraph,
} from '../../engine/index.js';
import { UsageError, type Command, type CommandIo } from '../command.js';
import { createGraphEnvironment } from '../graph-environment.js';

const USAGE = [
  'Usage:',
  '  pictograph graph check [--schema-only] FILE...   parse and validate; OK FILE or FILE:LINE: message per problem',
  '  pictograph graph dot [--schema-only] FILE        Graphviz DOT of the validated graph',
  '  pictograph graph run FILE [--input STREAM=JSON]... [--side NAME=JSON]...',
  '                                                   run on JSON packets; prints output packets as JSON lines',
  '',
  '--schema-only skips calculator lookup and contracts (syntax, loaded options types, tags and stream wiring).',
  'PICTOGRAPH_TRACE_DIR=DIR writes a Chrome trace-event file per run into DIR.',
  '',
].join('\n');

interface ParsedArgs {
  readonly files: string[];
  readonly schemaOnly: boolean;
  readonly inputs: [string, string][];
  readonly side: [string, string][];
}

function parseArgs(argv: readonly string[], allowRunFlags: boolean): ParsedArgs {
  const parsed: ParsedArgs = { files: [], schemaOnly: false, inputs: [], side: [] };
  let schemaOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--schema-only' && !allowRunFlags) { schemaOnly = true; continue; }
    if (allowRunFlags && (arg === '--input' || arg === '--side')) {
      const value = argv[++i];
      const eq = value?.indexOf('=') ?? -1;
      if (value === undefined || eq <= 0) throw new UsageError(`${arg} needs NAME=JSON`);
      (arg === '--input' ? parsed.inputs : parsed.side).push([value.slice(0, eq), value.slice(eq + 1)]);
      continue;
    }
    if (arg.startsWith('-')) throw new UsageError(`unknown flag ${arg}\n${USAGE}`);
    parsed.files.push(arg);
  }
  return { ...parsed, schemaOnly };
}

/** The lines a failed load prints: one per problem, each `FILE:LINE: message` on a single line. */
function problemLines(file: string, error: unknown): string[] {
  if (error instanceof GraphConfigErrors) return error.errors.map((e) => e.message.replace(/\n/g, ' '));
  if (error instanceof GraphConfigError) return [error.message.replace(/\n/g, ' ')];
  const message = error instanceof Error ? error.message : String(error);
  return [`${file}: ${message.replace(/\n/g, ' ')}`];
}

function load(file: string, env: GraphEnvironment, schemaOnly: boolean): ValidatedGraph | string[] {
  try {
    return loadGraphFile(file, env, { schemaOnly });
  } catch (error) {
    return problemLines(file, error);
  }
}

function check(args: ParsedArgs, io: CommandIo): number {
  if (args.files.length === 0) throw new UsageError(`graph check needs at least one FILE\n${USAGE}`);
  const env = createGraphEnvironment();
  let failures = 0;
  for (const file of args.files) {
    const result = load(file, env, args.schemaOnly);
    if (Array.isArray(result)) {
      failures++;
      for (const line of result) io.stdout.write(`${line}\n`);
    } else {
      io.stdout.write(`OK ${file}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}

function dot(args: ParsedArgs, io: CommandIo): number {
  const [file, ...extra] = args.files;
  if (file === undefined || extra.length > 0) throw new UsageError(`graph dot needs exactly one FILE\n${USAGE}`);
  const result = load(file, createGraphEnvironment(), args.schemaOnly);
  if (Array.isArray(result)) {
    for (const line of result) io.stderr.write(`${line}\n`);
    return 1;
  }
  io.stdout.write(graphToDot(result));
  return 0;
}

function json(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${what}: "${text}" is not JSON`);
  }
}

async function run(args: ParsedArgs, io: CommandIo): Promise<number> {
  const [file, ...extra] = args.files;
  if (file === undefined || extra.length > 0) throw new UsageError(`graph run needs exactly one FILE\n${USAGE}`);
  const result = load(file, createGraphEnvironment(), false);
  if (Array.isArray(result)) {
    for (const line of result) io.stderr.write(`${line}\n`);
    return 1;
  }
  const graph = new CalculatorGraph(result);
  const streams = result.outputStreams.names.length > 0 ? result.outputStreams.names : [];
  for (const stream of streams) {
    graph.observe(stream, {
      packet: (packet) => io.stdout.write(`${JSON.stringify({ stream, timestamp: Timestamp.toString(packet.timestamp), value: packet.value })}\n`),
    });
  }
  const traceDir = io.env['PICTOGRAPH_TRACE_DIR'];
  const sidePackets = Object.fromEntries(args.side.map(([name, text]) => [name, json(text, `--side ${name}`)]));
  try {
    graph.start({ sidePackets, ...(traceDir === undefined || traceDir === '' ? {} : { traceDir }) });
    const next = new Map<string, number>();
    for (const [stream, text] of args.inputs) {
      const timestamp = next.get(stream) ?? 0;
      next.set(stream, timestamp + 1);
      graph.addPacket(stream, json(text, `--input ${stream}`), timestamp);
    }
    graph.closeAllInputs();
    await graph.waitUntilDone();
  } catch (error) {
    if (!isGraphError(error)) throw error;
    io.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  } finally {
    if (graph.traceFile !== undefined) io.stderr.write(`trace: ${graph.traceFile}\n`);
  }
  return 0;
}

export const graphCommand: Command = {
  name: 'graph',
  summary: 'check, draw (DOT) or run a graph .pbtxt file',
  async run(argv: readonly string[], io: CommandIo): Promise<number> {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'check': return check(parseArgs(rest, false), io);
      case 'dot': return dot(parseArgs(rest, false), io);
      case 'run': return run(parseArgs(rest, true), io);
      case undefined:
      case 'help':
      case '--help':
        io.stdout.write(USAGE);
        return sub === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown sub-command '${sub}'\n${USAGE}`);
    }
  },
};
