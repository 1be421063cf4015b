/**
 * @module test/calculators/numerics/glibc-libm
 * The float libm ports against this machine's glibc (golden hashes per chunk of xorshift32-sampled inputs, from
 * test/golden/generators/glibc-libm-golden.c) and a few hand-checked special values.
 */
import { expect } from 'chai';
import { cosf, cosfNoFma, expf, fma, logf, sinf, sinfNoFma } from '../../../calculators/numerics/glibc-libm.js';
import { floatHex, readGolden, sha256OfFloats } from '../../support/golden.js';

function floatFromBits(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, bits);
  return view.getFloat32(0);
}

type FunctionGolden = Record<string, { count: number; chunk: number; chunkSha256: readonly string[] }>;
interface LibmGolden {
  readonly variants: { readonly fma: FunctionGolden; readonly noFma: FunctionGolden };
}

/** Our port per glibc build; logf and expf have one port (both builds agree on every float checked, see README). */
const PORTS: Record<'fma' | 'noFma', Record<string, (x: number) => number>> = {
  fma: { logf, expf, sinf, cosf },
  noFma: { logf, expf, sinf: sinfNoFma, cosf: cosfNoFma },
};
/** The FMA-build sinf/cosf ports emulate fma with BigInts (microseconds a call): check a prefix of their chunks. */
const SLOW_PORT_CHUNKS = 6;

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
  for (const variant of ['fma', 'noFma'] as const) {
  for (const [name, { count, chunk, chunkSha256 }] of Object.entries(golden.variants[variant])) {
    const slow = variant === 'fma' && (name === 'sinf' || name === 'cosf');
    const chunks = slow ? SLOW_PORT_CHUNKS : count / chunk;
    it(`${name} matches glibc's ${variant} build bit for bit on ${chunks * chunk} sampled inputs`, () => {
      const fn = PORTS[variant][name]!;
      const sampler = new InputSampler(name);
      const outputs = new Float32Array(chunk);
      const mismatched: number[] = [];
      for (let c = 0; c < chunks; c++) {
        for (let i = 0; i < chunk; i++) outputs[i] = fn(sampler.next());
        if (sha256OfFloats(outputs) !== chunkSha256[c]) mismatched.push(c);
      }
      expect(mismatched, `chunks of ${chunk} with a mismatch`).to.deep.equal([]);
    });
  }
  }

  it('separates the two builds where they differ (inputs found by the exhaustive check)', () => {
    // Two of the 17 floats in [0, 65536) where glibc 2.36's FMA and baseline builds disagree (exhaustive check).
    const x = floatFromBits(0x4255b0a9);
    expect(floatHex(sinf(x))).to.not.equal(floatHex(sinfNoFma(x)));
    const y = floatFromBits(0x418a3adb);
    expect(floatHex(cosf(y))).to.not.equal(floatHex(cosfNoFma(y)));
  });

  it('fma rounds once', () => {
    expect(fma(3, 1 / 3, -1)).to.equal(-5.551115123125783e-17);
    expect(3 * (1 / 3) - 1).to.equal(0);
    expect(fma(1 + 2 ** -52, 1 + 2 ** -52, -(1 + 2 ** -51))).to.equal(2 ** -104);
  });

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
