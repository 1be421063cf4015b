/**
 * @module calculators/openvino/ir/ops/attention
 * ScaledDotProductAttention-13, what the PyTorch frontend makes of `aten::scaled_dot_product_attention`
 * (openvino-ir-format.md §3.6). Without a scale input the scale is 1/sqrt(E).
 */
import { boolText } from '../attribute-format.js';
import type { Output } from '../graph.js';
import { broadcastShapes, formatShape, mergeDims } from '../partial-shape.js';
import { graphOf, type OpOptions, opFail } from './op-support.js';

export interface SdpaOptions extends OpOptions {
  readonly causal?: boolean;
}

/** query `[N,...,L,E]`, key `[N,...,S,E]`, value `[N,...,S,Ev]` → `[N,...,L,Ev]`. */
export function scaledDotProductAttention(query: Output, key: Output, value: Output, options: SdpaOptions = {}): Output {
  const graph = graphOf('ScaledDotProductAttention', options, [query, key, value]);
  const fail = (message: string): never => opFail('ScaledDotProductAttention', options, message);
  if (query.elementType !== key.elementType || key.elementType !== value.elementType) {
    fail(`element types differ: ${query.describe()}, ${key.describe()}, ${value.describe()}`);
  }
  if (query.rank < 3 || key.rank !== query.rank || value.rank !== query.rank) {
    fail(`ranks do not fit: [${formatShape(query.shape)}], [${formatShape(key.shape)}], [${formatShape(value.shape)}]`);
  }
  const r = query.rank;
  if (mergeDims(query.shape[r - 1]!, key.shape[r - 1]!) === undefined) fail('query and key head sizes differ');
  if (mergeDims(key.shape[r - 2]!, value.shape[r - 2]!) === undefined) fail('key and value sequence lengths differ');
  const batch = broadcastShapes(query.shape.slice(0, -2), broadcastShapes(key.shape.slice(0, -2), value.shape.slice(0, -2)) ?? []);
  if (batch === undefined) return fail('batch dimensions do not broadcast');
  return graph.addNode({
    type: 'ScaledDotProductAttention', version: 'opset13', name: options.name,
    attributes: [['causal', boolText(options.causal ?? false)]],
    inputs: [query, key, value],
    outputs: [{ elementType: query.elementType, shape: [...batch, query.shape[r - 2]!, value.shape[r - 1]!] }],
  }).output();
}
