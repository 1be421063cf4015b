import { expect } from 'chai';
import { DYNAMIC, IrError, IrGraph, ops } from '../../../../calculators/openvino/ir/index.js';

const D = DYNAMIC;

function image(graph = new IrGraph(), shape = [D, 4, D, D]) {
  return { graph, x: ops.parameter(graph, 'sample', 'f32', shape) };
}

function weights(graph: IrGraph, shape: number[], type: 'f32' | 'f16' = 'f32') {
  return ops.constantOf(graph, type, new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0), shape);
}

describe('IR op shape inference', () => {
  it('Convolution: pads, strides and dynamic spatial dims', () => {
    const { graph, x } = image(new IrGraph(), [2, 4, 17, 16]);
    const w = weights(graph, [8, 4, 3, 3]);
    expect(ops.convolution(x, w, { padsBegin: [1, 1], padsEnd: [1, 1] }).shape).to.deep.equal([2, 8, 17, 16]);
    expect(ops.convolution(x, w, { strides: [2, 2], padsBegin: [1, 1], padsEnd: [1, 1] }).shape).to.deep.equal([2, 8, 9, 8]);
    expect(ops.convolution(x, w, { strides: [2, 2] }).shape).to.deep.equal([2, 8, 8, 7]);
    const dynamic = image().x;
    expect(ops.convolution(dynamic, weights(dynamic.graph, [8, 4, 1, 1])).shape).to.deep.equal([D, 8, D, D]);
  });

  it('Convolution rejects a channel mismatch and names the layer', () => {
    const { graph, x } = image();
    expect(() => ops.convolution(x, weights(graph, [8, 3, 3, 3]), { name: 'conv_in' }))
      .to.throw(IrError, /Convolution 'conv_in': input channels differ/);
  });

  it('MatMul: transpose_b, batch broadcasting and 1-D operands', () => {
    const graph = new IrGraph();
    const x = ops.parameter(graph, 'x', 'f32', [D, 77, 32]);
    expect(ops.matMul(x, weights(graph, [64, 32]), { transposeB: true }).shape).to.deep.equal([D, 77, 64]);
    expect(ops.matMul(x, weights(graph, [32, 16])).shape).to.deep.equal([D, 77, 16]);
    const q = ops.parameter(graph, 'q', 'f32', [2, 1, 5, 8]);
    const k = ops.parameter(graph, 'k', 'f32', [1, 3, 6, 8]);
    expect(ops.matMul(q, k, { transposeB: true }).shape).to.deep.equal([2, 3, 5, 6]);
    expect(ops.matMul(x, weights(graph, [32])).shape).to.deep.equal([D, 77]);
    expect(() => ops.matMul(x, weights(graph, [16, 33]), { transposeB: true, name: 'fc' }))
      .to.throw(IrError, /MatMul 'fc': inner dimensions differ/);
  });

  it('binary ops broadcast NumPy-style and refuse mixed element types', () => {
    const graph = new IrGraph();
    const a = ops.parameter(graph, 'a', 'f32', [D, 320, D, D]);
    expect(ops.add(a, weights(graph, [1, 320, 1, 1])).shape).to.deep.equal([D, 320, D, D]);
    expect(ops.multiply(weights(graph, [3, 1]), weights(graph, [1, 4])).shape).to.deep.equal([3, 4]);
    expect(() => ops.add(a, weights(graph, [1, 320, 1, 1], 'f16'), { name: 'bias' }))
      .to.throw(IrError, /Add 'bias': element types differ/);
    expect(() => ops.add(a, weights(graph, [1, 321, 1, 1]))).to.throw(IrError, /do not broadcast/);
  });

  it('GreaterEqual gives booleans; Select broadcasts its three inputs and needs a boolean condition', () => {
    const graph = new IrGraph();
    const x = ops.parameter(graph, 'x', 'f32', [D, D, D, 1]);
    const isSet = ops.greaterEqual(x, weights(graph, [1]));
    expect([isSet.elementType, isSet.shape]).to.deep.equal(['boolean', [D, D, D, 1]]);
    const picked = ops.select(isSet, weights(graph, [1]), weights(graph, [1, 1, 1, 3]));
    expect([picked.elementType, picked.shape]).to.deep.equal(['f32', [D, D, D, 3]]);
    expect(() => ops.select(x, weights(graph, [1]), weights(graph, [1]), { name: 'pick' }))
      .to.throw(IrError, /Select 'pick': the condition must be boolean/);
    expect(() => ops.select(isSet, weights(graph, [1]), weights(graph, [1], 'f16'))).to.throw(IrError, /element types differ/);
  });

  it('Reshape: special zero, -1, and static dims recovered through ShapeOf → Gather → Concat', () => {
    const graph = new IrGraph();
    const x = ops.parameter(graph, 'x', 'f32', [D, 64, D, D]);
    expect(ops.reshape(x, [0, 0, -1], true).shape).to.deep.equal([D, 64, D]);
    const s = ops.constantOf(graph, 'f32', new Array<number>(24).fill(0), [2, 3, 4]);
    expect(ops.reshape(s, [0, -1], true).shape).to.deep.equal([2, 12]);
    expect(ops.reshape(s, [4, -1], false).shape).to.deep.equal([4, 6]);
    expect(() => ops.reshape(s, [5, -1], false)).to.throw(IrError, /cannot reshape/);
    const dims = ops.gather(ops.shapeOf(x), [0, 2, 3], 0);
    expect(dims.value).to.deep.equal([null, null, null]);
    const target = ops.concat([dims, ops.constantOf(graph, 'i64', [64])], 0);
    expect(target.value).to.deep.equal([null, null, null, 64]);
    expect(ops.reshape(ops.reshape(x, [0, 0, -1], true), target, false).shape).to.deep.equal([D, D, D, 64]);
    const channels = ops.gather(ops.shapeOf(x), 1, 0);
    expect(channels.shape).to.deep.equal([]);
    expect(channels.value).to.deep.equal([64]);
  });

  it('Transpose, Concat, Split, Unsqueeze, Squeeze', () => {
    const graph = new IrGraph();
    const x = ops.parameter(graph, 'x', 'f32', [D, 77, 8, 40]);
    expect(ops.transpose(x, [0, 2, 1, 3]).shape).to.deep.equal([D, 8, 77, 40]);
    expect(() => ops.transpose(x, [0, 2, 2, 3])).to.throw(IrError, /not a permutation/);
    const y = ops.parameter(graph, 'y', 'f32', [D, 77, 8, 24]);
    expect(ops.concat([x, y], -1).shape).to.deep.equal([D, 77, 8, 64]);
    expect(() => ops.concat([x, y], 1)).to.throw(IrError, /dimension 3 differs/);
    const parts = ops.split(x, -1, 2);
    expect(parts.map((part) => part.shape)).to.deep.equal([[D, 77, 8, 20], [D, 77, 8, 20]]);
    expect(parts[1]!.index).to.equal(1);
    const u = ops.unsqueeze(ops.parameter(graph, 't', 'f32', [D, 320]), [2, 3]);
    expect(u.shape).to.deep.equal([D, 320, 1, 1]);
    expect(ops.squeeze(u, [-1]).shape).to.deep.equal([D, 320, 1]);
    expect(() => ops.squeeze(x, [1])).to.throw(IrError, /is not 1/);
  });

  it('Gather with batch_dims, Slice, Broadcast, Pad, Interpolate, TopK, SDPA, ShapeOf', () => {
    const graph = new IrGraph();
    const hidden = ops.parameter(graph, 'h', 'f32', [D, 77, 32]);
    const index = ops.parameter(graph, 'i', 'i64', [D]);
    expect(ops.gather(hidden, index, 1, { batchDims: 1 }).shape).to.deep.equal([D, 32]);
    const table = weights(graph, [1000, 32]);
    expect(ops.gather(table, ops.parameter(graph, 'ids', 'i32', [D, D]), 0).shape).to.deep.equal([D, D, 32]);
    const positions = ops.constantOf(graph, 'i64', new Array<number>(77).fill(0), [1, 77]);
    expect(ops.slice(positions, [0], [5], [1], [1]).shape).to.deep.equal([1, 5]);
    expect(ops.slice(positions, [0], ops.gather(ops.shapeOf(hidden), [0], 0), [1], [1]).shape).to.deep.equal([1, D]);
    expect(ops.slice(positions, [-3], [100], [1], [1]).shape).to.deep.equal([1, 3]);
    const t = ops.parameter(graph, 't', 'i64', [D]);
    expect(ops.broadcast(t, ops.gather(ops.shapeOf(hidden), [0], 0), 'numpy').shape).to.deep.equal([D]);
    expect(ops.broadcast(weights(graph, [1, 4]), [3, 1], 'bidirectional').shape).to.deep.equal([3, 4]);
    const img = ops.parameter(graph, 'img', 'f32', [1, 3, 31, 32]);
    expect(ops.pad(img, [0, 0, 0, 0], [0, 0, 1, 1]).shape).to.deep.equal([1, 3, 32, 33]);
    expect(ops.interpolate(img, { mode: 'nearest', scales: [2, 2], axes: [2, 3] }).shape).to.deep.equal([1, 3, 62, 64]);
    expect(ops.interpolate(img, { mode: 'bicubic_pillow', sizes: [16, 8], axes: [2, 3] }).shape).to.deep.equal([1, 3, 16, 8]);
    const [values, indices] = ops.topK(ops.parameter(graph, 'ids2', 'i64', [D, 77]), 1, -1, { mode: 'max', sort: 'value' });
    expect(values.shape).to.deep.equal([D, 1]);
    expect(indices.elementType).to.equal('i32');
    const q = ops.parameter(graph, 'q', 'f32', [D, 8, D, 40]);
    const k = ops.parameter(graph, 'k', 'f32', [D, 8, 77, 40]);
    const v = ops.parameter(graph, 'v', 'f32', [D, 8, 77, 40]);
    expect(ops.scaledDotProductAttention(q, k, v).shape).to.deep.equal([D, 8, D, 40]);
    expect(ops.shapeOf(q).shape).to.deep.equal([4]);
  });

  it('normalization ops check their parameters', () => {
    const graph = new IrGraph();
    const x = ops.parameter(graph, 'x', 'f32', [D, 64, D, D]);
    expect(ops.groupNormalization(x, weights(graph, [64]), weights(graph, [64]), 32, 1e-5).shape).to.deep.equal([D, 64, D, D]);
    expect(() => ops.groupNormalization(x, weights(graph, [64]), weights(graph, [64]), 24, 1e-5)).to.throw(IrError, /groups/);
    expect(() => ops.groupNormalization(x, weights(graph, [32]), weights(graph, [64]), 32, 1e-5)).to.throw(IrError, /scale must be/);
    expect(ops.mvn(x, [-1], { eps: 1e-5 }).shape).to.deep.equal([D, 64, D, D]);
    expect(ops.softmax(x, -1).shape).to.deep.equal([D, 64, D, D]);
    expect(() => ops.softmax(x, 4)).to.throw(IrError, /axis 4 out of range/);
  });

  it('refuses inputs from another graph and duplicate tensor names', () => {
    const a = image().x;
    const b = image().x;
    expect(() => ops.add(a, b)).to.throw(IrError, /another graph/);
    const graph = new IrGraph();
    const x = ops.parameter(graph, 'x', 'f32', [1]);
    ops.result(ops.sigmoid(x), 'y');
    expect(() => ops.result(ops.sigmoid(x), 'y')).to.throw(IrError, /tensor name 'y' is used twice/);
  });
});
