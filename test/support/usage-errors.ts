/**
 * @module test/support/usage-errors
 * Runs a command-line step that must fail and returns its UsageError as [exit code, message].
 */
import { UsageError } from '../../bin/command.js';

export function usageErrorOf(step: () => unknown): [number, string] {
  try {
    step();
  } catch (error) {
    if (error instanceof UsageError) return [error.exitCode, error.message];
    throw error;
  }
  throw new Error('expected a UsageError');
}
