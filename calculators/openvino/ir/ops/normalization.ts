/**
 * @module calculators/openvino/ir/ops/normalization
 * MVN-6 (LayerNorm exports), GroupNormalization-12 (GroupNorm, as the current PyTorch frontend emits it) and
 * SoftMax-8 (openvino-ir-format.md §3.6).
 */
import { boolText, numberText } from '../attribute-format.js';
import type { Output } from '../graph.js';
import { DYNAMIC, formatShape, normalizeAxis } from '../partial-shape.js';
import { constantOf } from './infrastructure.js';
import { graphOf, type OpOptions, opFail } from './op-support.js';

export interface MvnOptions extends OpOptions {
  readonly eps: number;
  readonly normalizeVariance?: boolean;
  readonly epsMode?: 'INSIDE_SQRT' | 'OUTSIDE_SQRT';
}

/** MVN-6 over `axes`: `(x - mean) / sqrt(var + eps)` with INSIDE_SQRT, as `aten::layer_norm` exports. */
export function mvn(x: Output, axes: readonly number[], options: MvnOptions): Output {
  const graph = graphOf('MVN', options, [x]);
  for (const axis of axes) if (normalizeAxis(axis, x.rank) === undefined) opFail('MVN', options, `axis ${axis} out of range`);
  return graph.addNode({
    type: 'MVN', version: 'opset6', name: options.name,
    attributes: [
      ['eps', numberText(options.eps)],
      ['normalize_variance', boolText(options.normalizeVariance ?? true)],
      ['eps_mode', options.epsMode ?? 'INSIDE_SQRT'],
    ],
    inputs: [x, constantOf(graph, 'i64', axes)],
    outputs: [{ elementType: x.elementType, shape: x.shape }],
  }).output();
}

/** GroupNormalization-12: data `[N, C, ...]`, scale and bias `[C]`. */
export function groupNormalization(x: Output, scale: Output, bias: Output, numGroups: number, epsilon: number,
  options: OpOptions = {}): Output {
  const graph = graphOf('GroupNormalization', options, [x, scale, bias]);
  if (x.rank < 2) opFail('GroupNormalization', options, `data must be [N, C, ...], got [${formatShape(x.shape)}]`);
  const channels = x.shape[1]!;
  for (const [what, input] of [['scale', scale], ['bias', bias]] as const) {
    if (input.elementType !== x.elementType || input.rank !== 1 ||
      (channels !== DYNAMIC && input.shape[0] !== DYNAMIC && input.shape[0] !== channels)) {
      opFail('GroupNormalization', options, `${what} must be ${x.elementType}[${channels}], got ${input.describe()}`);
    }
  }
  if (channels !== DYNAMIC && channels % numGroups !== 0) {
    opFail('GroupNormalization', options, `${channels} channels do not split into ${numGroups} groups`);
  }
  return graph.addNode({
    type: 'GroupNormalization', version: 'opset12', name: options.name,
    attributes: [['num_groups', String(numGroups)], ['epsilon', numberText(epsilon)]],
    inputs: [x, scale, bias],
    outputs: [{ elementType: x.elementType, shape: x.shape }],
  }).output();
}

/** SoftMax-8 (IR type name `SoftMax`). */
export function softmax(x: Output, axis: number, options: OpOptions = {}): Output {
  const graph = graphOf('SoftMax', options, [x]);
  if (normalizeAxis(axis, x.rank) === undefined) opFail('SoftMax', options, `axis ${axis} out of range`);
  return graph.addNode({
    type: 'SoftMax', version: 'opset8', name: options.name,
    attributes: [['axis', String(axis)]],
    inputs: [x],
    outputs: [{ elementType: x.elementType, shape: x.shape }],
  }).output();
}
