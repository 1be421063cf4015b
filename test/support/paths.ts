/**
 * @module test/support/paths
 * Where things are, for tests running from dist/test: the project root and the shared reference data.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist')) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The checkout's root (the folder with package.json). */
export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
/** `../shared/data` beside the checkout: the OVMS demo images. */
export const sharedDataDir = resolve(projectRoot, '..', 'shared', 'data');
/** The launcher a user runs. */
export const cliPath = join(projectRoot, 'bin', 'pictograph.js');
/** The project venv's Python (reference harness, SDK clients). */
export const venvPython = join(projectRoot, '.venv', 'bin', 'python');
