/**
 * @module calculators/openvino/ir/ops/shape
 * Shape and data-movement ops (openvino-ir-format.md §3.5): Reshape, Transpose, Concat, Split, Gather, ShapeOf,
 * Unsqueeze, Squeeze, Broadcast, Pad, Slice. Small integer tensors carry their known values through these ops, so
 * a Reshape whose target is built from ShapeOf pieces still gets static dimensions where they are known.
 */
import { isIntegerType, type ElementType } from '../element-type.js';
import type { IrGraph, Output } from '../graph.js';
import { broadcastShapes, type Dim, DYNAMIC, elementCount, formatShape, isStatic, mergeDims, normalizeAxis } from '../partial-shape.js';
import { constantOf } from './infrastructure.js';
import { constantValues, graphOf, type OpOptions, opFail } from './op-support.js';

/** An integer tensor input given as an Output, a 1-D list (→ i64 Const) or a number (→ i64 scalar Const). */
export type IntInput = Output | readonly number[] | number;

export function intInput(graph: IrGraph, input: IntInput, elementType: ElementType = 'i64'): Output {
  if (typeof input === 'number') return constantOf(graph, elementType, [input], []);
  if (Array.isArray(input)) return constantOf(graph, elementType, input as readonly number[]);
  return input as Output;
}

function requireInteger(type: string, options: OpOptions, input: Output, what: string): void {
  if (!isIntegerType(input.elementType)) opFail(type, options, `${what} must be an integer tensor, got ${input.describe()}`);
}

/** The static length of a 1-D integer input (a target shape, an axes list). */
function vectorLength(type: string, options: OpOptions, input: Output, what: string): number {
  requireInteger(type, options, input, what);
  const length = input.rank === 0 ? 1 : input.rank === 1 ? input.shape[0]! : DYNAMIC;
  if (length === DYNAMIC) opFail(type, options, `${what} must be a 1-D tensor of known length, got ${input.describe()}`);
  return length;
}

export function reshape(x: Output, target: IntInput, specialZero: boolean, options: OpOptions = {}): Output {
  const graph = graphOf('Reshape', options, [x]);
  const targetShape = intInput(graph, target);
  const rank = vectorLength('Reshape', options, targetShape, 'target shape');
  const requested = targetShape.value ?? Array<number | null>(rank).fill(null);
  let inferAt = -1;
  const shape: Dim[] = requested.map((v, i) => {
    if (v === null) return DYNAMIC;
    if (v === 0 && specialZero) {
      if (i >= x.rank) opFail('Reshape', options, `special zero at ${i} has no input dimension ([${formatShape(x.shape)}])`);
      return x.shape[i]!;
    }
    if (v === -1) {
      if (inferAt >= 0) opFail('Reshape', options, 'more than one -1 in the target shape');
      inferAt = i;
      return DYNAMIC;
    }
    if (v < 0) opFail('Reshape', options, `negative dimension ${v} in the target shape`);
    return v;
  });
  if (isStatic(x.shape)) {
    const total = elementCount(x.shape);
    const known = shape.filter((_, i) => i !== inferAt);
    if (isStatic(known)) {
      const product = elementCount(known);
      if (inferAt >= 0) {
        if (product === 0 || total % product !== 0) {
          opFail('Reshape', options, `cannot reshape [${formatShape(x.shape)}] to [${requested.join(',')}]`);
        }
        shape[inferAt] = total / product;
      } else if (product !== total) {
        opFail('Reshape', options, `cannot reshape [${formatShape(x.shape)}] (${total} elements) to [${formatShape(shape)}]`);
      }
    }
  }
  return graph.addNode({
    type: 'Reshape', version: 'opset1', name: options.name,
    attributes: [['special_zero', specialZero ? 'true' : 'false']],
    inputs: [x, targetShape],
    outputs: [{ elementType: x.elementType, shape, value: shape.length <= 1 ? x.value : undefined }],
  }).output();
}

export function transpose(x: Output, order: IntInput, options: OpOptions = {}): Output {
  const graph = graphOf('Transpose', options, [x]);
  const orderInput = intInput(graph, order);
  const axes = constantValues('Transpose', options, orderInput, 'order');
  if (axes.length !== x.rank || [...axes].sort((p, q) => p - q).some((axis, i) => axis !== i)) {
    opFail('Transpose', options, `order [${axes.join(',')}] is not a permutation of rank ${x.rank}`);
  }
  return graph.addNode({
    type: 'Transpose', version: 'opset1', name: options.name,
    inputs: [x, orderInput],
    outputs: [{ elementType: x.elementType, shape: axes.map((axis) => x.shape[axis]!) }],
  }).output();
}

