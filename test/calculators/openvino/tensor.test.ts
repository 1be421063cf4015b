/**
 * @module test/calculators/openvino/tensor.test
 * Tensor over the C API: zero-copy TypedArrays, element types, validation of shapes and data.
 */
import { expect } from 'chai';
import { loadOpenVino, MESSAGES, OpenVinoError } from '../../../calculators/openvino/index.js';
import { fromF16Bits, toF16Bits } from './models.js';

describe('Tensor (C API)', () => {
  const ov = loadOpenVino({ binding: 'c' });

  it('wraps a TypedArray without copying, in both directions', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    const tensor = ov.tensor('f32', [2, 3], data);
    expect(tensor.data).to.equal(data);
    data[4] = 42;
    expect(tensor.data[4]).to.equal(42);
    expect(tensor.shape).to.deep.equal([2, 3]);
    expect(tensor.byteSize).to.equal(24);
    expect(tensor.elementType).to.equal('f32');
    tensor.dispose();
  });

  it('gives each element type its TypedArray, with OpenVINO\'s own byte size', () => {
    const cases = [
      ['f32', new Float32Array(6)], ['f16', new Uint16Array(6)], ['bf16', new Uint16Array(6)],
      ['i64', new BigInt64Array(6)], ['i32', new Int32Array(6)], ['u8', new Uint8Array(6)],
      ['f64', new Float64Array(6)], ['u64', new BigUint64Array(6)], ['i8', new Int8Array(6)],
      ['boolean', new Uint8Array(6)], ['u4', new Uint8Array(3)],
    ] as const;
    for (const [type, data] of cases) {
      const tensor = ov.tensor(type, [2, 3], data);
      expect([tensor.elementType, tensor.byteSize], type).to.deep.equal([type, data.byteLength]);
      expect(tensor.data, type).to.equal(data);
      tensor.dispose();
    }
  });

  it('allocates native memory when no data is given, and views it in place', () => {
    const tensor = ov.tensor('i64', [4], undefined);
    const view = tensor.data as BigInt64Array;
    expect(view).to.be.instanceOf(BigInt64Array).with.length(4);
    view.set([1n, 2n, 3n, 4n]);
    expect(Array.from(tensor.data as BigInt64Array)).to.deep.equal([1n, 2n, 3n, 4n]);
    expect(tensor.data).to.equal(view);
    tensor.dispose();
  });

  it('round-trips f16 bit patterns', () => {
    const values = [0, 1, -2, 0.5, 1024, -0.25];
    const tensor = ov.tensor('f16', [6], Uint16Array.from(values, toF16Bits));
    expect(Array.from(tensor.data as Uint16Array, fromF16Bits)).to.deep.equal(values);
    tensor.dispose();
  });

  it('makes scalar and empty tensors', () => {
    const scalar = ov.tensor('f32', [], new Float32Array([7]));
    expect([scalar.shape, scalar.byteSize, scalar.data[0]]).to.deep.equal([[], 4, 7]);
    const empty = ov.tensor('f32', [0, 3]);
    expect([empty.shape, empty.byteSize, empty.data.length]).to.deep.equal([[0, 3], 0, 0]);
    scalar.dispose();
    empty.dispose();
  });

  it('rejects data of the wrong size or class, naming the problem', () => {
    expect(() => ov.tensor('f32', [2, 3], new Float32Array(5)))
      .to.throw(OpenVinoError, MESSAGES.dataLength('f32', [2, 3], 24, 20));
    expect(() => ov.tensor('f32', [2], new Int32Array(2)))
      .to.throw(OpenVinoError, MESSAGES.dataClass('f32', 'Float32Array', 'Int32Array'));
    expect(() => ov.tensor('f32', [2, -1])).to.throw(OpenVinoError, MESSAGES.badShape([2, -1]));
    expect(() => ov.tensor('string', [1])).to.throw(OpenVinoError, MESSAGES.unsupportedType('string', 'C API'));
  });

  it('throws NOT_ALLOCATED when read after dispose()', () => {
    const tensor = ov.tensor('f32', [1]);
    tensor.dispose();
    expect(() => tensor.data).to.throw(OpenVinoError, MESSAGES.disposed('Tensor f32'))
      .with.property('status', 'NOT_ALLOCATED');
  });
});
