import { expect } from 'chai';
import { around, fanIn, RandomWeights, tensorSeed, uniformValues } from '../../../calculators/model-generator/random-weights.js';

describe('random weights', () => {
  it('depend only on seed and tensor name, not on the order they are made in', () => {
    const a = new RandomWeights(42);
    const b = new RandomWeights(42);
    const second = b.values('unet.conv_out.weight', 100, fanIn(9))();
    const first = a.values('unet.conv_in.weight', 100, fanIn(9))();
    expect([...a.values('unet.conv_out.weight', 100, fanIn(9))()]).to.deep.equal([...second]);
    expect([...b.values('unet.conv_in.weight', 100, fanIn(9))()]).to.deep.equal([...first]);
    expect([...new RandomWeights(43).values('unet.conv_in.weight', 100, fanIn(9))()]).to.not.deep.equal([...first]);
    expect(tensorSeed(42, 'a')).to.not.equal(tensorSeed(42, 'b'));
  });

  it('scale fan-in weights to variance gain²/fanIn and keep "around" values in range', () => {
    const values = new RandomWeights(1).values('w', 200_000, fanIn(300, 2))();
    const variance = values.reduce((sum, v) => sum + v * v, 0) / values.length;
    expect(variance).to.be.closeTo(4 / 300, 4 / 300 * 0.02);
    const bound = 2 * Math.sqrt(3 / 300);
    expect(values.reduce((a, b) => Math.max(a, b))).to.be.below(bound);
    expect(values.reduce((a, b) => Math.min(a, b))).to.be.at.least(-bound);
    const norms = new RandomWeights(1).values('n', 10_000, around(1, 0.05))();
    expect(norms.reduce((a, b) => Math.min(a, b))).to.be.at.least(0.95);
    expect(norms.reduce((a, b) => Math.max(a, b))).to.be.below(1.05);
    expect(uniformValues(4, 7, 0, 1)).to.deep.equal(uniformValues(4, 7, 0, 1));
  });

  it('refuse seeds that are not non-negative safe integers', () => {
    expect(() => new RandomWeights(-1)).to.throw(RangeError);
    expect(() => new RandomWeights(1.5)).to.throw(RangeError);
    expect(() => new RandomWeights(2 ** 53)).to.throw(RangeError);
  });
});
