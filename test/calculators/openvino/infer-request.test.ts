/**
 * @module test/calculators/openvino/infer-request.test
 * InferRequest over the C API: results checked against TypeScript, errors, busy and stale-tensor rules.
 */
import { expect } from 'chai';
import {
  type CompiledModel, type Core, loadOpenVino, MESSAGES, OpenVinoError,
} from '../../../calculators/openvino/index.js';
import {
  affineExpected, affineModel, linearExpected, linearLayer, linearModel, numbersOf, typedArray,
} from './models.js';
import type { IrType } from './tiny-ir.js';

describe('InferRequest (C API)', () => {
  const ov = loadOpenVino({ binding: 'c' });
  let core: Core;
  before(() => { core = ov.createCore(); });
  after(() => { core.dispose(); });

  async function compileAffine(type: IrType): Promise<CompiledModel> {
    const { xml, weights } = affineModel(type);
    const model = core.readModelFromMemory(xml, weights);
    const compiled = await core.compileModel(model, 'CPU', { INFERENCE_PRECISION_HINT: 'f32' });
    model.dispose(); // the compiled model keeps what it needs
    return compiled;
  }

  const inputs: Record<IrType, number[]> = {
    f32: [0.5, -1.25, 3, 8, 100, 0, -7, 2.75],
    f16: [0.5, -1.25, 3, 8, 100, 0, -7, 2.75],
    // Within i32: the CPU plugin computes i64 arithmetic in i32 (2026.4: 5e9 · 2 + 1 wraps to 1410065409).
    i64: [1, -2, 3, 40, 50000, 0, -7, 8],
    i32: [1, -2, 3, 40, 50000, 0, -7, 8],
    u8: [1, 2, 3, 40, 50, 0, 7, 8],
  };
  for (const type of Object.keys(inputs) as IrType[]) {
    it(`computes x·scale + offset on ${type} tensors as TypeScript does`, async () => {
      const compiled = await compileAffine(type);
      const request = compiled.createInferRequest();
      const x = inputs[type];
      request.setTensor('x', ov.tensor(type, [2, 4], typedArray(type, x)));
      await request.infer();
      const expected = affineExpected(x);
      const y = request.getTensor('y');
      expect([y.elementType, y.shape]).to.deep.equal([type, [2, 4]]);
      expect(numbersOf(type, y.data)).to.deep.equal(expected.y);
      expect(numbersOf(type, request.getTensor('scaled').data)).to.deep.equal(expected.scaled);
      request.dispose();
      compiled.dispose();
    });
  }

  it('computes a MatMul with weights exactly (integer-valued f32)', async () => {
    const layer = linearLayer(16, 5);
    const { xml, weights } = linearModel(layer);
    const model = core.readModelFromMemory(xml, weights);
    const compiled = await core.compileModel(model, 'CPU', { INFERENCE_PRECISION_HINT: 'f32' });
    const request = compiled.createInferRequest();
    const x = Float32Array.from({ length: 3 * 16 }, (_, i) => (i % 5) - 2);
    request.setInputTensor(0, ov.tensor('f32', [3, 16], x));
    await request.infer();
    const y = request.getOutputTensor(0);
    expect(y.shape).to.deep.equal([3, 5]);
    expect(Array.from(y.data as Float32Array)).to.deep.equal(linearExpected(layer, x));
    request.dispose();
    compiled.dispose();
    model.dispose();
  });

  it('reads bound input memory at every infer (zero-copy input)', async () => {
    const compiled = await compileAffine('f32');
    const request = compiled.createInferRequest();
    const x = new Float32Array(4);
    request.setTensor('x', ov.tensor('f32', [1, 4], x));
    for (const value of [1, 2, 3]) {
      x.fill(value);
      await request.infer();
      expect(Array.from(request.getOutputTensor(1).data as Float32Array)).to.deep.equal(affineExpected([value, value, value, value]).y);
    }
    request.dispose();
    compiled.dispose();
  });

  it('works on views into larger buffers (byteOffset), for weights and inputs alike', async () => {
    const { xml, weights } = affineModel('f32');
    const padded = new Uint8Array(weights.byteLength + 13).fill(0xff);
    padded.set(weights, 13);
    const model = core.readModelFromMemory(xml, padded.subarray(13));
    const compiled = await core.compileModel(model, 'CPU');
    const request = compiled.createInferRequest();
    const backing = new Float32Array(12).fill(99);
    backing.set([1, 2, 3, 4], 5);
    request.setTensor('x', ov.tensor('f32', [1, 4], backing.subarray(5, 9)));
    await request.infer();
    expect(Array.from(request.getTensor('y').data as Float32Array)).to.deep.equal(affineExpected([1, 2, 3, 4]).y);
    request.dispose();
    compiled.dispose();
    model.dispose();
  });

  it('fills the request\'s own input buffer in place', async () => {
    const { xml, weights } = affineModel('f32');
    const model = core.readModelFromMemory(xml, weights);
    model.reshape({ x: [2, 4] });
    const compiled = await core.compileModel(model, 'CPU');
    const request = compiled.createInferRequest();
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    (request.getInputTensor(0).data as Float32Array).set(x);
    await request.infer();
    expect(Array.from(request.getTensor('y').data as Float32Array)).to.deep.equal(affineExpected(x).y);
    request.dispose();
    compiled.dispose();
    model.dispose();
  });

  it('a wrong tensor name gives OpenVinoError with OpenVINO\'s message', async () => {
    const compiled = await compileAffine('f32');
    const request = compiled.createInferRequest();
    const tensor = ov.tensor('f32', [1, 4]);
    expect(() => request.setTensor('no_such_input', tensor))
      .to.throw(OpenVinoError, 'Port for tensor name no_such_input was not found')
      .with.property('status', 'GENERAL_ERROR');
    expect(() => request.getTensor('no_such_output')).to.throw(OpenVinoError, 'no_such_output');
    request.dispose();
    compiled.dispose();
  });

  it('a tensor of the wrong type or shape gives OpenVINO\'s message', async () => {
    const compiled = await compileAffine('f32');
    const request = compiled.createInferRequest();
    expect(() => request.setTensor('x', ov.tensor('i32', [1, 4]))).to.throw(OpenVinoError, /precision: i32/);
    expect(() => request.setTensor('x', ov.tensor('f32', [1, 5]))).to.throw(OpenVinoError, /incompatible/);
    request.dispose();
    compiled.dispose();
  });

  it('refuses a second infer() or a set while one runs, then works again', async () => {
    const compiled = await compileAffine('f32');
    const request = compiled.createInferRequest();
    request.setTensor('x', ov.tensor('f32', [1, 4], new Float32Array([1, 1, 1, 1])));
    const running = request.infer();
    const second = request.infer().then(() => undefined, (error: unknown) => error);
    expect(() => request.setTensor('x', ov.tensor('f32', [1, 4])))
      .to.throw(OpenVinoError, MESSAGES.busyTouch('ov_infer_request_set_tensor'));
    await running;
    const error = await second;
    expect(error).to.be.instanceOf(OpenVinoError).with.property('status', 'REQUEST_BUSY');
    expect((error as Error).message).to.equal(MESSAGES.busy);
    await request.infer();
    expect(Array.from(request.getTensor('y').data as Float32Array)).to.deep.equal(affineExpected([1, 1, 1, 1]).y);
    request.dispose();
    compiled.dispose();
  });

  it('a tensor from the request goes stale at the next infer() or set, and after dispose()', async () => {
    const compiled = await compileAffine('f32');
    const request = compiled.createInferRequest();
    request.setTensor('x', ov.tensor('f32', [1, 4], new Float32Array(4)));
    await request.infer();
    const beforeInfer = request.getTensor('y');
    await request.infer();
    expect(() => beforeInfer.data).to.throw(OpenVinoError, MESSAGES.staleTensor("Tensor 'y'"));
    const beforeSet = request.getOutputTensor(0);
    request.setTensor('x', ov.tensor('f32', [1, 4], new Float32Array(4)));
    expect(() => beforeSet.shape).to.throw(OpenVinoError).with.property('status', 'NOT_ALLOCATED');
    const beforeDispose = request.getTensor('y');
    request.dispose();
    expect(() => beforeDispose.data).to.throw(OpenVinoError).with.property('status', 'NOT_ALLOCATED');
    expect(() => request.getTensor('y')).to.throw(OpenVinoError, MESSAGES.disposed('InferRequest'));
    compiled.dispose();
  });

  it('dispose() during an inference frees the request once it settles', async () => {
    const compiled = await compileAffine('f32');
    const request = compiled.createInferRequest();
    request.setTensor('x', ov.tensor('f32', [1, 4], new Float32Array(4)));
    const running = request.infer();
    request.dispose();
    await running;
    await request.infer().then(() => expect.fail('expected NOT_ALLOCATED'), (error: unknown) => {
      expect(error).to.be.instanceOf(OpenVinoError).with.property('status', 'NOT_ALLOCATED');
    });
    compiled.dispose();
  });

  it('a request outlives the compiled model, model and weights it came from', async () => {
    const compiled = await compileAffine('f32');
    const request = compiled.createInferRequest();
    compiled.dispose();
    request.setTensor('x', ov.tensor('f32', [1, 4], new Float32Array([1, 2, 3, 4])));
    await request.infer();
    expect(Array.from(request.getTensor('y').data as Float32Array)).to.deep.equal(affineExpected([1, 2, 3, 4]).y);
    request.dispose();
  });
});
