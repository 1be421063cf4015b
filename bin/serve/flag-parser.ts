/**
 * @module bin/serve/flag-parser
 * OVMS-style flag parsing (cxxopts with unrecognised options allowed): `--name value` and `--name=value`, booleans
 * without a value, the last occurrence wins, and whatever is not recognised is handed back in order ("unmatched")
 * so a task parser can take it. Values are type-checked as they are met.
 */
import { UsageError } from '../command.js';
import { EXIT_USAGE, argumentNotParsed, optionMissingArgument } from './messages.js';

export type FlagKind = 'string' | 'uint32' | 'float' | 'bool';

export interface FlagSpec {
  readonly kind: FlagKind;
  readonly help: string;
  /** The value's name in the help text (upper case by convention). */
  readonly placeholder?: string;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

export interface ParsedFlags {
  /** Raw values of the recognised flags that were given (booleans as "true"/"false"). */
  readonly values: ReadonlyMap<string, string>;
  /** Every argument not recognised, in order (a value after an unknown flag is unmatched too). */
  readonly unmatched: readonly string[];
}

const UINT32 = /^(?:0[xX][0-9a-fA-F]+|\d+)$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_VALUES = new Set(['true', 'True', 't', 'T', '1']);
const FALSE_VALUES = new Set(['false', 'False', 'f', 'F', '0']);

export function usage(message: string): UsageError {
  return new UsageError(message, EXIT_USAGE);
}

export function parseFlags(argv: readonly string[], table: FlagTable, shortNames: Readonly<Record<string, string>> = {}): ParsedFlags {
  const values = new Map<string, string>();
  const unmatched: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    const name = long?.[1] ?? (arg.startsWith('-') && !arg.startsWith('--') ? shortNames[arg.slice(1)] : undefined);
    const spec = name === undefined ? undefined : table[name];
    if (name === undefined || spec === undefined) {
      unmatched.push(arg);
      continue;
    }
    let value = long?.[2];
    if (value === undefined) {
      if (spec.kind === 'bool') {
        value = 'true';
      } else {
        if (i + 1 >= argv.length) throw usage(optionMissingArgument(name));
        i += 1;
        value = argv[i] as string;
      }
    }
    values.set(name, checked(spec.kind, value));
  }
  return { values, unmatched };
}

function checked(kind: FlagKind, value: string): string {
  switch (kind) {
    case 'string':
      return value;
    case 'uint32':
      if (!UINT32.test(value) || Number(value) > 0xffffffff) throw usage(argumentNotParsed(value));
      return String(Number(value));
    case 'float':
      if (!FLOAT.test(value)) throw usage(argumentNotParsed(value));
      return value;
    case 'bool':
      if (TRUE_VALUES.has(value)) return 'true';
      if (FALSE_VALUES.has(value)) return 'false';
      throw usage(argumentNotParsed(value));
  }
}

/** Typed reads of parsed flags (the values were checked when parsed). */
export class FlagValues {
  constructor(private readonly parsed: ReadonlyMap<string, string>) {}

  has(name: string): boolean {
    return this.parsed.has(name);
  }

  string(name: string): string | undefined {
    return this.parsed.get(name);
  }

  uint32(name: string): number | undefined {
    const value = this.parsed.get(name);
    return value === undefined ? undefined : Number(value);
  }

  float(name: string): number | undefined {
    const value = this.parsed.get(name);
    return value === undefined ? undefined : Math.fround(Number(value));
  }

  bool(name: string): boolean {
    return this.parsed.get(name) === 'true';
  }
}

/** Help lines for a table, cxxopts-like: `  --name VALUE   description`. */
export function helpLines(table: FlagTable): string[] {
  return Object.entries(table).map(([name, spec]) => {
    const left = `  --${name}${spec.placeholder === undefined ? '' : ` ${spec.placeholder}`}`;
    return `${left.padEnd(44)} ${spec.help}`;
  });
}
