/**
 * @module calculators/openvino/ir/ops/elementwise
 * Element-wise binary ops with NumPy broadcasting, comparisons and Select, and unary activations
 * (openvino-ir-format.md §3.2-3.3). Binary ops never promote types: both inputs must have the same element type, as
 * OpenVINO requires; comparisons give `boolean`.
 */
import type { Output } from '../graph.js';
import { broadcastShapes, formatShape } from '../partial-shape.js';
import { graphOf, type OpOptions, opFail } from './op-support.js';

type BinaryType = 'Add' | 'Subtract' | 'Multiply' | 'Divide' | 'Power' | 'Maximum' | 'Minimum' | 'GreaterEqual';

function binary(type: BinaryType, a: Output, b: Output, options: OpOptions): Output {
  const graph = graphOf(type, options, [a, b]);
  if (a.elementType !== b.elementType) {
    opFail(type, options, `element types differ: ${a.describe()} and ${b.describe()} (insert a Convert)`);
  }
  const shape = broadcastShapes(a.shape, b.shape);
  if (shape === undefined) {
    opFail(type, options, `shapes [${formatShape(a.shape)}] and [${formatShape(b.shape)}] do not broadcast`);
  }
  const attributes: [string, string][] = [['auto_broadcast', 'numpy']];
  // Divide-1 writes m_pythondiv (floor division for integers); true is its default.
  if (type === 'Divide') attributes.push(['m_pythondiv', 'true']);
  return graph.addNode({
    type, version: 'opset1', name: options.name, attributes,
    inputs: [a, b],
    outputs: [{ elementType: type === 'GreaterEqual' ? 'boolean' : a.elementType, shape }],
  }).output();
}

export const add = (a: Output, b: Output, options: OpOptions = {}): Output => binary('Add', a, b, options);
export const subtract = (a: Output, b: Output, options: OpOptions = {}): Output => binary('Subtract', a, b, options);
export const multiply = (a: Output, b: Output, options: OpOptions = {}): Output => binary('Multiply', a, b, options);
export const divide = (a: Output, b: Output, options: OpOptions = {}): Output => binary('Divide', a, b, options);
export const power = (a: Output, b: Output, options: OpOptions = {}): Output => binary('Power', a, b, options);
export const maximum = (a: Output, b: Output, options: OpOptions = {}): Output => binary('Maximum', a, b, options);
export const minimum = (a: Output, b: Output, options: OpOptions = {}): Output => binary('Minimum', a, b, options);
/** GreaterEqual-1: a boolean tensor. */
export const greaterEqual = (a: Output, b: Output, options: OpOptions = {}): Output => binary('GreaterEqual', a, b, options);

/** Select-1: `condition ? then : otherwise` element-wise, all three broadcast NumPy-style. */
export function select(condition: Output, then: Output, otherwise: Output, options: OpOptions = {}): Output {
  const graph = graphOf('Select', options, [condition, then, otherwise]);
  if (condition.elementType !== 'boolean') opFail('Select', options, `the condition must be boolean, got ${condition.describe()}`);
  if (then.elementType !== otherwise.elementType) {
    opFail('Select', options, `element types differ: ${then.describe()} and ${otherwise.describe()}`);
  }
  const values = broadcastShapes(then.shape, otherwise.shape);
  const shape = values === undefined ? undefined : broadcastShapes(condition.shape, values);
  if (shape === undefined) {
    opFail('Select', options, `shapes [${formatShape(condition.shape)}], [${formatShape(then.shape)}] and ` +
      `[${formatShape(otherwise.shape)}] do not broadcast`);
  }
  return graph.addNode({
    type: 'Select', version: 'opset1', name: options.name, attributes: [['auto_broadcast', 'numpy']],
    inputs: [condition, then, otherwise],
    outputs: [{ elementType: then.elementType, shape }],
  }).output();
}

function unary(type: string, version: string, x: Output, options: OpOptions,
  attributes: readonly (readonly [string, string])[] = []): Output {
  const graph = graphOf(type, options, [x]);
  return graph.addNode({
    type, version, name: options.name, attributes,
    inputs: [x],
    outputs: [{ elementType: x.elementType, shape: x.shape }],
  }).output();
}

export const sigmoid = (x: Output, options: OpOptions = {}): Output => unary('Sigmoid', 'opset1', x, options);
/** SiLU: `aten::silu` becomes Swish-4 with the default beta of 1. */
export const swish = (x: Output, options: OpOptions = {}): Output => unary('Swish', 'opset4', x, options);
export const sin = (x: Output, options: OpOptions = {}): Output => unary('Sin', 'opset1', x, options);
export const cos = (x: Output, options: OpOptions = {}): Output => unary('Cos', 'opset1', x, options);
export const exp = (x: Output, options: OpOptions = {}): Output => unary('Exp', 'opset1', x, options);
export const sqrt = (x: Output, options: OpOptions = {}): Output => unary('Sqrt', 'opset1', x, options);
export const tanh = (x: Output, options: OpOptions = {}): Output => unary('Tanh', 'opset1', x, options);
export const negative = (x: Output, options: OpOptions = {}): Output => unary('Negative', 'opset1', x, options);
export const relu = (x: Output, options: OpOptions = {}): Output => unary('ReLU', 'opset1', x, options);

export type GeluApproximation = 'ERF' | 'TANH';

/** Gelu-7; `ERF` is PyTorch's exact `gelu`, `TANH` its `approximate="tanh"`. */
export function gelu(x: Output, approximation: GeluApproximation = 'ERF', options: OpOptions = {}): Output {
  return unary('Gelu', 'opset7', x, options, [['approximation_mode', approximation]]);
}

/** Clamp-1 with double bounds. */
export function clamp(x: Output, min: number, max: number, options: OpOptions = {}): Output {
  return unary('Clamp', 'opset1', x, options, [['min', String(min)], ['max', String(max)]]);
}
