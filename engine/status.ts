/**
 * @module engine/status
 * Status codes (absl's names, as MediaPipe reports them) and the typed error every layer throws. The engine knows
 * nothing about HTTP: `http/` owns the one table that maps a StatusCode to an HTTP status.
 */

export const STATUS_CODES = [
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

export type StatusCode = (typeof STATUS_CODES)[number];

/** Where in a graph an error happened, when known. */
export interface ErrorLocation {
  readonly node?: string;
  readonly stream?: string;
  readonly file?: string;
  readonly line?: number;
}

/** An error with a status code. `message` is the text a user sees (OVMS's exact text where we mirror OVMS). */
export class GraphError extends Error {
  constructor(
    readonly code: StatusCode,
    message: string,
    readonly at: ErrorLocation = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GraphError';
  }
}

export function isGraphError(error: unknown): error is GraphError {
  return error instanceof GraphError;
}
