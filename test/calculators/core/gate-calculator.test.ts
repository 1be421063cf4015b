/**
 * @module test/calculators/core/gate-calculator.test
 * GateCalculator in one-node graphs, starting from the node its header documents.
 */
import { expect } from 'chai';
import { loadGraphText, Packet, Timestamp } from '../../../engine/index.js';
import { headerNode, runNode, testEnvironment } from '../../support/node-runner.js';

const at = (value: unknown, ts: number): Packet => Packet.of(value, Timestamp.of(ts));

describe('GateCalculator', () => {
  const NODE = headerNode('calculators/core/gate-calculator.ts');

  it('forwards a packet when ALLOW is true at its timestamp, and not when false or missing (header node)', async () => {
    const run = await runNode(NODE, { inputs: { frames: ['a', 'b', 'c'], enabled: [at(true, 0), at(false, 1)] } });
    expect(run.outputs['gated_frames']?.map((p) => [p.value, p.timestamp])).to.deep.equal([['a', 0]]);
  });

  it('treats a missing control packet as allow with empty_packets_as_allow', async () => {
    const run = await runNode(NODE.replace('}', '  options { [mediapipe.GateCalculatorOptions.ext] { empty_packets_as_allow: true } }\n}'),
      { inputs: { frames: ['a', 'b'], enabled: [at(false, 0)] } });
    expect(run.outputs['gated_frames']?.map((p) => p.value)).to.deep.equal(['b']);
  });

  it('follows a DISALLOW side packet, or the allow option when nothing is connected', async () => {
    const side = await runNode('calculator: "GateCalculator" input_stream: "x" input_side_packet: "DISALLOW:off" output_stream: "y"',
      { inputs: { x: [1, 2] }, side: { off: false } });
    expect(side.outputs['y']?.map((p) => p.value)).to.deep.equal([1, 2]);
    const closed = await runNode('calculator: "GateCalculator" input_stream: "x" output_stream: "y"', { inputs: { x: [1, 2] } });
    expect(closed.outputs['y']).to.deep.equal([]);
  });

  it('rejects two gate controls at validation', () => {
    expect(() => loadGraphText('input_stream: "x"\ninput_stream: "a"\nnode { calculator: "GateCalculator" input_stream: "x" input_stream: "ALLOW:a" input_side_packet: "DISALLOW:d" output_stream: "y" }',
      testEnvironment(), { file: 'g.pbtxt' })).to.throw('g.pbtxt:3: node "GateCalculator" (GateCalculator): connect at most one of the ALLOW or DISALLOW stream or side packet');
  });
});
