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

/** A source position in a graph file, for errors found before a run. */
export interface SourceLocation {
  readonly file: string;
  /** 1-based; undefined when the parser could not tell. */
  readonly line?: number;
}

/** Formats `file:line: ` (or `file: ` without a line) for the start of a config error. */
export function formatLocation(location: SourceLocation): string {
  return location.line === undefined ? `${location.file}: ` : `${location.file}:${location.line}: `;
}

/**
 * One problem found while parsing or validating a graph, located at a file and line. `detail` is the message
 * without the location; `message` is what `pictograph graph check` prints: `file:line: detail`.
 */
export class GraphConfigError extends GraphError {
  constructor(
    readonly detail: string,
    at: ErrorLocation & { readonly file: string },
    code: StatusCode = 'INVALID_ARGUMENT',
  ) {
    super(code, `${formatLocation(at)}${detail}`, at);
    this.name = 'GraphConfigError';
  }
}

/** Every problem of one graph file (validation collects them all before throwing). */
export class GraphConfigErrors extends GraphError {
  constructor(readonly errors: readonly GraphConfigError[]) {
    super(combinedCode(errors), errors.map((error) => error.message).join('\n'), errors[0]?.at ?? {});
    this.name = 'GraphConfigErrors';
  }
}

/**
 * The end of a failed run: every error recorded while it ran, in order. As MediaPipe's CombinedStatus, the code is
 * the one all errors share, or UNKNOWN when they differ, and the message is MediaPipe's byte for byte (OVMS shows
 * it after `MP status - CODE: `): `CalculatorGraph::Run() failed: \n` then one line per error.
 */
export class GraphRunError extends GraphError {
  constructor(readonly errors: readonly GraphError[]) {
    super(combinedCode(errors), `CalculatorGraph::Run() failed: \n${errors.map((error) => error.message).join('\n')}`,
      errors[0]?.at ?? {}, { cause: errors[0] });
    this.name = 'GraphRunError';
  }
}

/** MediaPipe's CombinedStatus rule: the shared code, or UNKNOWN when the codes differ. */
export function combinedCode(errors: readonly GraphError[]): StatusCode {
  const first = errors[0]?.code ?? 'UNKNOWN';
  return errors.every((error) => error.code === first) ? first : 'UNKNOWN';
}

/** Any thrown value as a GraphError: GraphErrors pass through, anything else is INTERNAL (a bug, not bad input). */
export function toGraphError(error: unknown, at: ErrorLocation = {}): GraphError {
  if (error instanceof GraphError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new GraphError('INTERNAL', message, at, { cause: error });
}
