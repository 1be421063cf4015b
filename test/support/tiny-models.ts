/**
 * @module test/support/tiny-models
 * The tiny generated models tests run on, made once and cached under the OS temp dir. The cache key holds the
 * architecture, weight format, seed and a hash of the compiled generator code, so a changed generator never serves
 * stale models. Directories are complete for OpenVINO GenAI/OVMS (tokenizer IRs added by prepare_model.py).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Arch, ModelSize } from '../../calculators/model-generator/configs/index.js';
import { MODEL_GENERATOR_VERSION, writeModelDirectory } from '../../calculators/model-generator/model-directory.js';
import type { WeightFormat } from '../../calculators/openvino/ir/index.js';
import { runPythonJson } from './python.js';

export interface TinyModelOptions {
  readonly weights?: WeightFormat;
  readonly seed?: number;
}

/** Where cached models live: one folder per key. */
export const TINY_MODEL_CACHE = join(tmpdir(), 'pictograph-tiny-models');

let generatorHash: string | undefined;

/** sha256 of the compiled generator and IR writer (dist/calculators/{model-generator,openvino/ir}). */
function codeHash(): string {
  if (generatorHash !== undefined) return generatorHash;
  const calculators = fileURLToPath(new URL('../../calculators/', import.meta.url));
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) hash.update(relative(calculators, path)).update(readFileSync(path));
    }
  };
  walk(join(calculators, 'model-generator'));
  walk(join(calculators, 'openvino', 'ir'));
  generatorHash = hash.digest('hex').slice(0, 12);
  return generatorHash;
}

const pending = new Map<string, Promise<string>>();

async function generate(dir: string, arch: Arch, size: ModelSize, weights: WeightFormat, seed: number): Promise<string> {
  if (existsSync(join(dir, 'model_index.json'))) return dir;
  mkdirSync(TINY_MODEL_CACHE, { recursive: true });
  // Build beside the final name and rename: concurrent test runs never see half a model.
  const building = `${dir}.building-${process.pid}-${Date.now()}`;
  try {
    writeModelDirectory({ arch, size, weights, seed, outDir: building });
    await runPythonJson<unknown>('prepare_model.py', [building], undefined);
    try {
      renameSync(building, dir);
    } catch (error) {
      if (!existsSync(join(dir, 'model_index.json'))) throw error;
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

/** The directory of `arch` at `size` (f32, seed 42 by default), generated on first use. */
export function cachedModel(arch: Arch, size: ModelSize, options: TinyModelOptions = {}): Promise<string> {
  const weights = options.weights ?? 'f32';
  const seed = options.seed ?? 42;
  const dir = join(TINY_MODEL_CACHE, `${arch}-${size}-${weights}-seed${seed}-v${MODEL_GENERATOR_VERSION}-${codeHash()}`);
  let promise = pending.get(dir);
  if (promise === undefined) {
    promise = generate(dir, arch, size, weights, seed);
    pending.set(dir, promise);
  }
  return promise;
}

/** The directory of tiny `arch` (f32, seed 42 by default), generated on first use. */
export function tinyModel(arch: Arch, options: TinyModelOptions = {}): Promise<string> {
  return cachedModel(arch, 'tiny', options);
}
