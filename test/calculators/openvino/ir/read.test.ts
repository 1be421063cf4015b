import { expect } from 'chai';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IrError, IrGraph, ops, readIr, readIrFile, serializeIr, writeIr } from '../../../../calculators/openvino/ir/index.js';
import { tinyModel } from '../../../support/tiny-models.js';
import { tokenizeWithOracle } from '../../../support/tokenizer-oracle.js';

function convModel(): IrGraph {
  const graph = new IrGraph();
  const x = ops.parameter(graph, 'sample', 'f32', [-1, 4, -1, -1]);
  const w = ops.constantOf(graph, 'f32', Array.from({ length: 320 * 36 }, (_, i) => Math.cos(i)), [320, 4, 3, 3], { name: 'self.conv_in.weight' });
  const conv = ops.convolution(x, w, { padsBegin: [1, 1], padsEnd: [1, 1], name: '__module.conv_in/aten::_convolution/Convolution' });
  const out = ops.add(conv, ops.constantOf(graph, 'f32', new Array<number>(320).fill(0.25), [1, 320, 1, 1]),
    { name: '__module.conv_in/aten::_convolution/Add' });
  ops.result(out, 'out_sample');
  graph.setRtInfo(['conversion_parameters', 'framework'], 'pytorch');
  return graph;
}

describe('IR reading', () => {
  it('round-trips serialize → readIr → serialize byte for byte', () => {
    const first = serializeIr(convModel());
    const second = serializeIr(readIr(first.xml, first.bin));
    expect(second.xml).to.equal(first.xml);
    expect(Buffer.from(second.bin).equals(Buffer.from(first.bin))).to.equal(true);
  });

  it('keeps layers of unknown types with their raw attributes, ports and rt_info', () => {
    const graph = new IrGraph();
    const x = ops.parameter(graph, 'x', 'f32', [-1, 3]);
    const custom = graph.addNode({
      type: 'StringTensorPack', version: 'extension', name: 'custom',
      attributes: [['mode', 'begins_ends'], ['odd', 'a,"b"']],
      inputs: [x],
      outputs: [{ elementType: 'string', shape: [-1], names: ['packed'] }, { elementType: 'i32', shape: [3] }],
      rtInfo: [{ name: 'attribute', attributes: [['name', 'fused_names'], ['version', '0'], ['value', 'a,b']], children: [], text: '' }],
    });
    ops.result(custom.output(0), 'text');
    ops.result(custom.output(1), 'lengths');
    const first = serializeIr(graph);
    const read = readIr(first.xml, first.bin);
    const node = read.findNode('custom')!;
    expect(node.type).to.equal('StringTensorPack');
    expect(node.version).to.equal('extension');
    expect(node.attributes).to.deep.equal([['mode', 'begins_ends'], ['odd', 'a,"b"']]);
    expect(node.outputs.map((port) => [port.elementType, port.shape, port.names])).to.deep.equal([
      ['string', [-1], ['packed', 'text']], ['i32', [3], ['lengths']],
    ]);
    expect(serializeIr(read).xml).to.equal(first.xml);
  });

  it('lets ops be inserted on an existing edge (the LoRA rewriting step)', () => {
    const first = serializeIr(convModel());
    const graph = readIr(first.xml, first.bin);
    const add = graph.findNode('__module.conv_in/aten::_convolution/Add')!.output();
    expect(add.shape).to.deep.equal([-1, 320, -1, -1]);
    const doubled = ops.multiply(add, ops.scalar(graph, 'f32', 2), { name: 'doubled' });
    expect(graph.replaceAllUses(add, doubled, { except: [doubled.node] })).to.equal(1);
    const xml = serializeIr(graph).xml;
    expect(xml).to.match(/name="doubled" type="Multiply"/);
    const reread = readIr(xml, serializeIr(graph).bin);
    expect(reread.results[0]!.inputs[0]!.node.name).to.equal('doubled');
  });

  it('reports malformed IR with the OpenVINO wording', () => {
    const { xml, bin } = serializeIr(convModel());
    expect(() => readIr(xml.replace('version="11"', 'version="7"'), bin)).to.throw(IrError, /IR version 7/);
    expect(() => readIr(xml, bin.subarray(0, 100))).to.throw(IrError, /Incorrect weights in bin file/);
    expect(() => readIr(xml.replace('from-port="2" to-layer', 'from-port="9" to-layer'), bin))
      .to.throw(IrError, /Can not find output port with id 9/);
    expect(() => readIr(xml.replace(/<layer id="0" name="sample"/, '<layer id="0"'), bin))
      .to.throw(IrError, /missing mandatory attribute 'name'/);
    expect(() => readIr(xml.replace('</layers>', ''), bin)).to.throw(IrError, /does not match/);
    expect(() => readIr(xml.replace('<dim>320</dim>', '<dim>?</dim>'), bin)).to.throw(IrError, /must be an integer >= -1/);
  });
});

describe('IR reading of files OpenVINO wrote', function () {
  this.timeout(120_000);

  it('round-trips a converted tokenizer (extension ops, string constants, ReadValue/Assign) that still tokenizes the same', async () => {
    const source = join(await tinyModel('sd15'), 'tokenizer');
    const copy = mkdtempSync(join(tmpdir(), 'pictograph-tokenizer-ir-'));
    try {
      for (const file of ['vocab.json', 'merges.txt', 'tokenizer_config.json', 'special_tokens_map.json']) copyFileSync(join(source, file), join(copy, file));
      const graph = readIrFile(join(source, 'openvino_tokenizer.xml'));
      expect(graph.nodes.map((node) => node.type)).to.include.members(['BPETokenizer', 'StringTensorUnpack', 'ReadValue', 'Assign']);
      writeIr(graph, join(copy, 'openvino_tokenizer'));
      const prompts = ['a photo of a cat sitting on a couch', 'Three CATS, 4k!'];
      const [original, rewritten] = await Promise.all([tokenizeWithOracle(source, prompts), tokenizeWithOracle(copy, prompts)]);
      expect(rewritten.openvino).to.deep.equal(original.openvino);
      expect(rewritten.openvino_pad_token_id).to.equal(999);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
