/**
 * @module calculators/openvino/ir
 * Build, read and write OpenVINO IR v11 from TypeScript (no native code): a graph of opset operations with shape
 * inference, weight encodings (f32, f16, NNCF int8) and the `.xml` + `.bin` serializer.
 */
export * from './element-type.js';
export * from './partial-shape.js';
export * from './graph.js';
export * from './ir-error.js';
export * from './payload.js';
export * from './float16.js';
export * from './compression.js';
export * from './weights.js';
export * from './serialize.js';
export * from './read.js';
export * as ops from './ops/index.js';
export { xmlElement, type XmlElement } from './xml.js';
