/**
 * @module engine/config/pbtxt
 * Parses a `.pbtxt` graph with protobufjs `ext/textformat` into a typed GraphConfig, keeping what the parser drops:
 * the line of every node (so later errors can point at it) and the directive comments.
 */
import textformat from 'protobufjs/ext/textformat.js';
import { GraphConfigError, type SourceLocation } from '../status.js';
import { readDirectives } from './directives.js';
import { graphFromObject, type GraphConfig } from './graph-config.js';
import type { ProtoSchema } from './proto-schema.js';

export interface ParsedGraph {
  readonly file: string;
  readonly config: GraphConfig;
  readonly directives: ReadonlyMap<string, string>;
}

/** Parses graph text; throws a GraphConfigError (INVALID_ARGUMENT) with the line when the parser reports one. */
export function parseGraphText(text: string, schema: ProtoSchema, file = '<graph>'): ParsedGraph {
  let message;
  try {
    message = textformat.fromText(schema.graphConfigType, text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new GraphConfigError(parseErrorDetail(detail), { file, ...lineOfParseError(detail, text) });
  }
  const raw = schema.graphConfigType.toObject(message, { longs: Number, enums: String, arrays: true, defaults: false });
  const lines = nodeLines(text);
  const sources: SourceLocation[] = lines.map((line) => ({ file, line }));
  return { file, config: graphFromObject(raw, sources), directives: readDirectives(text) };
}

/** protobufjs appends ` (line N)`; the location goes in front instead. */
function parseErrorDetail(detail: string): string {
  return `syntax error: ${detail.replace(/ \(line \d+\)$/, '')}`;
}

/**
 * The line of a parse error: the parser's own when it gives one, else the first line that mentions the quoted name
 * in the message (`unknown extension 'mediapipe.Nope.ext'`, `no such type: .mediapipe.Nope`).
 */
function lineOfParseError(detail: string, text: string): { line?: number } {
  const reported = /\(line (\d+)\)$/.exec(detail);
  if (reported?.[1] !== undefined) return { line: Number(reported[1]) };
  const named = /'([^']+)'/.exec(detail)?.[1] ?? /no such type: \.?(\S+)/.exec(detail)?.[1];
  if (named === undefined) return {};
  const lines = text.split('\n');
  const index = lines.findIndex((line) => !line.trimStart().startsWith('#') && line.includes(named));
  return index < 0 ? {} : { line: index + 1 };
}

interface Token {
  readonly text: string;
  readonly line: number;
}

/** Splits text format into punctuation, words and string literals (comments dropped), each with its line. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  for (let i = 0; i < text.length;) {
    const c = text[i] ?? '';
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = line;
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      tokens.push({ text: '""', line: start });
      i = j + 1;
      continue;
    }
    if ('{}<>[]:,;/'.includes(c)) { tokens.push({ text: c, line }); i++; continue; }
    let j = i;
    while (j < text.length && !/[\s{}<>[\]:,;#"'/]/.test(text[j] ?? '')) j++;
    tokens.push({ text: text.slice(i, j), line });
    i = j;
  }
  return tokens;
}

/** The line of each top-level `node` block, in order (both `node { }` and `node: [{ }, { }]` forms). */
export function nodeLines(text: string): number[] {
  const tokens = tokenize(text);
  const lines: number[] = [];
  let depth = 0;
  let listOfNodes = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.text === '{' || token.text === '<') {
      if (depth === 0 && listOfNodes) lines.push(token.line);
      depth++;
    } else if (token.text === '}' || token.text === '>') {
      depth--;
    } else if (depth === 0 && token.text === ']') {
      listOfNodes = false;
    } else if (depth === 0 && token.text === 'node') {
      let next = i + 1;
      if (tokens[next]?.text === ':') next++;
      const opener = tokens[next]?.text;
      if (opener === '{' || opener === '<') lines.push(token.line);
      else if (opener === '[') listOfNodes = true;
    }
  }
  return lines;
}
