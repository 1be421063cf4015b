import { expect } from 'chai';
import { float16Bits, float16BitsClamped, float16Value, toFloat16Array } from '../../../../calculators/openvino/ir/float16.js';

describe('IR float16', () => {
  it('encodes exact values, the largest half and infinities', () => {
    expect(float16Bits(1)).to.equal(0x3c00);
    expect(float16Bits(-2)).to.equal(0xc000);
    expect(float16Bits(0.5)).to.equal(0x3800);
    expect(float16Bits(65504)).to.equal(0x7bff);
    expect(float16Bits(Infinity)).to.equal(0x7c00);
    expect(float16Bits(-0)).to.equal(0x8000);
    expect(float16Bits(NaN) & 0x7c00).to.equal(0x7c00);
    expect(float16Bits(NaN) & 0x3ff).to.not.equal(0);
  });

  it('rounds to nearest, ties to even, including into the exponent', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties to even (1).
    expect(float16Bits(1 + 2 ** -11)).to.equal(0x3c00);
    // 1 + 3·2^-11 lies halfway between 1+2^-10 (odd) and 1+2^-9 (even).
    expect(float16Bits(1 + 3 * 2 ** -11)).to.equal(0x3c02);
    expect(float16Bits(1 + 2 ** -11 + 2 ** -20)).to.equal(0x3c01);
    // 2047.5 → ties to 2048 (mantissa carry bumps the exponent).
    expect(float16Bits(2047.5)).to.equal(0x6800);
    expect(float16Bits(65520)).to.equal(0x7c00);
  });

  it('handles subnormals', () => {
    expect(float16Bits(2 ** -24)).to.equal(0x0001);
    expect(float16Bits(2 ** -25)).to.equal(0x0000);
    expect(float16Bits(3 * 2 ** -25)).to.equal(0x0002);
    expect(float16Bits(2 ** -14)).to.equal(0x0400);
    expect(float16Value(0x0001)).to.equal(2 ** -24);
    expect(float16Value(0x03ff)).to.equal(1023 * 2 ** -24);
  });

  it('clamps like weight compression and round-trips every half value', () => {
    expect(float16BitsClamped(1e6)).to.equal(0x7bff);
    expect(float16BitsClamped(-1e6)).to.equal(0xfbff);
    expect(float16BitsClamped(-Infinity)).to.equal(0xfc00);
    const mismatches: number[] = [];
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) !== 0x7c00 && float16Bits(float16Value(bits)) !== bits) mismatches.push(bits);
    }
    expect(mismatches).to.deep.equal([]);
    expect([...toFloat16Array(new Float32Array([1, 0.5, 1e9]))]).to.deep.equal([0x3c00, 0x3800, 0x7bff]);
  });
});
