/**
 * @module test/calculators/openvino/model.test
 * Model over the C API: reading IR from files and memory, ports, reshape.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Core, loadOpenVino, MESSAGES, OpenVinoError, type PortInfo } from '../../../calculators/openvino/index.js';
import { affineModel, linearLayer, linearModel } from './models.js';

function port(name: string, elementType: string, intervals: { min: number; max: number }[]): PortInfo {
  return {
    name, names: [name], elementType: elementType as PortInfo['elementType'],
    partialShape: intervals.map(({ min, max }) => (min === max ? min : -1)), intervals, isRankDynamic: false,
  };
}

describe('Model (C API)', () => {
  const ov = loadOpenVino({ binding: 'c' });
  let core: Core;
  let dir: string;
  beforeEach(() => {
    core = ov.createCore();
    dir = mkdtempSync(join(tmpdir(), 'pictograph-ov-model-'));
  });
  afterEach(() => {
    core.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads an IR from memory and lists its inputs and outputs', () => {
    const { xml, weights } = affineModel('i32');
    const model = core.readModelFromMemory(xml, weights);
    const dynamicRows = { min: 0, max: -1 };
    expect(model.inputs).to.deep.equal([port('x', 'i32', [dynamicRows, { min: 4, max: 4 }])]);
    expect(model.outputs).to.deep.equal([
      port('scaled', 'i32', [dynamicRows, { min: 4, max: 4 }]), port('y', 'i32', [dynamicRows, { min: 4, max: 4 }]),
    ]);
    model.dispose();
  });

  it('reads an IR from files, with the .bin named or found beside the .xml', () => {
    const layer = linearLayer(3, 2);
    const { xml, weights } = linearModel(layer);
    writeFileSync(join(dir, 'linear.xml'), xml);
    writeFileSync(join(dir, 'linear.bin'), weights);
    writeFileSync(join(dir, 'other-name.bin'), weights);
    const expected = [port('y', 'f32', [{ min: 0, max: -1 }, { min: 2, max: 2 }])];
    const implicit = core.readModel(join(dir, 'linear.xml'));
    const explicit = core.readModel(join(dir, 'linear.xml'), join(dir, 'other-name.bin'));
    expect(implicit.outputs).to.deep.equal(expected);
    expect(explicit.outputs).to.deep.equal(expected);
    implicit.dispose();
    explicit.dispose();
  });

  it('reports a missing model file with OpenVINO\'s message', () => {
    expect(() => core.readModel(join(dir, 'absent.xml')))
      .to.throw(OpenVinoError, /absent\.xml/).with.property('call', 'ov_core_read_model');
  });

  it('reports an inconsistent IR with OpenVINO\'s message', () => {
    const { xml, weights } = affineModel('f32');
    // An i32 constant multiplied with an f32 input: OpenVINO refuses to mix element types.
    const broken = xml.replace('element_type="f32" shape="4"', 'element_type="i32" shape="4"');
    expect(() => core.readModelFromMemory(broken, weights))
      .to.throw(OpenVinoError, /do not have the same element type/).with.property('status', 'GENERAL_ERROR');
  });

  it('reshapes inputs to static and bounded shapes, and outputs follow', () => {
    const { xml, weights } = affineModel('f32');
    const model = core.readModelFromMemory(xml, weights);
    model.reshape({ x: [3, 4] });
    expect(model.inputs[0]?.partialShape).to.deep.equal([3, 4]);
    expect(model.outputs[1]?.partialShape).to.deep.equal([3, 4]);
    model.reshape({ x: [{ min: 1, max: 8 }, 4] });
    expect(model.inputs[0]?.partialShape).to.deep.equal([-1, 4]);
    expect(model.inputs[0]?.intervals).to.deep.equal([{ min: 1, max: 8 }, { min: 4, max: 4 }]);
    expect(model.outputs[1]?.intervals).to.deep.equal([{ min: 1, max: 8 }, { min: 4, max: 4 }]);
    model.dispose();
  });

  it('refuses a reshape OpenVINO cannot do, naming the problem', () => {
    const { xml, weights } = affineModel('f32');
    const model = core.readModelFromMemory(xml, weights);
    expect(() => model.reshape({ x: [2, 5] })).to.throw(OpenVinoError).with.property('call', 'ov_model_reshape');
    expect(() => model.reshape({ nope: [2, 4] })).to.throw(OpenVinoError, /nope/);
    expect(() => model.reshape({ x: [] })).to.throw(OpenVinoError, MESSAGES.scalarReshape('x'));
    model.dispose();
  });

  it('the compiled model reports the ports of the reshaped model', async () => {
    const { xml, weights } = affineModel('f32');
    const model = core.readModelFromMemory(xml, weights);
    model.reshape({ x: [2, 4] });
    const compiled = await core.compileModel(model, 'CPU');
    expect(compiled.inputs.map((p) => [p.name, p.elementType, p.partialShape])).to.deep.equal([['x', 'f32', [2, 4]]]);
    expect(compiled.outputs.map((p) => p.name)).to.deep.equal(['scaled', 'y']);
    compiled.dispose();
    model.dispose();
  });
});
