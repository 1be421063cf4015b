/**
 * @module engine/config/directives
 * Directive comments at the top of a graph file (`# OVMS_GRAPH_QUEUE_MAX_SIZE: AUTO`). The protobuf parser drops
 * comments, so OVMS reads them with a regular expression over the raw text; so do we.
 */

/** `# NAME: value` lines anywhere in the file, by NAME (the first occurrence wins). */
export function readDirectives(text: string): ReadonlyMap<string, string> {
  const directives = new Map<string, string>();
  for (const match of text.matchAll(/^[ \t]*#[ \t]*([A-Z][A-Z0-9_]*)[ \t]*:[ \t]*(.*?)[ \t]*$/gm)) {
    const [, name = '', value = ''] = match;
    if (!directives.has(name)) directives.set(name, value);
  }
  return directives;
}

/** The 1-based line of the first `# NAME:` directive, or undefined. */
export function directiveLine(text: string, name: string): number | undefined {
  const index = text.split('\n').findIndex((line) => new RegExp(`^[ \t]*#[ \t]*${name}[ \t]*:`).test(line));
  return index < 0 ? undefined : index + 1;
}

export const GRAPH_QUEUE_DIRECTIVE = 'OVMS_GRAPH_QUEUE_MAX_SIZE';

/** The graph pool size a file asks for: AUTO, a count (0 = no pool), or undefined when the directive is absent. */
export type GraphQueueSize = 'AUTO' | number;

/** Parses `OVMS_GRAPH_QUEUE_MAX_SIZE`; throws a message naming the directive for anything but AUTO or an integer ≥ 0. */
export function graphQueueSize(directives: ReadonlyMap<string, string>): GraphQueueSize | undefined {
  const value = directives.get(GRAPH_QUEUE_DIRECTIVE);
  if (value === undefined) return undefined;
  if (value === 'AUTO') return 'AUTO';
  if (/^[0-9]+$/.test(value)) return Number(value);
  throw new Error(`# ${GRAPH_QUEUE_DIRECTIVE}: "${value}" is invalid; expected AUTO or an integer >= 0`);
}
