/**
 * @module calculators/openvino/c-api/library
 * Finds `libopenvino_c` (the pinned wheel in the project's `.venv`, or the folder the caller names) and loads it with
 * koffi. Loaded by absolute path: the wheel's RUNPATH `$ORIGIN` brings in libopenvino, TBB and the plugins.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi, { type LibraryHandle } from 'koffi';
import { OpenVinoNotFoundError } from '../errors.js';

export const NOT_FOUND_MESSAGE = 'OpenVINO runtime not found: no libopenvino_c library could be loaded';

/** The file names libopenvino_c has in a wheel's `openvino/libs/` (reference openvino-c-api.md §1.1). */
function isCLibraryName(file: string): boolean {
  switch (process.platform) {
    case 'win32': return file === 'openvino_c.dll';
    case 'darwin': return /^libopenvino_c(\.\d+)?\.dylib$/.test(file);
    default: return /^libopenvino_c\.so(\.\d+)*$/.test(file);
  }
}

/** The project root: the nearest folder above this module (in dist/ or not) with a package.json. */
function projectRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The folders to search, in order: `libDir` alone when given, else every `.venv/lib/python*` wheel. */
export function candidateDirs(libDir: string | undefined): string[] {
  if (libDir !== undefined) return [libDir];
  const root = projectRoot();
  if (root === undefined) return [];
  const venvLib = join(root, '.venv', 'lib');
  const pythons = listDir(venvLib).filter((name) => name.startsWith('python')).sort();
  if (pythons.length === 0) return [join(venvLib, 'python*', 'site-packages', 'openvino', 'libs')];
  return pythons.map((python) => join(venvLib, python, 'site-packages', 'openvino', 'libs'));
}

export interface LoadedLibrary {
  readonly lib: LibraryHandle;
  readonly path: string;
}

/** Loads the first libopenvino_c found; throws OpenVinoNotFoundError naming each folder and file tried. */
export function loadCLibrary(libDir: string | undefined): LoadedLibrary {
  const searched: string[] = [];
  for (const dir of candidateDirs(libDir)) {
    const files = listDir(dir).filter(isCLibraryName).sort();
    if (files.length === 0) {
      searched.push(`${dir} (no libopenvino_c)`);
      continue;
    }
    for (const file of files) {
      const path = join(dir, file);
      try {
        return { lib: koffi.load(path), path };
      } catch (error) {
        searched.push(`${path} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }
  const hint = libDir === undefined
    ? 'Run `npm run setup` to install the pinned openvino wheel into .venv, or set OPENVINO_LIB_DIR.'
    : 'OPENVINO_LIB_DIR must name the folder holding libopenvino_c (e.g. .../site-packages/openvino/libs).';
  throw new OpenVinoNotFoundError(`${NOT_FOUND_MESSAGE}. ${hint}`, searched.length > 0 ? searched : ['(nowhere)']);
}
