/**
 * @module calculators/openvino/ir/ops/linear-algebra
 * MatMul-1 and Convolution-1 (openvino-ir-format.md §3.4). nn.Linear is `MatMul(x, W[out,in], transpose_b=true)`
 * plus an Add; Conv2d is a Convolution plus an Add of a `[1,C,1,1]` bias.
 */
import { boolText, listText } from '../attribute-format.js';
import type { Output } from '../graph.js';
import { broadcastShapes, DYNAMIC, type Dim, formatShape, mergeDims } from '../partial-shape.js';
import { graphOf, type OpOptions, opFail } from './op-support.js';

export interface MatMulOptions extends OpOptions {
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
}

export function matMul(a: Output, b: Output, options: MatMulOptions = {}): Output {
  const graph = graphOf('MatMul', options, [a, b]);
  if (a.elementType !== b.elementType) opFail('MatMul', options, `element types differ: ${a.describe()} and ${b.describe()}`);
  if (a.rank === 0 || b.rank === 0) opFail('MatMul', options, 'inputs must have rank >= 1');
  const transposeA = options.transposeA ?? false;
  const transposeB = options.transposeB ?? false;
  // 1-D operands are unsqueezed (A to [1,K], B to [K,1]) and the added axis is dropped from the output.
  let shapeA: Dim[] = a.rank === 1 ? [1, ...a.shape] : [...a.shape];
  let shapeB: Dim[] = b.rank === 1 ? [...b.shape, 1] : [...b.shape];
  const swapLast = (shape: Dim[]): Dim[] => [...shape.slice(0, -2), shape[shape.length - 1]!, shape[shape.length - 2]!];
  if (transposeA && a.rank > 1) shapeA = swapLast(shapeA);
  if (transposeB && b.rank > 1) shapeB = swapLast(shapeB);
  const k = mergeDims(shapeA[shapeA.length - 1]!, shapeB[shapeB.length - 2]!);
  if (k === undefined) {
    opFail('MatMul', options, `inner dimensions differ: [${formatShape(a.shape)}] x [${formatShape(b.shape)}]` +
      ` (transpose_a=${transposeA}, transpose_b=${transposeB})`);
  }
  const batch = broadcastShapes(shapeA.slice(0, -2), shapeB.slice(0, -2));
  if (batch === undefined) opFail('MatMul', options, `batch dimensions do not broadcast: [${formatShape(a.shape)}] x [${formatShape(b.shape)}]`);
  const shape: Dim[] = [...batch];
  if (a.rank > 1) shape.push(shapeA[shapeA.length - 2]!);
  if (b.rank > 1) shape.push(shapeB[shapeB.length - 1]!);
  return graph.addNode({
    type: 'MatMul', version: 'opset1', name: options.name,
    attributes: [['transpose_a', boolText(transposeA)], ['transpose_b', boolText(transposeB)]],
    inputs: [a, b],
    outputs: [{ elementType: a.elementType, shape }],
  }).output();
}

export interface ConvolutionOptions extends OpOptions {
  readonly strides?: readonly number[];
  readonly dilations?: readonly number[];
  readonly padsBegin?: readonly number[];
  readonly padsEnd?: readonly number[];
}

/** Convolution-1 with explicit pads, as the PyTorch frontend always emits it. Weights `[Cout, Cin, k...]`. */
export function convolution(data: Output, weights: Output, options: ConvolutionOptions = {}): Output {
  const graph = graphOf('Convolution', options, [data, weights]);
  if (data.elementType !== weights.elementType) {
    opFail('Convolution', options, `element types differ: ${data.describe()} and ${weights.describe()}`);
  }
  const spatial = data.rank - 2;
  if (spatial < 1 || weights.rank !== data.rank) {
    opFail('Convolution', options, `data [${formatShape(data.shape)}] and weights [${formatShape(weights.shape)}] ranks do not fit`);
  }
  const fill = (values: readonly number[] | undefined, fallback: number, what: string): readonly number[] => {
    const filled = values ?? Array<number>(spatial).fill(fallback);
    if (filled.length !== spatial) opFail('Convolution', options, `${what} needs ${spatial} values, got ${filled.length}`);
    return filled;
  };
  const strides = fill(options.strides, 1, 'strides');
  const dilations = fill(options.dilations, 1, 'dilations');
  const padsBegin = fill(options.padsBegin, 0, 'pads_begin');
  const padsEnd = fill(options.padsEnd, 0, 'pads_end');
  if (mergeDims(data.shape[1]!, weights.shape[1]!) === undefined) {
    opFail('Convolution', options, `input channels differ: data [${formatShape(data.shape)}], weights [${formatShape(weights.shape)}]`);
  }
  const shape: Dim[] = [data.shape[0]!, weights.shape[0]!];
  for (let i = 0; i < spatial; i++) {
    const size = data.shape[i + 2]!;
    const kernel = weights.shape[i + 2]!;
    if (size === DYNAMIC || kernel === DYNAMIC) {
      shape.push(DYNAMIC);
      continue;
    }
    // H' = floor((H + pb + pe - d(k-1) - 1) / s) + 1
    const out = Math.floor((size + padsBegin[i]! + padsEnd[i]! - dilations[i]! * (kernel - 1) - 1) / strides[i]!) + 1;
    if (out < 1) opFail('Convolution', options, `spatial size ${size} is smaller than the dilated kernel ${kernel}`);
    shape.push(out);
  }
  return graph.addNode({
    type: 'Convolution', version: 'opset1', name: options.name,
    attributes: [
      ['strides', listText(strides)], ['dilations', listText(dilations)],
      ['pads_begin', listText(padsBegin)], ['pads_end', listText(padsEnd)], ['auto_pad', 'explicit'],
    ],
    inputs: [data, weights],
    outputs: [{ elementType: data.elementType, shape }],
  }).output();
}
