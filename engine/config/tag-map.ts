/**
 * @module engine/config/tag-map
 * MediaPipe's `TAG:index:name` grammar and TagMap (tool/validate_name.cc, tool/tag_map.cc): how a node's port list
 * becomes (tag, index) → stream name, with auto-indexing of untagged entries, gap detection and collection ids.
 */

/** One parsed port entry: `VIDEO:2:frames` is { tag: 'VIDEO', index: 2, name: 'frames' }. */
export interface TagIndexName {
  readonly tag: string;
  readonly index: number;
  readonly name: string;
}

/** A (tag, index) pair without a name, as written in `input_stream_info.tag_index` and sync sets. */
export interface TagIndex {
  readonly tag: string;
  readonly index: number;
}

const NAME = /^[a-z_][a-z0-9_]*$/;
const TAG = /^[A-Z_][A-Z0-9_]*$/;
const INDEX = /^(0|[1-9][0-9]*)$/;
/** MediaPipe caps indexes so that a typo cannot allocate a huge collection. */
export const MAX_INDEX = 10000;

export const TAG_INDEX_NAME_PATTERN = '([A-Z_][A-Z0-9_]*:((0|[1-9][0-9]*):)?)?[a-z_][a-z0-9_]*';
export const TAG_INDEX_PATTERN = '([A-Z_][A-Z0-9_]*)?(:(0|[1-9][0-9]*))?';

/** Thrown for a malformed entry or map; the message is MediaPipe's (reworded where noted). */
export class TagMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TagMapError';
  }
}

function invalidEntry(entry: string): TagMapError {
  return new TagMapError(`TAG:index:name is invalid, "${entry}" does not match "${TAG_INDEX_NAME_PATTERN}" ` +
    '(examples: "TAG:name" "VIDEO:2:name_b", "longer_name").');
}

function parseIndex(text: string): number | undefined {
  if (!INDEX.test(text)) return undefined;
  const index = Number(text);
  return index <= MAX_INDEX ? index : undefined;
}

/**
 * Parses one `TAG:index:name` entry. An untagged entry gets index -1 here: TagMap numbers untagged entries in the
 * order they appear (MediaPipe's auto-indexing); `TAG:name` means index 0.
 */
export function parseTagIndexName(entry: string): TagIndexName {
  const parts = entry.split(':');
  const [first = '', second = '', third = ''] = parts;
  if (parts.length === 1 && NAME.test(first)) return { tag: '', index: -1, name: first };
  if (parts.length === 2 && TAG.test(first) && NAME.test(second)) return { tag: first, index: 0, name: second };
  if (parts.length === 3 && TAG.test(first) && NAME.test(third)) {
    const index = parseIndex(second);
    if (index !== undefined) return { tag: first, index, name: third };
  }
  throw invalidEntry(entry);
}

/** Parses `TAG`, `TAG:2`, `:3` or `` (tag "" index 0), the grammar of `input_stream_info` and sync sets. */
export function parseTagIndex(text: string): TagIndex {
  const parts = text.split(':');
  const [tag = '', indexText] = parts;
  const index = indexText === undefined ? 0 : parseIndex(indexText);
  if (parts.length > 2 || (tag !== '' && !TAG.test(tag)) || index === undefined) {
    throw new TagMapError(`TAG:index "${text}" is invalid, it does not match "${TAG_INDEX_PATTERN}" ` +
      '(examples: "TAG" "VIDEO:2" ":3").');
  }
  return { tag, index };
}

/** `TAG:index` as MediaPipe prints it in messages (`"" index 0` for an untagged first entry). */
export function formatTagIndex({ tag, index }: TagIndex): string {
  return `tag "${tag}" index ${index}`;
}

/**
 * The ports of one list (a node's input streams, a graph's output side packets, ...). Tags are sorted with "" first,
 * each tag owns a contiguous range of collection ids, as in MediaPipe, so `entries[id]` is the calculator-visible
 * order.
 */
export class TagMap {
  private readonly byTag: ReadonlyMap<string, readonly string[]>;
  private readonly firstId: ReadonlyMap<string, number>;
  /** Entries in collection-id order. */
  readonly entries: readonly TagIndexName[];

  private constructor(byTag: Map<string, string[]>) {
    const tags = [...byTag.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const entries: TagIndexName[] = [];
    const firstId = new Map<string, number>();
    for (const tag of tags) {
      firstId.set(tag, entries.length);
      (byTag.get(tag) ?? []).forEach((name, index) => entries.push({ tag, index, name }));
    }
    this.byTag = byTag;
    this.firstId = firstId;
    this.entries = entries;
  }

  /** Builds the map or throws every problem found, one per line. */
  static create(list: readonly string[]): TagMap {
    const problems: string[] = [];
    const byTag = new Map<string, (string | undefined)[]>();
    let untagged = 0;
    for (const entry of list) {
      let parsed: TagIndexName;
      try {
        parsed = parseTagIndexName(entry);
      } catch (error) {
        problems.push((error as Error).message);
        continue;
      }
      const index = parsed.tag === '' ? untagged++ : parsed.index;
      const names = byTag.get(parsed.tag) ?? [];
      byTag.set(parsed.tag, names);
      const previous = names[index];
      if (previous !== undefined) {
        problems.push(`tag "${parsed.tag}" index ${index} already had a name "${previous}" but is being reassigned ` +
          `a name "${parsed.name}"`);
        continue;
      }
      names[index] = parsed.name;
    }
    for (const [tag, names] of byTag) {
      // Array.from, not every(): holes in a sparse array are what we are looking for.
      if (Array.from(names).every((name) => name !== undefined)) continue;
      const listing = Array.from(names, (name, index) => `index ${index} name ${name === undefined ? '<missing>' : `"${name}"`}`);
      problems.push(`Not all indexes were assigned names. Tag "${tag}" has the following: ${listing.join(', ')}`);
    }
    if (problems.length > 0) throw new TagMapError(problems.join('\n'));
    return new TagMap(byTag as Map<string, string[]>);
  }

  /** Tags in collection order ("" first). */
  get tags(): readonly string[] {
    return [...this.firstId.keys()];
  }

  /** How many indexes a tag has (0 for an absent tag). */
  count(tag: string): number {
    return this.byTag.get(tag)?.length ?? 0;
  }

  has(tag: string, index = 0): boolean {
    return index < this.count(tag);
  }

  /** The name at (tag, index), or undefined. */
  name(tag: string, index = 0): string | undefined {
    return this.byTag.get(tag)?.[index];
  }

  /** The collection id of (tag, index), or undefined. */
  id(tag: string, index = 0): number | undefined {
    const first = this.firstId.get(tag);
    return first === undefined || index >= this.count(tag) ? undefined : first + index;
  }

  /** All names, in collection-id order. */
  get names(): readonly string[] {
    return this.entries.map((entry) => entry.name);
  }

  /**
   * MediaPipe's canonical entry text: `name` untagged, `TAG:name` for a tag with one index, `TAG:i:name` otherwise.
   */
  canonicalEntries(): string[] {
    return this.entries.map(({ tag, index, name }) =>
      tag === '' ? name : this.count(tag) === 1 ? `${tag}:${name}` : `${tag}:${index}:${name}`);
  }
}
