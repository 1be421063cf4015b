import { expect } from 'chai';
import { runNode } from '../../support/node-runner.js';

describe('smoke', () => {
  it('passes packets through', async () => {
    const run = await runNode('node { calculator: "PassThroughCalculator" input_stream: "a" output_stream: "b" }', { inputs: { a: [1, 2, 3] } });
    expect(run.outputs['b']?.map((p) => p.value)).to.deep.equal([1, 2, 3]);
  });
});
