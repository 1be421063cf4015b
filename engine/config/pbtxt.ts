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
  /** The source text as read. */
  readonly text: string;
  readonly config: GraphConfig;
  readonly directives: ReadonlyMap<string, string>;
  /** Lines of the top-level fields, for errors about graph-level settings. */
  readonly fieldLines: ReadonlyMap<string, readonly number[]>;
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
  const lines = fieldLines(text);
  const sources: SourceLocation[] = (lines.get('node') ?? []).map((line) => ({ file, line }));
  return { file, text, config: graphFromObject(raw, sources), directives: readDirectives(text), fieldLines: lines };
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

/**
 * The lines of every top-level field occurrence, by field name, in order (`node`, `input_stream`, `executor`, ...;
 * each element of the list syntax `node: [{ }, { }]` counts as one occurrence).
 */
export function fieldLines(text: string): ReadonlyMap<string, readonly number[]> {
  const tokens = tokenize(text);
  const lines = new Map<string, number[]>();
  const record = (field: string, line: number): void => {
    const list = lines.get(field) ?? [];
    list.push(line);
    lines.set(field, list);
  };
  /** Skips a message starting at tokens[i] (an opener); returns the index after its closer. */
  const skipMessage = (i: number): number => {
    let depth = 0;
    for (; i < tokens.length; i++) {
      const t = tokens[i]?.text;
      if (t === '{' || t === '<') depth++;
      else if ((t === '}' || t === '>') && --depth === 0) return i + 1;
    }
    return i;
  };
  /** Skips one scalar value (a negative number, or adjacent string literals that concatenate). */
  const skipScalar = (i: number): number => {
    if (tokens[i]?.text === '-') i++;
    const first = tokens[i]?.text;
    i++;
    while (first === '""' && tokens[i]?.text === '""') i++;
    return i;
  };
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as Token;
    if (token.text === ',' || token.text === ';') { i++; continue; }
    i++;
    if (tokens[i]?.text === ':') i++;
    const value = tokens[i]?.text;
    if (value === '{' || value === '<') {
      record(token.text, token.line);
      i = skipMessage(i);
    } else if (value === '[') {
      i++;
      while (i < tokens.length && tokens[i]?.text !== ']') {
        const element = tokens[i] as Token;
        if (element.text === ',') { i++; continue; }
        record(token.text, element.line);
        i = element.text === '{' || element.text === '<' ? skipMessage(i) : skipScalar(i);
      }
      i++;
    } else {
      record(token.text, token.line);
      i = skipScalar(i);
    }
  }
  return lines;
}

/** The line of each top-level `node` block, in order. */
export function nodeLines(text: string): readonly number[] {
  return fieldLines(text).get('node') ?? [];
}
