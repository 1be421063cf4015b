/**
 * @module bin/command-flags
 * Sub-command flags with node:util parseArgs: strict (unknown flags and positionals refused), `--help`/`-h` for the
 * usage text, and every parse error a UsageError followed by the command's usage.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

/** The flags given, by name: strings for value flags, booleans for switches. */
export class CommandFlags {
  constructor(private readonly values: Readonly<Record<string, string | boolean | undefined>>) {}

  text(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  isSet(name: string): boolean {
    return this.values[name] === true;
  }
}

/** Parses `argv` against `options` (a `help` switch is added); 'help' when it was asked for. */
export function parseCommandFlags(argv: readonly string[], options: FlagOptions, usage: string): CommandFlags | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false,
    }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
  return values.help === true ? 'help' : new CommandFlags(values);
}
