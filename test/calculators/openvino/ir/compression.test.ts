import { expect } from 'chai';
import {
  compressInt8Asymmetric, decompressInt8Asymmetric, float16BitsClamped, float16Value, IrGraph, markInt8WeightCompression, ops,
  serializeIr, weightInput,
} from '../../../../calculators/openvino/ir/index.js';
import { attributeOf, childrenNamed, parseXml } from '../../../../calculators/openvino/ir/xml.js';

function linearGraph(format: 'f32' | 'f16' | 'int8') {
  const graph = new IrGraph();
  const x = ops.parameter(graph, 'x', 'f32', [-1, 6]);
  const values = () => Float32Array.from({ length: 4 * 6 }, (_, i) => Math.sin(i) * 0.3);
  const w = weightInput(graph, { name: 'self.fc.weight', shape: [4, 6], values }, format, { compressibleAtPort: 1 });
  ops.result(ops.matMul(x, w, { transposeB: true, name: '__module.fc/aten::linear/MatMul' }), 'y');
  return graph;
}

describe('IR weight compression', () => {
  it('quantises per channel like NNCF INT8_ASYM (half-to-even rounding, a range that holds zero)', () => {
    // Channel 0: min -128, max 127 → scale 1, zp 128; q = round(w + 128) with ties to even:
    // -0.5 → 127.5 → 128, 0.5 → 128.5 → 128, 1.5 → 129.5 → 130.
    // Channel 1: all 2.55 → the range widened to [0, 2.55]: scale 0.01, zp 0, q 255.
    // Channel 2: all 0 → scale 0 → float32 eps, zp 0, q 0.
    const compressed = compressInt8Asymmetric(new Float32Array([-128, -0.5, 0.5, 1.5, 127, 2.55, 2.55, 2.55, 2.55, 2.55, 0, 0, 0, 0, 0]), 3);
    expect([...compressed.quantized]).to.deep.equal([0, 128, 128, 130, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 0]);
    expect([...compressed.zeroPoints]).to.deep.equal([128, 0, 0]);
    expect([...compressed.scales].map(float16Value)).to.deep.equal([1, float16Value(float16BitsClamped(0.01)), float16Value(float16BitsClamped(2 ** -23))]);
  });

  it('reconstructs random weights within half a step plus f16 rounding', () => {
    const values = Float32Array.from({ length: 64 * 50 }, (_, i) => Math.sin(i * 12.9898) * (1 + (i % 64) / 10));
    const compressed = compressInt8Asymmetric(values, 64);
    const restored = decompressInt8Asymmetric(compressed);
    let worst = 0;
    for (let c = 0; c < 64; c++) {
      const step = float16Value(compressed.scales[c]!);
      for (let i = c * 50; i < (c + 1) * 50; i++) worst = Math.max(worst, Math.abs(restored[i]! - values[i]!) / step);
    }
    // Half a quantisation step, plus the f16 rounding of the scale (relative 2^-11 on up to 255 steps).
    expect(worst).to.be.lessThan(0.5 + 255 * 2 ** -11);
  });

  it('builds the NNCF decompression subgraph with its names, types and per-channel shapes', () => {
    const graph = linearGraph('int8');
    markInt8WeightCompression(graph);
    const net = parseXml(serializeIr(graph).xml);
    const layers = childrenNamed(childrenNamed(net, 'layers')[0]!, 'layer');
    const byName = new Map(layers.map((layer) => [attributeOf(layer, 'name')!, layer]));
    const constData = (name: string) => {
      const data = childrenNamed(byName.get(name)!, 'data')[0]!;
      return [attributeOf(data, 'element_type'), attributeOf(data, 'shape')];
    };
    expect(constData('self.fc.weight')).to.deep.equal(['u8', '4, 6']);
    expect(constData('self.fc.weight/zero_point')).to.deep.equal(['u8', '4, 1']);
    expect(constData('self.fc.weight/scale')).to.deep.equal(['f16', '4, 1']);
    expect(attributeOf(byName.get('self.fc.weight/zero_point/subtract')!, 'type')).to.equal('Subtract');
    expect(attributeOf(byName.get('self.fc.weight/fq_weights_1')!, 'type')).to.equal('Multiply');
    const last = byName.get('self.fc.weight/fq_weights_1/convert')!;
    expect(childrenNamed(last, 'data')[0]!.attributes).to.deep.equal([['destination_type', 'f32']]);
    const rtInfo = childrenNamed(net, 'rt_info')[0]!;
    const compression = childrenNamed(childrenNamed(rtInfo, 'nncf')[0]!, 'weight_compression')[0]!;
    expect(attributeOf(childrenNamed(compression, 'mode')[0]!, 'value')).to.equal('int8_asym');
    expect(attributeOf(childrenNamed(compression, 'group_size')[0]!, 'value')).to.equal('-1');
  });

  it('stores f16 weights as NAME_compressed → Convert NAME marked as decompression', () => {
    const net = parseXml(serializeIr(linearGraph('f16')).xml);
    const layers = childrenNamed(childrenNamed(net, 'layers')[0]!, 'layer');
    const weight = layers.find((layer) => attributeOf(layer, 'name') === 'self.fc.weight_compressed')!;
    expect(attributeOf(childrenNamed(weight, 'data')[0]!, 'element_type')).to.equal('f16');
    const convert = layers.find((layer) => attributeOf(layer, 'name') === 'self.fc.weight')!;
    expect(attributeOf(convert, 'type')).to.equal('Convert');
    const mark = childrenNamed(childrenNamed(convert, 'rt_info')[0]!, 'attribute')[0]!;
    expect(mark.attributes).to.deep.equal([['name', 'decompression'], ['version', '0']]);
  });

  it('keeps f32 weights as one Const named after the parameter', () => {
    const { bin, xml } = serializeIr(linearGraph('f32'));
    expect(bin.byteLength).to.equal(4 * 6 * 4);
    expect(xml).to.contain('name="self.fc.weight" type="Const"');
  });
});
