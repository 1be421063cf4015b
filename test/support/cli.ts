/**
 * @module test/support/cli
 * Runs the real `pictograph` launcher in a child process, the way a user does, and collects its output.
 */
import { cliPath, projectRoot } from './paths.js';
import { type ProcessResult, runProcess } from './process.js';

export type CliResult = ProcessResult;

export interface CliOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Killed with SIGKILL after this long; the result then has signal set. */
  readonly timeoutMs?: number;
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return runProcess(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: options.env ?? process.env,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}