export function concat(inputs: readonly Output[], axis: number, options: OpOptions = {}): Output {
  const graph = graphOf('Concat', options, inputs);
  const first = inputs[0]!;
  const normalized = normalizeAxis(axis, first.rank);
  if (normalized === undefined) opFail('Concat', options, `axis ${axis} is out of range for rank ${first.rank}`);
  const shape: Dim[] = [...first.shape];
  for (const input of inputs.slice(1)) {
    if (input.elementType !== first.elementType || input.rank !== first.rank) {
      opFail('Concat', options, `inputs differ: ${first.describe()} and ${input.describe()}`);
    }
    input.shape.forEach((dim, i) => {
      if (i === normalized) {
        shape[i] = shape[i] === DYNAMIC || dim === DYNAMIC ? DYNAMIC : shape[i]! + dim;
        return;
      }
      const merged = mergeDims(shape[i]!, dim);
      if (merged === undefined) opFail('Concat', options, `dimension ${i} differs: ${first.describe()} and ${input.describe()}`);
      shape[i] = merged;
    });
  }
  const values = inputs.map((input) => input.value);
  const value = first.rank === 1 && values.every((v) => v !== undefined) ? values.flatMap((v) => [...v!]) : undefined;
  return graph.addNode({
    type: 'Concat', version: 'opset1', name: options.name,
    attributes: [['axis', String(axis)]],
    inputs,
    outputs: [{ elementType: first.elementType, shape, value }],
  }).output();
}

/** Split-1 into `numSplits` equal parts along `axis`; returns one Output per part. */
export function split(x: Output, axis: number, numSplits: number, options: OpOptions = {}): Output[] {
  const graph = graphOf('Split', options, [x]);
  const normalized = normalizeAxis(axis, x.rank);
  if (normalized === undefined) opFail('Split', options, `axis ${axis} is out of range for rank ${x.rank}`);
  const size = x.shape[normalized]!;
  if (size !== DYNAMIC && size % numSplits !== 0) opFail('Split', options, `dimension ${size} does not split into ${numSplits}`);
  const shape = x.shape.map((dim, i) => (i === normalized && dim !== DYNAMIC ? dim / numSplits : dim));
  const node = graph.addNode({
    type: 'Split', version: 'opset1', name: options.name,
    attributes: [['num_splits', String(numSplits)]],
    inputs: [x, constantOf(graph, 'i64', [axis], [])],
    outputs: Array.from({ length: numSplits }, () => ({ elementType: x.elementType, shape })),
  });
  return node.outputs.map((_, i) => node.output(i));
}

/** Gather-8 along a constant axis. */
export function gather(data: Output, indices: IntInput, axis: number, options: OpOptions & { batchDims?: number } = {}): Output {
  const graph = graphOf('Gather', options, [data]);
  const indexInput = intInput(graph, indices);
  requireInteger('Gather', options, indexInput, 'indices');
  const batchDims = options.batchDims ?? 0;
  const normalized = normalizeAxis(axis, data.rank);
  if (normalized === undefined) opFail('Gather', options, `axis ${axis} is out of range for rank ${data.rank}`);
  if (batchDims > normalized || batchDims > indexInput.rank) opFail('Gather', options, `batch_dims ${batchDims} exceeds axis or indices rank`);
  const shape: Dim[] = [...data.shape.slice(0, normalized), ...indexInput.shape.slice(batchDims), ...data.shape.slice(normalized + 1)];
  let value: (number | null)[] | undefined;
  if (data.rank === 1 && data.value !== undefined && indexInput.value !== undefined && indexInput.rank <= 1) {
    const source = data.value;
    value = indexInput.value.map((index) => (index === null ? null : source[index < 0 ? index + source.length : index] ?? null));
  }
  return graph.addNode({
    type: 'Gather', version: 'opset8', name: options.name,
    attributes: [['batch_dims', String(batchDims)]],
    inputs: [data, indexInput, constantOf(graph, 'i64', [axis], [])],
    outputs: [{ elementType: data.elementType, shape, value }],
  }).output();
}

export function shapeOf(x: Output, outputType: 'i64' | 'i32' = 'i64', options: OpOptions = {}): Output {
  const graph = graphOf('ShapeOf', options, [x]);
  return graph.addNode({
    type: 'ShapeOf', version: 'opset3', name: options.name,
    attributes: [['output_type', outputType]],
    inputs: [x],
    outputs: [{ elementType: outputType, shape: [x.rank], value: x.shape.map((dim) => (dim === DYNAMIC ? null : dim)) }],
  }).output();
}

export function unsqueeze(x: Output, axes: IntInput, options: OpOptions = {}): Output {
  const graph = graphOf('Unsqueeze', options, [x]);
  const axesInput = intInput(graph, axes);
  const list = constantValues('Unsqueeze', options, axesInput, 'axes');
  const rank = x.rank + list.length;
  const inserted = new Set(list.map((axis) => normalizeAxis(axis, rank) ?? opFail('Unsqueeze', options, `axis ${axis} out of range`)));
  const rest = [...x.shape];
  const shape = Array.from({ length: rank }, (_, i) => (inserted.has(i) ? 1 : rest.shift()!));
  return graph.addNode({
    type: 'Unsqueeze', version: 'opset1', name: options.name,
    inputs: [x, axesInput],
    outputs: [{ elementType: x.elementType, shape, value: shape.length <= 1 ? x.value : undefined }],
  }).output();
}

