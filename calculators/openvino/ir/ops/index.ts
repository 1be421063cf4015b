/**
 * @module calculators/openvino/ir/ops
 * Typed helpers for the OpenVINO ops the generators use, each inferring its output types and shapes.
 */
export * from './attention.js';
export * from './elementwise.js';
export * from './infrastructure.js';
export * from './linear-algebra.js';
export * from './normalization.js';
export * from './reduction.js';
export * from './resize.js';
export * from './shape.js';
export type { OpOptions } from './op-support.js';
