/**
 * @module calculators/openvino/c-api/context
 * What every C-API wrapper shares: the bound functions, the element-type numbering of the loaded release and the
 * finalizer for forgotten handles. One per loaded library; passed explicitly, never global.
 */
import type { ElementNumbering } from './element-numbering.js';
import type { HandleFinalizer } from './native-handle.js';
import type { OvC, OvCAsync } from './symbols.js';

export interface CContext {
  readonly c: OvC;
  readonly async: OvCAsync;
  readonly elements: ElementNumbering;
  readonly finalizer: HandleFinalizer;
  /** Keeps a tensor alive while a zero-copy view of its native memory is reachable (key: the view's buffer). */
  readonly viewOwners: WeakMap<ArrayBuffer, object>;
}
