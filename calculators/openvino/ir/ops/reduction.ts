/**
 * @module calculators/openvino/ir/ops/reduction
 * TopK-11 (argmax for the CLIP pooled output) and ReduceMean-1.
 */
import { boolText } from '../attribute-format.js';
import type { Output } from '../graph.js';
import { normalizeAxis } from '../partial-shape.js';
import { constantOf } from './infrastructure.js';
import { graphOf, type OpOptions, opFail } from './op-support.js';

export interface TopKOptions extends OpOptions {
  readonly mode: 'max' | 'min';
  readonly sort: 'value' | 'index' | 'none';
  /** Keep equal elements in input order (with sort=value): torch.argmax returns the first maximum. */
  readonly stable?: boolean;
  readonly indexElementType?: 'i32' | 'i64';
}

/** TopK-11 with a constant k; returns [values, indices]. */
export function topK(x: Output, k: number, axis: number, options: TopKOptions): [Output, Output] {
  const graph = graphOf('TopK', options, [x]);
  const normalized = normalizeAxis(axis, x.rank);
  if (normalized === undefined) opFail('TopK', options, `axis ${axis} out of range`);
  const shape = x.shape.map((dim, i) => (i === normalized ? k : dim));
  const indexType = options.indexElementType ?? 'i32';
  const node = graph.addNode({
    type: 'TopK', version: 'opset11', name: options.name,
    attributes: [
      ['axis', String(axis)], ['mode', options.mode], ['sort', options.sort],
      ['index_element_type', indexType], ['stable', boolText(options.stable ?? false)],
    ],
    inputs: [x, constantOf(graph, 'i64', [k], [])],
    outputs: [{ elementType: x.elementType, shape }, { elementType: indexType, shape }],
  });
  return [node.output(0), node.output(1)];
}

export function reduceMean(x: Output, axes: readonly number[], keepDims: boolean, options: OpOptions = {}): Output {
  const graph = graphOf('ReduceMean', options, [x]);
  const reduced = new Set(axes.map((axis) => normalizeAxis(axis, x.rank) ?? opFail('ReduceMean', options, `axis ${axis} out of range`)));
  const shape = keepDims ? x.shape.map((dim, i) => (reduced.has(i) ? 1 : dim)) : x.shape.filter((_, i) => !reduced.has(i));
  return graph.addNode({
    type: 'ReduceMean', version: 'opset1', name: options.name,
    attributes: [['keep_dims', boolText(keepDims)]],
    inputs: [x, constantOf(graph, 'i64', axes)],
    outputs: [{ elementType: x.elementType, shape }],
  }).output();
}
