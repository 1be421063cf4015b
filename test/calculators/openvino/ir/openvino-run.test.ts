import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compressInt8Asymmetric, decompressInt8Asymmetric, float16Value, IrGraph, ops, toFloat16Array, type WeightFormat,
  weightInput, writeIr,
} from '../../../../calculators/openvino/ir/index.js';
import { runIrs } from '../../../support/ir-runner.js';
import * as ref from './reference-math.js';

const CONV_W = ref.tensor([3, 2, 3, 3], ref.pseudoRandom(54, 1));
const CONV_B = ref.pseudoRandom(3, 2);
const DOWN_W = ref.tensor([3, 3, 3, 3], ref.pseudoRandom(81, 9));
const FC_W = ref.tensor([5, 3], ref.pseudoRandom(15, 3));
const FC_B = ref.pseudoRandom(5, 4);
const GN_SCALE = [1.1, 0.9, 1.3];
const GN_BIAS = [0.1, -0.2, 0.05];
const INPUT = ref.tensor([1, 2, 5, 4], ref.pseudoRandom(40, 5));

/** What OpenVINO computes with: the weights after the format's encoding. */
function effective(w: ref.Tensor, format: WeightFormat): ref.Tensor {
  if (format === 'f16') return ref.tensor(w.shape, [...toFloat16Array(w.data)].map(float16Value));
  if (format === 'int8') return ref.tensor(w.shape, decompressInt8Asymmetric(compressInt8Asymmetric(w.data, w.shape[0]!)));
  return w;
}

/** conv → GroupNorm → SiLU → (tokens) Linear → Softmax; Pad + stride-2 conv; nearest ×2 upsampling. */
function convGraph(format: WeightFormat): IrGraph {
  const graph = new IrGraph();
  const x = ops.parameter(graph, 'x', 'f32', [-1, 2, -1, -1]);
  const w = weightInput(graph, { name: 'self.conv.weight', shape: CONV_W.shape, values: () => CONV_W.data }, format, { compressibleAtPort: 1 });
  const bias = ops.constantOf(graph, 'f32', [...CONV_B], [1, 3, 1, 1]);
  const conv = ops.add(ops.convolution(x, w, { padsBegin: [1, 1], padsEnd: [1, 1] }), bias);
  const norm = ops.groupNormalization(conv, ops.constantOf(graph, 'f32', GN_SCALE), ops.constantOf(graph, 'f32', GN_BIAS), 3, 1e-5);
  const act = ops.swish(norm);
  const tokens = ops.transpose(ops.reshape(act, [0, 3, -1], true), [0, 2, 1]);
  const fcW = weightInput(graph, { name: 'self.fc.weight', shape: FC_W.shape, values: () => FC_W.data }, format, { compressibleAtPort: 1 });
  const logits = ops.add(ops.matMul(tokens, fcW, { transposeB: true }), ops.constantOf(graph, 'f32', [...FC_B]));
  ops.result(ops.softmax(logits, -1), 'probabilities');
  const downW = weightInput(graph, { name: 'self.down.weight', shape: DOWN_W.shape, values: () => DOWN_W.data }, format, { compressibleAtPort: 1 });
  const down = ops.convolution(ops.pad(act, [0, 0, 0, 0], [0, 0, 1, 1]), downW, { strides: [2, 2] });
  ops.result(down, 'downsampled');
  ops.result(ops.interpolate(act, {
    mode: 'nearest', scales: [2, 2], axes: [2, 3], coordinateTransformationMode: 'asymmetric', nearestMode: 'floor',
  }), 'upsampled');
  return graph;
}

const IDS = [[3, 9, 9, 1, 0], [9, 2, 5, 9, 9]];
const TABLE = ref.tensor([10, 4], ref.pseudoRandom(40, 7));
const POSITIONS = ref.tensor([1, 5, 4], ref.pseudoRandom(20, 8));
const GAMMA = [1, 0.5, 1.5, 1];
const BETA = [0, 0.1, 0, -0.1];

/** Embedding → LayerNorm → 2-head causal SDPA → GELU; argmax pooling; Split/Concat. */
function textGraph(): IrGraph {
  const graph = new IrGraph();
  const ids = ops.parameter(graph, 'input_ids', 'i64', [-1, -1]);
  const table = weightInput(graph, { name: 'self.embedding.weight', shape: TABLE.shape, values: () => TABLE.data }, 'f32');
  const embedded = ops.add(ops.gather(table, ops.convert(ids, 'i32'), 0), ops.constantOf(graph, 'f32', [...POSITIONS.data], [1, 5, 4]));
  const normed = ops.add(ops.multiply(ops.mvn(embedded, [-1], { eps: 1e-5 }), ops.constantOf(graph, 'f32', GAMMA)), ops.constantOf(graph, 'f32', BETA));
  const heads = ops.transpose(ops.reshape(normed, [0, 0, 2, 2], true), [0, 2, 1, 3]);
  const attended = ops.scaledDotProductAttention(heads, heads, heads, { causal: true });
  const hidden = ops.gelu(ops.reshape(ops.transpose(attended, [0, 2, 1, 3]), [0, 0, 4], true));
  ops.result(hidden, 'hidden');
  const [, index] = ops.topK(ids, 1, -1, { mode: 'max', sort: 'value', stable: true, indexElementType: 'i64' });
  ops.result(ops.gather(hidden, ops.squeeze(index, [1]), 1, { batchDims: 1 }), 'pooled');
  const [a, b] = ops.split(hidden, -1, 2) as [typeof hidden, typeof hidden];
  ops.result(ops.concat([b, a], -1), 'swapped');
  return graph;
}

