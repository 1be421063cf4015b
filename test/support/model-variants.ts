/**
 * @module test/support/model-variants
 * A model directory with another scheduler config, without copying the weights: every entry of the base directory is
 * symlinked except scheduler/, whose scheduler_config.json gets the given keys. Made once per (base, edits) under the
 * tiny-model cache, so GenAI and Pictograph read the very same files.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TINY_MODEL_CACHE } from './tiny-models.js';

/** `base` with scheduler/scheduler_config.json updated by `edits` (a key set to undefined is removed). */
export function withSchedulerConfig(base: string, edits: Readonly<Record<string, unknown>>): string {
  const key = createHash('sha256').update(base).update(JSON.stringify(edits)).digest('hex').slice(0, 12);
  const dir = join(TINY_MODEL_CACHE, `${basename(base)}-scheduler-${key}`);
  if (existsSync(join(dir, 'model_index.json'))) return dir;
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(join(building, 'scheduler'), { recursive: true });
  for (const entry of readdirSync(base)) {
    if (entry !== 'scheduler') symlinkSync(join(base, entry), join(building, entry));
  }
  const config = JSON.parse(readFileSync(join(base, 'scheduler', 'scheduler_config.json'), 'utf8')) as Record<string, unknown>;
  for (const [field, value] of Object.entries(edits)) {
    if (value === undefined) delete config[field];
    else config[field] = value;
  }
  writeFileSync(join(building, 'scheduler', 'scheduler_config.json'), `${JSON.stringify(config, null, 2)}\n`);
  try {
    renameSync(building, dir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(join(dir, 'model_index.json'))) throw error;
  }
  return dir;
}
