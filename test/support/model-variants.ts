/**
 * @module test/support/model-variants
 * A model directory with some JSON files edited, without copying the weights: every entry of the base directory is
 * symlinked except the edited files, which are rewritten with the given keys. Made once per (base, edits) under the
 * tiny-model cache, so GenAI and Pictograph read the very same files.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TINY_MODEL_CACHE } from './tiny-models.js';

/** Keys to set in a JSON file (undefined removes the key), by path relative to the model directory. */
export type JsonEdits = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Links `from`'s entries into `to`, descending into the folders that hold edited files. */
function linkTree(from: string, to: string, edited: readonly string[]): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const inside = edited.filter((path) => path === entry || path.startsWith(`${entry}/`));
    if (inside.length === 0) symlinkSync(join(from, entry), join(to, entry));
    else if (!inside.includes(entry)) linkTree(join(from, entry), join(to, entry), inside.map((path) => path.slice(entry.length + 1)));
  }
}

/**
 * A variant of `base` made once under the cache: everything linked except the `replaced` paths, which `write` fills
 * into the folder being built (or leaves out).
 */
function variant(base: string, label: string, recipe: unknown, replaced: readonly string[], write: (building: string) => void): string {
  const key = createHash('sha256').update(base).update(JSON.stringify(recipe)).digest('hex').slice(0, 12);
  const dir = join(TINY_MODEL_CACHE, `${basename(base)}-${label}-${key}`);
  if (existsSync(join(dir, 'model_index.json'))) return dir;
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  linkTree(base, building, replaced);
  write(building);
  try {
    renameSync(building, dir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(join(dir, 'model_index.json'))) throw error;
  }
  return dir;
}

/** `base` with the JSON files in `edits` updated. */
export function withJsonEdits(base: string, edits: JsonEdits): string {
  return variant(base, 'edited', edits, Object.keys(edits), (building) => {
    for (const [file, fields] of Object.entries(edits)) {
      const json = JSON.parse(readFileSync(join(base, file), 'utf8')) as Record<string, unknown>;
      for (const [field, value] of Object.entries(fields)) {
        if (value === undefined) delete json[field];
        else json[field] = value;
      }
      mkdirSync(dirname(join(building, file)), { recursive: true });
      writeFileSync(join(building, file), `${JSON.stringify(json, null, 2)}\n`);
    }
  });
}

/** `base` without one of its component folders (e.g. `vae_encoder`). */
export function withoutComponent(base: string, folder: string): string {
  return variant(base, `without-${folder}`, { without: folder }, [folder], () => {});
}

/** `base` with scheduler/scheduler_config.json updated by `edits`. */
export function withSchedulerConfig(base: string, edits: Readonly<Record<string, unknown>>): string {
  return withJsonEdits(base, { 'scheduler/scheduler_config.json': edits });
}
