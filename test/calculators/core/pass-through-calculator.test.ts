/**
 * @module test/calculators/core/pass-through-calculator.test
 * PassThroughCalculator in one-node graphs, starting from the node its header documents.
 */
import { expect } from 'chai';
import { Packet, Timestamp } from '../../../engine/index.js';
import { headerNode, runNode } from '../../support/node-runner.js';

describe('PassThroughCalculator', () => {
  const NODE = headerNode('calculators/core/pass-through-calculator.ts');

  it('forwards packets unchanged, timestamps included (header node)', async () => {
    const run = await runNode(NODE, { inputs: { in: [Packet.of('a', Timestamp.of(3)), Packet.of('b', Timestamp.of(9))] } });
    expect(run.outputs['out']?.map((p) => [p.value, p.timestamp])).to.deep.equal([['a', 3], ['b', 9]]);
  });

  it('maps the i-th input to the i-th output', async () => {
    const run = await runNode('calculator: "PassThroughCalculator" input_stream: "a" input_stream: "b" output_stream: "x" output_stream: "y"',
      { inputs: { a: [1, 2], b: [10] } });
    expect(run.outputs['x']?.map((p) => p.value)).to.deep.equal([1, 2]);
    expect(run.outputs['y']?.map((p) => p.value)).to.deep.equal([10]);
  });
});
