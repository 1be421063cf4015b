/**
 * @module bin/command
 * The shape of a `pictograph` sub-command. Only `bin/` reads flags and the environment; commands turn them into one
 * typed config and hand it to the layers below.
 */

/** Where a command reads and writes; tests pass their own. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface Command {
  /** The word after `pictograph` (`info`, `graph`, ...). */
  readonly name: string;
  /** One line for `pictograph help`. */
  readonly summary: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}

/** A flag or argument error: printed without a stack trace, exit code 2 unless the command says otherwise. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = 'UsageError';
  }
}
