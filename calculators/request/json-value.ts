/**
 * @module calculators/request/json-value
 * JSON values whose numbers keep their lexeme, and the parser that reads request bodies into them the way OVMS's
 * rapidjson does: a nesting-depth limit, the first error in document order decides, the first duplicate key wins.
 */
import { parse } from 'lossless-json';

/** A JSON number as written: `7`, `7.0` and `18446744073709551615` stay distinguishable and exact. */
export class JsonNumber {
  constructor(readonly lexeme: string) {}

  /** Written without fraction or exponent (rapidjson then stores it as an integer if it fits 64 bits). */
  get isIntegerLiteral(): boolean {
    return /^-?\d+$/.test(this.lexeme);
  }

  /** The nearest double, as rapidjson's GetDouble() gives it. */
  toNumber(): number {
    return Number(this.lexeme);
  }
}

export type JsonValue = null | boolean | string | JsonNumber | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

/** A parsed document; `memberNames` lists a top-level object's keys in document order (duplicates included). */
export interface ParsedJson {
  readonly value: JsonValue;
  readonly memberNames: readonly string[];
}

/** Why a text is not accepted: not JSON at all, or nested deeper than allowed. */
export type JsonParseFailure = 'invalid' | 'too-deep';

export class JsonParseError extends Error {
  constructor(readonly reason: JsonParseFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JsonParseError';
  }
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

/**
 * A JSON string literal as rapidjson's Writer writes it: `"` and `\` escaped, control characters as \b \t \n \f \r
 * or \u00XX (upper-case hex), everything else (`/`, non-ASCII) verbatim.
 */
export function jsonStringLiteral(text: string): string {
  return `"${text.replace(/["\\\u0000-\u001f]/g, (ch) =>
    SHORT_ESCAPES[ch] ?? `\\u00${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}"`;
}

/** Compact JSON text of a value as rapidjson's Writer writes a parsed document (numbers as they were written). */
export function writeJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return jsonStringLiteral(value);
  if (value instanceof JsonNumber) return value.lexeme;
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  const members = Object.entries(value as JsonObject).map(([key, member]) => `${jsonStringLiteral(key)}:${writeJson(member)}`);
  return `{${members.join(',')}}`;
}

/** The nesting limit OVMS applies to request bodies (DEFAULT_MAX_JSON_NESTING_DEPTH). */
export const DEFAULT_MAX_JSON_DEPTH = 100;

/**
 * Parses `text` like OVMS's parseJsonWithDepthLimit: rapidjson stops at the first NUL (it reads a C string), reports
 * the first problem in document order (a syntax error, or the container that exceeds `maxDepth`), rejects numbers
 * beyond the double range and unpaired surrogate escapes, and FindMember() sees the first of duplicate keys.
 */
export function parseJson(text: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): ParsedJson {
  const nul = text.indexOf('\0');
  const source = nul < 0 ? text : text.slice(0, nul);
  const scan = scanStructure(source, maxDepth);
  if (scan.stop?.reason === 'invalid') {
    throw new JsonParseError('invalid', `unpaired surrogate escape at position ${scan.stop.at}`);
  }
  if (scan.stop?.reason === 'too-deep') {
    // rapidjson reports the depth only if everything before that bracket is valid JSON so far. A stand-in value
    // makes the prefix parse up to its very end exactly when it is.
    const probe = source.slice(0, scan.stop.at) + 'null';
    const failure = losslessFailure(probe);
    if (failure !== undefined && failure.position < probe.length) {
      throw new JsonParseError('invalid', failure.error.message, { cause: failure.error });
    }
    throw new JsonParseError('too-deep', `JSON nested deeper than ${maxDepth} at position ${scan.stop.at}`);
  }
  try {
    const value = parseLossless(source);
    return { value, memberNames: isJsonObject(value) ? scan.topLevelKeys.map((raw) => JSON.parse(raw) as string) : [] };
  } catch (error) {
    throw new JsonParseError('invalid', error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function parseLossless(text: string): JsonValue {
  return parse(text, undefined, { parseNumber: toJsonNumber, onDuplicateKey: keepFirst }) as JsonValue;
}

function toJsonNumber(lexeme: string): JsonNumber {
  // rapidjson: "Number too big to be stored in double".
  if (!Number.isFinite(Number(lexeme))) throw new SyntaxError(`number out of range '${lexeme}'`);
  return new JsonNumber(lexeme);
}

function keepFirst(duplicate: { oldValue: unknown }): unknown {
  return duplicate.oldValue;
}

/** Where lossless-json gives up on `text` (its messages end in "at position N"; -1 when they do not say). */
function losslessFailure(text: string): { error: Error; position: number } | undefined {
  try {
    parseLossless(text);
    return undefined;
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    const match = /at position (\d+)/.exec(error.message);
    return { error, position: match?.[1] === undefined ? -1 : Number(match[1]) };
  }
}

interface StructureScan {
  readonly stop?: { readonly at: number; readonly reason: JsonParseFailure };
  /** Raw (still escaped, quoted) top-level keys in order; meaningful only when the whole text is valid JSON. */
  readonly topLevelKeys: readonly string[];
}

const OPENERS = new Set(['{', '[']);

/**
 * One pass over the text that tracks strings and brackets only: it finds the first container deeper than
 * `maxDepth`, the first unpaired surrogate escape (rapidjson's kParseErrorStringUnicodeSurrogateInvalid), and the
 * top-level keys in document order. Grammar errors are left to lossless-json.
 */
function scanStructure(text: string, maxDepth: number): StructureScan {
  const topLevelKeys: string[] = [];
  const containers: string[] = [];
  let expectKey = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      const start = i;
      i += 1;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') {
          const escape = surrogateEscapeProblem(text, i);
          if (escape === 'unpaired') return { stop: { at: i, reason: 'invalid' }, topLevelKeys };
          i += escape === 'pair' ? 12 : 2;
        } else {
          i += 1;
        }
      }
      if (expectKey && containers.length === 1) topLevelKeys.push(text.slice(start, i + 1));
      expectKey = false;
      i += 1;
      continue;
    }
    if (OPENERS.has(ch)) {
      containers.push(ch);
      if (containers.length > maxDepth) return { stop: { at: i, reason: 'too-deep' }, topLevelKeys };
      expectKey = ch === '{' && containers.length === 1;
    } else if (ch === '}' || ch === ']') {
      containers.pop();
    } else if (ch === ',') {
      expectKey = containers.length === 1 && containers[0] === '{';
    }
    i += 1;
  }
  return { topLevelKeys };
}

/** At a backslash: is this `\uXXXX` a valid surrogate pair, an unpaired surrogate, or something else? */
function surrogateEscapeProblem(text: string, at: number): 'pair' | 'unpaired' | 'none' {
  const unit = hexEscape(text, at);
  if (unit === undefined || unit < 0xd800 || unit > 0xdfff) return 'none';
  if (unit >= 0xdc00) return 'unpaired';
  const low = hexEscape(text, at + 6);
  return low !== undefined && low >= 0xdc00 && low <= 0xdfff ? 'pair' : 'unpaired';
}

function hexEscape(text: string, at: number): number | undefined {
  if (text[at] !== '\\' || text[at + 1] !== 'u') return undefined;
  const hex = text.slice(at + 2, at + 6);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : undefined;
}
