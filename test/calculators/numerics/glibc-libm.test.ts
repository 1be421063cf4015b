/**
 * @module test/calculators/numerics/glibc-libm
 * The float libm ports against this machine's glibc (golden hashes per chunk of xorshift32-sampled inputs, from
 * test/golden/generators/glibc-libm-golden.c) and a few hand-checked special values.
 */
import { expect } from 'chai';
import { cosf, expf, logf, sinf } from '../../../calculators/numerics/glibc-libm.js';
import { readGolden, sha256OfFloats } from '../../support/golden.js';

interface LibmGolden {
  readonly functions: Record<string, { count: number; chunk: number; chunkSha256: readonly string[] }>;
}

const FUNCTIONS: Record<string, (x: number) => number> = { logf, expf, sinf, cosf };

/** The same sampler as glibc-libm-golden.c: xorshift32, float bit patterns up to a magnitude bound, random sign. */
class InputSampler {
  private state = 0x9e3779b9;
  private readonly view = new DataView(new ArrayBuffer(4));

  constructor(private readonly fn: string) {}

  next(): number {
    const magnitude = (this.xorshift() & 0x7fffffff) % ((this.fn === 'expf' ? 0x42d00000 : 0x7f7fffff) + 1);
    const sign = this.fn === 'logf' ? 0 : (this.xorshift() & 0x80000000) >>> 0;
    this.view.setUint32(0, (sign | magnitude) >>> 0);
    return this.view.getFloat32(0);
  }

  private xorshift(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
}

describe('numerics/glibc-libm', () => {
  const golden = readGolden<LibmGolden>('numerics/glibc-libm.json');
  for (const [name, { count, chunk, chunkSha256 }] of Object.entries(golden.functions)) {
    it(`${name} matches glibc bit for bit on ${count} sampled inputs`, () => {
      const fn = FUNCTIONS[name]!;
      const sampler = new InputSampler(name);
      const outputs = new Float32Array(chunk);
      const mismatched: number[] = [];
      for (let c = 0; c < count / chunk; c++) {
        for (let i = 0; i < chunk; i++) outputs[i] = fn(sampler.next());
        if (sha256OfFloats(outputs) !== chunkSha256[c]) mismatched.push(c);
      }
      expect(mismatched, `chunks of ${chunk} with a mismatch`).to.deep.equal([]);
    });
  }

  it('handles the special values like glibc', () => {
    expect(logf(1)).to.equal(0);
    expect(logf(0)).to.equal(-Infinity);
    expect(logf(-1)).to.be.NaN;
    expect(logf(Infinity)).to.equal(Infinity);
    expect(expf(-Infinity)).to.equal(0);
    expect(expf(Infinity)).to.equal(Infinity);
    expect(expf(100)).to.equal(Infinity);
    expect(expf(-110)).to.equal(0);
    expect(sinf(-0)).to.equal(-0);
    expect(cosf(0)).to.equal(1);
    expect(sinf(Infinity)).to.be.NaN;
    expect(cosf(NaN)).to.be.NaN;
  });
});
