/**
 * @module test/calculators/core/flow-limiter-calculator.test
 * FlowLimiterCalculator in one-node graphs, starting from the node its header documents.
 */
import { expect } from 'chai';
import { Packet, Timestamp } from '../../../engine/index.js';
import { headerNode, runNode } from '../../support/node-runner.js';

describe('FlowLimiterCalculator', () => {
  const NODE = headerNode('calculators/core/flow-limiter-calculator.ts');

  it('releases a frame only after FINISHED passed the one in flight, dropping the rest (header node)', async () => {
    // FINISHED@0 ends frame 0, so frame 1 goes through; frame 1 never finishes, so frames 2 and 3 are dropped.
    const run = await runNode(NODE, {
      inputs: { frames: ['f0', 'f1', 'f2', 'f3'], done: [Packet.of(true, Timestamp.of(0))] },
      // Closing FINISHED would finish every frame: keep the inputs open, as a serving graph does.
      keepOpen: true,
    });
    expect(run.outputs['throttled_frames']?.map((p) => [p.value, p.timestamp])).to.deep.equal([['f0', 0], ['f1', 1]]);
  });

  it('uses MediaPipe\'s option defaults when the node sets none', async () => {
    const run = await runNode(`calculator: "FlowLimiterCalculator" input_stream: "frames" input_stream: "FINISHED:done"
      input_stream_info: { tag_index: "FINISHED" back_edge: true } output_stream: "out" output_stream: "ALLOW:allow"`,
    { inputs: { frames: ['f0', 'f1'] }, keepOpen: true });
    expect(run.validated.nodes[0]?.options).to.deep.equal({ maxInFlight: 1, maxInQueue: 0, inFlightTimeout: 1000000 });
    expect(run.outputs['allow']?.map((p) => p.value)).to.deep.equal([true, false]);
  });
});
