/**
 * @module graphs/graph-text
 * Prints a graph described as a typed object in MediaPipe's pbtxt, laid out like OVMS's templates (directive comments,
 * graph streams, then one `node: { ... }` block per node with its options as `node_options: { [type.googleapis.com /
 * pkg.Type]: { ... } }`). Generated graphs are printed from this object, then re-parsed and validated by the engine.
 */

/** A field value in text format; an `{ enum }` prints bare, a message as a nested block. */
export type TextValue = string | number | bigint | boolean | { readonly enum: string } | TextMessage;
/** Fields in print order; a repeated field is the same name several times. */
export type TextMessage = readonly (readonly [field: string, value: TextValue])[];

export interface NodeSpec {
  /** One line above the node (what it does). */
  readonly comment?: string;
  readonly name?: string;
  readonly calculator: string;
  readonly inputStreams?: readonly string[];
  /** `tag_index` of inputs that are back edges. */
  readonly backEdges?: readonly string[];
  /** SyncSetInputStreamHandler sets, as `tag_index` lists. */
  readonly syncSets?: readonly (readonly string[])[];
  readonly inputSidePackets?: readonly string[];
  readonly outputStreams?: readonly string[];
  readonly outputSidePackets?: readonly string[];
  /** One options message: its full type name and fields. */
  readonly nodeOptions?: { readonly type: string; readonly fields: TextMessage };
}

export interface GraphSpec {
  /** Comment lines at the top (without `#`); directives such as `OVMS_GRAPH_QUEUE_MAX_SIZE: AUTO` go here. */
  readonly header: readonly string[];
  readonly inputStreams: readonly string[];
  readonly outputStreams: readonly string[];
  readonly inputSidePackets: readonly string[];
  readonly nodes: readonly NodeSpec[];
}

/** A text-format string literal (C escapes, which protobuf's text parser reads back exactly). */
export function quote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

function isMessage(value: TextValue): value is TextMessage {
  return Array.isArray(value);
}

function printFields(fields: TextMessage, indent: string): string[] {
  const lines: string[] = [];
  for (const [field, value] of fields) {
    if (isMessage(value)) {
      lines.push(`${indent}${field} {`, ...printFields(value, `${indent}  `), `${indent}}`);
    } else if (typeof value === 'object') {
      lines.push(`${indent}${field}: ${value.enum}`);
    } else if (typeof value === 'string') {
      lines.push(`${indent}${field}: ${quote(value)}`);
    } else {
      lines.push(`${indent}${field}: ${String(value)}`);
    }
  }
  return lines;
}

function printNode(node: NodeSpec): string[] {
  const lines: string[] = [];
  if (node.comment !== undefined) lines.push(`# ${node.comment}`);
  lines.push('node: {');
  if (node.name !== undefined) lines.push(`  name: ${quote(node.name)}`);
  lines.push(`  calculator: ${quote(node.calculator)}`);
  for (const stream of node.inputStreams ?? []) lines.push(`  input_stream: ${quote(stream)}`);
  for (const tagIndex of node.backEdges ?? []) lines.push(`  input_stream_info: { tag_index: ${quote(tagIndex)} back_edge: true }`);
  if (node.syncSets !== undefined) {
    lines.push('  input_stream_handler {', '    input_stream_handler: "SyncSetInputStreamHandler"',
      '    options {', '      [mediapipe.SyncSetInputStreamHandlerOptions.ext] {');
    for (const set of node.syncSets) lines.push(`        sync_set { ${set.map((entry) => `tag_index: ${quote(entry)}`).join(' ')} }`);
    lines.push('      }', '    }', '  }');
  }
  for (const packet of node.inputSidePackets ?? []) lines.push(`  input_side_packet: ${quote(packet)}`);
  for (const stream of node.outputStreams ?? []) lines.push(`  output_stream: ${quote(stream)}`);
  for (const packet of node.outputSidePackets ?? []) lines.push(`  output_side_packet: ${quote(packet)}`);
  if (node.nodeOptions !== undefined) {
    lines.push('  node_options: {', `    [type.googleapis.com / ${node.nodeOptions.type}]: {`,
      ...printFields(node.nodeOptions.fields, '      '), '    }', '  }');
  }
  lines.push('}');
  return lines;
}

/** The graph as pbtxt text (ends with a newline). */
export function printGraph(graph: GraphSpec): string {
  const sections: string[][] = [
    graph.header.map((line) => `# ${line}`),
    [
      ...graph.inputStreams.map((stream) => `input_stream: ${quote(stream)}`),
      ...graph.outputStreams.map((stream) => `output_stream: ${quote(stream)}`),
      ...graph.inputSidePackets.map((packet) => `input_side_packet: ${quote(packet)}`),
    ],
    ...graph.nodes.map(printNode),
  ];
  return `${sections.filter((lines) => lines.length > 0).map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