export function squeeze(x: Output, axes: IntInput, options: OpOptions = {}): Output {
  const graph = graphOf('Squeeze', options, [x]);
  const axesInput = intInput(graph, axes);
  const removed = new Set(constantValues('Squeeze', options, axesInput, 'axes')
    .map((axis) => normalizeAxis(axis, x.rank) ?? opFail('Squeeze', options, `axis ${axis} out of range`)));
  for (const axis of removed) {
    const dim = x.shape[axis]!;
    if (dim !== 1 && dim !== DYNAMIC) opFail('Squeeze', options, `dimension ${axis} of [${formatShape(x.shape)}] is not 1`);
  }
  const shape = x.shape.filter((_, i) => !removed.has(i));
  return graph.addNode({
    type: 'Squeeze', version: 'opset1', name: options.name,
    inputs: [x, axesInput],
    outputs: [{ elementType: x.elementType, shape, value: shape.length <= 1 ? x.value : undefined }],
  }).output();
}

/** Broadcast-3 in `numpy` (to exactly the target) or `bidirectional` (NumPy rules both ways) mode. */
export function broadcast(x: Output, targetShape: IntInput, mode: 'numpy' | 'bidirectional',
  options: OpOptions = {}): Output {
  const graph = graphOf('Broadcast', options, [x]);
  const target = intInput(graph, targetShape);
  const rank = vectorLength('Broadcast', options, target, 'target shape');
  const dims: Dim[] = (target.value ?? Array<number | null>(rank).fill(null)).map((v) => (v === null ? DYNAMIC : v));
  const shape = mode === 'bidirectional' ? broadcastShapes(x.shape, dims) : dims;
  if (shape === undefined || (mode === 'numpy' && broadcastShapes(x.shape, dims) === undefined)) {
    opFail('Broadcast', options, `[${formatShape(x.shape)}] does not broadcast to [${formatShape(dims)}]`);
  }
  return graph.addNode({
    type: 'Broadcast', version: 'opset3', name: options.name,
    attributes: [['mode', mode]],
    inputs: [x, target],
    outputs: [{ elementType: x.elementType, shape }],
  }).output();
}

/** Pad-12 with constant pads; `value` (scalar, same type as x) defaults to zero. */
export function pad(x: Output, padsBegin: readonly number[], padsEnd: readonly number[],
  options: OpOptions & { mode?: 'constant' | 'edge' | 'reflect' | 'symmetric'; value?: Output } = {}): Output {
  const graph = graphOf('Pad', options, [x]);
  if (padsBegin.length !== x.rank || padsEnd.length !== x.rank) opFail('Pad', options, `pads need ${x.rank} values`);
  const shape = x.shape.map((dim, i) => (dim === DYNAMIC ? DYNAMIC : dim + padsBegin[i]! + padsEnd[i]!));
  const inputs = [x, constantOf(graph, 'i64', padsBegin), constantOf(graph, 'i64', padsEnd)];
  if (options.value !== undefined) inputs.push(options.value);
  return graph.addNode({
    type: 'Pad', version: 'opset12', name: options.name,
    attributes: [['pad_mode', options.mode ?? 'constant']],
    inputs,
    outputs: [{ elementType: x.elementType, shape }],
  }).output();
}

/** Python-style slice length for a static dimension. */
function sliceLength(size: number, start: number, stop: number, step: number): number {
  const clampIndex = (index: number): number => {
    const positive = index < 0 ? index + size : index;
    return step > 0 ? Math.min(Math.max(positive, 0), size) : Math.min(Math.max(positive, -1), size - 1);
  };
  const from = clampIndex(start);
  const to = clampIndex(stop);
  return Math.max(0, Math.ceil((to - from) / step));
}

/** Slice-8: `x[start:stop:step]` along `axes`. */
export function slice(x: Output, start: IntInput, stop: IntInput, step: IntInput, axes: IntInput,
  options: OpOptions = {}): Output {
  const graph = graphOf('Slice', options, [x]);
  const [startInput, stopInput, stepInput, axesInput] = [start, stop, step, axes].map((input) => intInput(graph, input)) as
    [Output, Output, Output, Output];
  const axisList = constantValues('Slice', options, axesInput, 'axes')
    .map((axis) => normalizeAxis(axis, x.rank) ?? opFail('Slice', options, `axis ${axis} out of range`));
  const shape = [...x.shape];
  axisList.forEach((axis, i) => {
    const begin = startInput.value?.[i] ?? null;
    const end = stopInput.value?.[i] ?? null;
    const stride = stepInput.value?.[i] ?? null;
    const size = x.shape[axis]!;
    if (stride === 0) opFail('Slice', options, 'step must not be 0');
    shape[axis] = begin === null || end === null || stride === null || size === DYNAMIC
      ? DYNAMIC : sliceLength(size, begin, end, stride);
  });
  return graph.addNode({
    type: 'Slice', version: 'opset8', name: options.name,
    inputs: [x, startInput, stopInput, stepInput, axesInput],
    outputs: [{ elementType: x.elementType, shape }],
  }).output();
}
