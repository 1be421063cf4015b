import { expect } from 'chai';
import {
  bytesPayload, encodeValues, IrGraph, ops, parseElementType, serializeIr, viewBytes,
} from '../../../../calculators/openvino/ir/index.js';
import { attributeOf, childrenNamed, parseXml, type XmlElement } from '../../../../calculators/openvino/ir/xml.js';

/** input → conv(+bias) → add → Result, plus a dead branch and two identical small constants. */
function sampleGraph() {
  const graph = new IrGraph();
  const x = ops.parameter(graph, 'sample', 'f32', [-1, 4, -1, -1]);
  const t = ops.parameter(graph, 'timestep', 'i64', [-1]);
  const w = ops.constantOf(graph, 'f32', Array.from({ length: 8 * 4 * 9 }, (_, i) => i / 100), [8, 4, 3, 3], { name: 'self.conv.weight' });
  const conv = ops.convolution(x, w, { padsBegin: [1, 1], padsEnd: [1, 1], name: '__module.conv/aten::_convolution/Convolution' });
  const bias = ops.constantOf(graph, 'f32', Array.from({ length: 8 }, (_, i) => i), [1, 8, 1, 1]);
  const sum = ops.add(conv, bias, { name: '__module.conv/aten::_convolution/Add' });
  ops.sigmoid(sum, { name: 'dead' });
  // Two equal i64 vectors: one blob in the .bin.
  const first = ops.reshape(sum, [0, 8, -1], true);
  const second = ops.reshape(first, [0, 8, -1], true);
  ops.result(second, 'out_sample');
  ops.result(ops.convert(t, 'f32'), 'timestep_f32');
  return graph;
}

function layers(net: XmlElement): XmlElement[] {
  return childrenNamed(childrenNamed(net, 'layers')[0]!, 'layer');
}

