/**
 * @module calculators/openvino/load-openvino
 * Picks the binding: `c` (libopenvino_c through koffi), `node` (openvino-node), or `auto` = the C API first, then
 * openvino-node. When nothing loads, the error lists every place searched by every binding tried.
 */
import type { LoadOptions, OpenVino } from './api.js';
import { COpenVino } from './c-api/c-openvino.js';
import { OpenVinoNotFoundError } from './errors.js';
import { loadNodeBinding } from './node-binding.js';

export function loadOpenVino(options: LoadOptions = {}): OpenVino {
  const binding = options.binding ?? 'auto';
  switch (binding) {
    case 'c':
      return COpenVino.load(options.libDir);
    case 'node':
      return loadNodeBinding();
    case 'auto': {
      try {
        return COpenVino.load(options.libDir);
      } catch (cError) {
        if (!(cError instanceof OpenVinoNotFoundError)) throw cError;
        try {
          return loadNodeBinding();
        } catch (nodeError) {
          if (!(nodeError instanceof OpenVinoNotFoundError)) throw nodeError;
          throw new OpenVinoNotFoundError(`${cError.reason}\nopenvino-node: ${nodeError.reason}`,
            [...cError.searched, ...nodeError.searched], { cause: nodeError });
        }
      }
    }
  }
}
