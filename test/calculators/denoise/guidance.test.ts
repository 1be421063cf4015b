/**
 * @module test/calculators/denoise/guidance
 * LCM guidance embedding against GenAI's expression compiled with glibc, and the CFG combine's float rounding.
 */
import { expect } from 'chai';
import { classifierFreeGuidance } from '../../../calculators/denoise/guidance.js';
import { guidanceEmbedding } from '../../../calculators/denoise/guidance-embedding.js';
import { floatTensor } from '../../../calculators/tensor/float-tensor.js';
import { floatHex, readGolden } from '../../support/golden.js';

interface EmbeddingGolden {
  readonly cases: readonly { guidanceScale: string; dim: number; bits: readonly string[] }[];
}

describe('denoise/guidanceEmbedding', () => {
  for (const { guidanceScale, dim, bits } of readGolden<EmbeddingGolden>('numerics/guidance-embedding.json').cases) {
    it(`matches GenAI for guidance_scale ${guidanceScale}, dim ${dim}`, () => {
      const w = Math.fround(Math.fround(Number(guidanceScale)) - 1);
      const embedding = guidanceEmbedding(w, dim);
      expect(embedding.shape).to.deep.equal([1, dim]);
      expect([...embedding.data].map(floatHex)).to.deep.equal(bits);
    });
  }

  it('rejects a non-positive dimension', () => {
    expect(() => guidanceEmbedding(1, 0)).to.throw(RangeError, /time_cond_proj_dim/);
  });
});

describe('denoise/classifierFreeGuidance', () => {
  it('computes uncond + g·(text − uncond) per element in float32', () => {
    const prediction = floatTensor([2, 1, 1, 3], Float32Array.from([0.1, -2, 3.3, 0.7, 1.25, -1e-3]));
    const noise = classifierFreeGuidance(prediction, 7.5);
    expect(noise.shape).to.deep.equal([1, 1, 1, 3]);
    const f = Math.fround;
    const expected = [0, 1, 2].map((i) => {
      const u = prediction.data[i]!;
      const t = prediction.data[i + 3]!;
      return f(u + f(7.5 * f(t - u)));
    });
    expect([...noise.data].map(floatHex)).to.deep.equal(expected.map(floatHex));
    // Double evaluation would differ here: the float rounding points are what GenAI's loop has.
    expect(f(0.1 + 7.5 * (0.7 - 0.1))).to.not.equal(noise.data[0]);
  });

  it('rejects an odd batch', () => {
    expect(() => classifierFreeGuidance(floatTensor([3, 2]), 2)).to.throw(RangeError, /even batch/);
  });
});
