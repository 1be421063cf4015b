/**
 * @module calculators/openvino/ir/ops/infrastructure
 * Parameter, Constant, Convert and Result (openvino-ir-format.md §3.1).
 */
import { byteSize, type ElementType, isIntegerType } from '../element-type.js';
import type { ConstantPayload, IrGraph, IrNode, Output } from '../graph.js';
import { elementCount, isStatic, partialShapeAttribute, staticShapeAttribute, type PartialShape } from '../partial-shape.js';
import { bytesPayload, decodeIntegers, encodeValues } from '../payload.js';
import type { XmlElement } from '../xml.js';
import { graphOf, type OpOptions, opFail } from './op-support.js';

/** Integer constants up to this many elements carry their value, for shape inference downstream. */
const MAX_TRACKED_VALUES = 64;

/** A model input. The layer and its output tensor are both named `name`, as optimum exports them. */
export function parameter(graph: IrGraph, name: string, elementType: ElementType, shape: PartialShape): Output {
  return graph.addNode({
    type: 'Parameter', version: 'opset1', name,
    attributes: [['shape', partialShapeAttribute(shape)], ['element_type', elementType]],
    outputs: [{ elementType, shape, names: [name] }],
  }).output();
}

export interface ConstantOptions extends OpOptions {
  readonly rtInfo?: readonly XmlElement[];
}

/** A Const whose bytes come from `payload` (offset and size are assigned when the `.bin` is written). */
export function constant(graph: IrGraph, elementType: ElementType, shape: PartialShape, payload: ConstantPayload,
  options: ConstantOptions = {}): Output {
  if (!isStatic(shape)) opFail('Const', options, `shape [${shape.join(',')}] must be static`);
  const expected = byteSize(elementType, elementCount(shape));
  if (payload.byteLength !== expected) {
    opFail('Const', options, `${elementType}[${shape.join(',')}] needs ${expected} bytes, payload has ${payload.byteLength}`);
  }
  const count = elementCount(shape);
  const value = isIntegerType(elementType) && count <= MAX_TRACKED_VALUES
    ? decodeIntegers(elementType, payload.bytes(), count) : undefined;
  return graph.addNode({
    type: 'Const', version: 'opset1', name: options.name,
    attributes: [['element_type', elementType], ['shape', staticShapeAttribute(shape)]],
    outputs: [{ elementType, shape, value }],
    payload,
    rtInfo: options.rtInfo,
  }).output();
}

/** A small constant from numbers; shape defaults to 1-D `[values.length]`. */
export function constantOf(graph: IrGraph, elementType: ElementType, values: readonly number[],
  shape: PartialShape = [values.length], options: ConstantOptions = {}): Output {
  return constant(graph, elementType, shape, bytesPayload(encodeValues(elementType, values)), options);
}

/** A scalar constant (shape `[]`). */
export function scalar(graph: IrGraph, elementType: ElementType, value: number, options: ConstantOptions = {}): Output {
  return constantOf(graph, elementType, [value], [], options);
}

export interface ConvertOptions extends OpOptions {
  readonly rtInfo?: readonly XmlElement[];
}

export function convert(x: Output, destination: ElementType, options: ConvertOptions = {}): Output {
  const graph = graphOf('Convert', options, [x]);
  const value = isIntegerType(destination) && isIntegerType(x.elementType) ? x.value : undefined;
  return graph.addNode({
    type: 'Convert', version: 'opset1', name: options.name,
    attributes: [['destination_type', destination]],
    inputs: [x],
    outputs: [{ elementType: destination, shape: x.shape, value }],
    rtInfo: options.rtInfo,
  }).output();
}

/**
 * A model output named `tensorName`. The name goes on the producing port (every reader since 2022.1) and is repeated
 * as the Result's `output_names` (2025+ readers); openvino-ir-format.md §1.7.
 */
export function result(x: Output, tensorName: string, options: OpOptions = {}): IrNode {
  const graph = graphOf('Result', options, [x]);
  graph.addTensorName(x, tensorName);
  return graph.addNode({
    type: 'Result', version: 'opset1', name: options.name,
    inputs: [x],
    outputs: [],
    layerAttributes: [['output_names', tensorName]],
  });
}