/** GenAI's image resize (genai-image-generation.md §5.2): Interpolate-11 BICUBIC_PILLOW on u8 NHWC, cube_coeff -0.75. */
function resizeGraph(height: number, width: number): IrGraph {
  const graph = new IrGraph();
  const image = ops.parameter(graph, 'image', 'u8', [1, -1, -1, 3]);
  ops.result(ops.interpolate(image, {
    mode: 'bicubic_pillow', sizes: [height, width], axes: [1, 2], coordinateTransformationMode: 'pytorch_half_pixel',
    cubeCoeff: -0.75,
  }), 'resized');
  return graph;
}

describe('IR graphs run by OpenVINO', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'pictograph-ir-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('compute what the op specifications say, for f32, f16 and int8 weights', async () => {
    const formats: WeightFormat[] = ['f32', 'f16', 'int8'];
    const reports = await runIrs(formats.map((format) => ({
      xml: writeIr(convGraph(format), join(dir, `conv-${format}`)).xmlPath,
      inputs: { x: { shape: INPUT.shape, elementType: 'f32', values: [...INPUT.data] } },
    })));
    formats.forEach((format, i) => {
      const report = reports[i]!;
      expect(report.outputs.map((port) => [port.names, port.shape])).to.deep.equal([
        [['probabilities'], [-1, -1, 5]], [['downsampled'], [-1, 3, -1, -1]], [['upsampled'], [-1, 3, -1, -1]],
      ]);
      const conv = ref.conv2d(INPUT, effective(CONV_W, format), CONV_B, 1, 1, 1);
      const act = ref.map(ref.groupNorm(conv, 3, GN_SCALE, GN_BIAS, 1e-5), ref.silu);
      const tokens = ref.permute(ref.tensor([1, 3, 20], act.data), [0, 2, 1]);
      const probabilities = ref.softmaxLast(ref.linear(tokens, effective(FC_W, format), FC_B));
      const padded = ref.conv2d(act, effective(DOWN_W, format), [0, 0, 0], 2, 0, 1);
      const expected = [probabilities, padded, ref.upsampleNearest2x(act)];
      report.results!.forEach((result, k) => {
        expect(result.shape, `${format} ${result.names[0]}`).to.deep.equal(expected[k]!.shape);
        // f32 accumulation-order noise only: the weights above are exactly what the graph decodes.
        expect(ref.maxAbsDifference(result.data, expected[k]!.data), `${format} ${result.names[0]}`).to.be.lessThan(2e-5);
      });
    });
  });

  it('build standalone preprocessing graphs: a Pillow-bicubic u8 resize', async () => {
    const pixels = Array.from({ length: 6 * 4 * 3 }, (_, i) => (i * 29) % 256);
    const flat = new Array<number>(8 * 8 * 3).fill(77);
    const [same, shrunk] = await runIrs([
      { xml: writeIr(resizeGraph(6, 4), join(dir, 'resize-same')).xmlPath, inputs: { image: { shape: [1, 6, 4, 3], elementType: 'u8', values: pixels } } },
      { xml: writeIr(resizeGraph(2, 3), join(dir, 'resize-down')).xmlPath, inputs: { image: { shape: [1, 8, 8, 3], elementType: 'u8', values: flat } } },
    ]);
    expect(same!.outputs[0]!.elementType).to.equal('u8');
    // An unchanged size is a plain copy; a flat image stays flat.
    expect([...same!.results![0]!.data]).to.deep.equal(pixels);
    expect(shrunk!.results![0]!.shape).to.deep.equal([1, 2, 3, 3]);
    expect([...shrunk!.results![0]!.data]).to.deep.equal(new Array<number>(18).fill(77));
  });

  it('match embedding, LayerNorm, causal SDPA, GELU, first-argmax pooling and Split/Concat', async () => {
    const [report] = await runIrs([{
      xml: writeIr(textGraph(), join(dir, 'text')).xmlPath,
      inputs: { input_ids: { shape: [2, 5], elementType: 'i64', values: IDS.flat() } },
    }]);
    const embedded = ref.tensor([2, 5, 4], IDS.flatMap((row) => row.flatMap((id, position) =>
      [0, 1, 2, 3].map((d) => TABLE.data[id * 4 + d]! + POSITIONS.data[position * 4 + d]!))));
    const heads = ref.permute(ref.tensor([2, 5, 2, 2], ref.layerNorm(embedded, GAMMA, BETA, 1e-5).data), [0, 2, 1, 3]);
    const hidden = ref.map(ref.tensor([2, 5, 4], ref.permute(ref.causalAttention(heads), [0, 2, 1, 3]).data), ref.geluErf);
    const [hiddenOut, pooledOut, swappedOut] = report!.results!.map((result) => result.data);
    expect(ref.maxAbsDifference(hiddenOut!, hidden.data)).to.be.lessThan(2e-5);
    // First maximum: row 0 → position 1 (not 2), row 1 → position 0.
    const pooled = [...hidden.data.subarray(4, 8), ...hidden.data.subarray(20, 24)];
    expect(ref.maxAbsDifference(pooledOut!, pooled)).to.be.lessThan(2e-5);
    const swapped = Array.from({ length: 40 }, (_, i) => hidden.data[Math.floor(i / 4) * 4 + ((i % 4) + 2) % 4]!);
    expect(ref.maxAbsDifference(swappedOut!, swapped)).to.be.lessThan(2e-5);
  });
});