describe('IR serialization', () => {
  it('puts <net version="11"> at the top, within the first 512 bytes', () => {
    const { xml } = serializeIr(sampleGraph());
    expect(xml.startsWith('<?xml version="1.0"?>\n<net name="Model0" version="11">')).to.equal(true);
  });

  it('orders layers Parameters first, Results last, and drops unreachable ones', () => {
    const net = parseXml(serializeIr(sampleGraph()).xml);
    const all = layers(net);
    expect(all.map((layer) => attributeOf(layer, 'id'))).to.deep.equal(all.map((_, i) => String(i)));
    expect(all.slice(0, 2).map((layer) => attributeOf(layer, 'name'))).to.deep.equal(['sample', 'timestep']);
    expect(all.slice(-2).map((layer) => attributeOf(layer, 'type'))).to.deep.equal(['Result', 'Result']);
    expect(all.find((layer) => attributeOf(layer, 'name') === 'dead')).to.equal(undefined);
  });

  it('numbers input ports 0..n-1 and output ports from n, and every edge names existing ports', () => {
    const net = parseXml(serializeIr(sampleGraph()).xml);
    const byId = new Map(layers(net).map((layer) => [attributeOf(layer, 'id')!, layer]));
    const portIds = (layer: XmlElement, section: string) =>
      childrenNamed(childrenNamed(layer, section)[0] ?? { name: '', attributes: [], children: [], text: '' }, 'port')
        .map((port) => attributeOf(port, 'id'));
    for (const layer of byId.values()) {
      const inputs = portIds(layer, 'input');
      expect(inputs).to.deep.equal(inputs.map((_, i) => String(i)));
      expect(portIds(layer, 'output')).to.deep.equal(portIds(layer, 'output').map((_, i) => String(inputs.length + i)));
    }
    const edges = childrenNamed(childrenNamed(net, 'edges')[0]!, 'edge');
    const from = edges.map((edge) => Number(attributeOf(edge, 'from-layer')));
    expect(from).to.deep.equal([...from].sort((a, b) => a - b));
    for (const edge of edges) {
      expect(portIds(byId.get(attributeOf(edge, 'from-layer')!)!, 'output')).to.include(attributeOf(edge, 'from-port'));
      expect(portIds(byId.get(attributeOf(edge, 'to-layer')!)!, 'input')).to.include(attributeOf(edge, 'to-port'));
    }
    const conv = [...byId.values()].find((layer) => attributeOf(layer, 'type') === 'Convolution')!;
    expect(portIds(conv, 'output')).to.deep.equal(['2']);
  });

  it('writes Const data at aligned offsets, shares identical small blobs, and sizes the .bin exactly', () => {
    const graph = sampleGraph();
    const { xml, bin } = serializeIr(graph);
    const consts = layers(parseXml(xml)).filter((layer) => attributeOf(layer, 'type') === 'Const');
    let end = 0;
    const offsets: string[] = [];
    for (const layer of consts) {
      const data = childrenNamed(layer, 'data')[0]!;
      const offset = Number(attributeOf(data, 'offset'));
      const size = Number(attributeOf(data, 'size'));
      const type = parseElementType(attributeOf(data, 'element_type')!)!;
      expect(offset % (type === 'i64' ? 8 : 4), attributeOf(layer, 'name')).to.equal(0);
      const node = graph.findNode(attributeOf(layer, 'name')!)!;
      expect(Buffer.from(bin.subarray(offset, offset + size)).equals(Buffer.from(node.payload!.bytes()))).to.equal(true);
      end = Math.max(end, offset + size);
      offsets.push(`${offset}:${size}:${attributeOf(data, 'shape')}`);
    }
    expect(end).to.equal(bin.byteLength);
    const reshapeTargets = offsets.filter((entry) => entry.endsWith(':3'));
    expect(reshapeTargets).to.have.length(2);
    expect(reshapeTargets[0]).to.equal(reshapeTargets[1]);
    const weight = consts.find((layer) => attributeOf(layer, 'name') === 'self.conv.weight')!;
    expect(childrenNamed(weight, 'data')[0]!.attributes).to.deep.equal([
      ['element_type', 'f32'], ['shape', '8, 4, 3, 3'], ['offset', '0'], ['size', '1152'],
    ]);
  });

  it('names model inputs and outputs on ports, repeats output names on the Result, and writes port types', () => {
    const net = parseXml(serializeIr(sampleGraph()).xml);
    const all = layers(net);
    const sample = all[0]!;
    expect(childrenNamed(sample, 'data')[0]!.attributes).to.deep.equal([['shape', '?,4,?,?'], ['element_type', 'f32']]);
    const samplePort = childrenNamed(childrenNamed(sample, 'output')[0]!, 'port')[0]!;
    expect(attributeOf(samplePort, 'names')).to.equal('sample');
    expect(childrenNamed(samplePort, 'dim').map((dim) => dim.text)).to.deep.equal(['-1', '4', '-1', '-1']);
    const result = all.find((layer) => attributeOf(layer, 'output_names') === 'out_sample')!;
    expect(attributeOf(result, 'type')).to.equal('Result');
    const producers = all.filter((layer) => childrenNamed(childrenNamed(layer, 'output')[0] ?? result, 'port')
      .some((port) => attributeOf(port, 'names') === 'out_sample'));
    expect(producers.map((layer) => attributeOf(layer, 'type'))).to.deep.equal(['Reshape']);
    const convert = all.find((layer) => attributeOf(layer, 'type') === 'Convert')!;
    expect(childrenNamed(childrenNamed(convert, 'input')[0]!, 'port')[0]!.attributes).to.deep.equal([['id', '0'], ['precision', 'I64']]);
    expect(attributeOf(childrenNamed(childrenNamed(convert, 'output')[0]!, 'port')[0]!, 'precision')).to.equal('FP32');
  });

  it('writes scalar ports without dims, node rt_info, and model rt_info with non-tag keys as <info>', () => {
    const graph = new IrGraph();
    const x = ops.parameter(graph, 'x', 'f32', [2]);
    const half = ops.constant(graph, 'f16', [], bytesPayload(encodeValues('f16', [0.5])), { name: 'c_compressed' });
    const c = ops.convert(half, 'f32', { name: 'c', rtInfo: [{ name: 'attribute', attributes: [['name', 'decompression'], ['version', '0']], children: [], text: '' }] });
    ops.result(ops.multiply(x, c), 'y');
    graph.setRtInfo(['runtime_options', 'ACTIVATIONS_SCALE_FACTOR'], '8.0');
    graph.setRtInfo(['OpenVINO Runtime'], 'none');
    const { xml } = serializeIr(graph);
    expect(xml).to.contain('<port id="0" precision="FP16" />');
    expect(xml).to.contain('<rt_info>\n\t\t\t\t<attribute name="decompression" version="0" />\n\t\t\t</rt_info>');
    expect(xml).to.contain('\t<rt_info>\n\t\t<runtime_options>\n\t\t\t<ACTIVATIONS_SCALE_FACTOR value="8.0" />\n\t\t</runtime_options>\n' +
      '\t\t<info name="OpenVINO Runtime" value="none" />\n\t</rt_info>\n</net>\n');
    expect(viewBytes(new Uint16Array([0x3800]))).to.deep.equal(serializeIr(graph).bin);
  });
});
