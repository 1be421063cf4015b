/**
 * @module bin/serve/logger
 * The server's pino logger at `--log_level` (OVMS's levels mapped to pino's), writing JSON lines to stdout or to
 * `--log_path`. Writes are synchronous so that nothing logged before an exit is lost.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './flags.js';

/** OVMS's level names → pino's. */
export const PINO_LEVEL: Readonly<Record<LogLevel, pino.Level>> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'warn',
  ERROR: 'error',
};

export function createServerLogger(level: LogLevel, logPath?: string): Logger {
  const destination = pino.destination({ dest: logPath ?? 1, sync: true, mkdir: logPath !== undefined, append: true });
  return pino({ level: PINO_LEVEL[level], base: { pid: process.pid } }, destination);
}
