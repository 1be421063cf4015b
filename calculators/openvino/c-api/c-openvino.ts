/**
 * @module calculators/openvino/c-api/c-openvino
 * The C-API binding's entry: loads libopenvino_c, binds its functions, reads the version and detects the element
 * numbering of that release; then hands out cores and tensors.
 */
import type { Core, OpenVino } from '../api.js';
import type { ElementType, TensorData } from '../element-type.js';
import type { CContext } from './context.js';
import { CCore } from './core.js';
import { detectNumbering } from './element-numbering.js';
import { loadCLibrary } from './library.js';
import { createHandleFinalizer } from './native-handle.js';
import { check, takeString } from './status.js';
import { bindSymbols, type OvC, type VersionStruct } from './symbols.js';
import { CTensor } from './tensor.js';

function readVersion(c: OvC): string {
  const version: VersionStruct = { buildNumber: null, description: null };
  check(c, c.ov_get_openvino_version(version), 'ov_get_openvino_version');
  // Both strings are new[] copies (what ov_version_free would delete); free each after decoding it.
  takeString(c, version.description);
  return takeString(c, version.buildNumber);
}

export class COpenVino implements OpenVino {
  readonly binding = 'c';
  readonly #ctx: CContext;

  private constructor(ctx: CContext, readonly version: string, readonly libraryPath: string) {
    this.#ctx = ctx;
  }

  /** Loads the library from `libDir`, or from the project's `.venv` when undefined. */
  static load(libDir: string | undefined): COpenVino {
    const { lib, path } = loadCLibrary(libDir);
    const { c, async } = bindSymbols(lib);
    const version = readVersion(c);
    const ctx: CContext = {
      c, async, elements: detectNumbering(c), finalizer: createHandleFinalizer(), viewOwners: new WeakMap(),
    };
    return new COpenVino(ctx, version, path);
  }

  createCore(): Core {
    return new CCore(this.#ctx);
  }

  tensor(type: ElementType, shape: readonly number[], data?: TensorData): CTensor {
    return CTensor.create(this.#ctx, type, shape, data);
  }
}
