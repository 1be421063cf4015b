/**
 * @module calculators/openvino
 * The OpenVINO binding's public surface: `loadOpenVino()`, the binding-neutral interfaces and the typed errors.
 * This folder is the only place in the project that imports koffi or openvino-node.
 */
export type {
  BindingChoice, BindingName, CompiledModel, Core, Dimension, DimensionInterval, InferRequest, LoadOptions, Model,
  OpenVino, PortInfo, ReshapeDimension, Tensor,
} from './api.js';
export { BINDING_CHOICES } from './api.js';
export {
  ELEMENT_TYPES, type ElementType, type TensorData, type TensorElementType, byteSizeOf, elementCount, isElementType,
} from './element-type.js';
export { MESSAGES, OpenVinoError, OpenVinoNotFoundError, type OvStatusName } from './errors.js';
export { NOT_FOUND_MESSAGE } from './c-api/library.js';
export { NODE_NOT_FOUND_MESSAGE } from './node-binding.js';
export { loadOpenVino } from './load-openvino.js';
