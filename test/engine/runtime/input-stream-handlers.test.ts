/**
 * @module test/engine/runtime/input-stream-handlers.test
 * Readiness of the Default, Immediate and SyncSet input stream handlers, missing packets and bounds included.
 */
import { expect } from 'chai';
import { CalculatorGraph, loadGraphText, Packet, Timestamp } from '../../../engine/index.js';
import { runGraph, testEnvironment } from '../../support/node-runner.js';
import { TEST_CALCULATORS } from '../../support/test-calculators.js';

const PAIR_GRAPH = (handler: string): string => `
input_stream: "a"
input_stream: "b"
output_stream: "pair"
node {
  calculator: "PairCalculator"
  input_stream: "A:a"
  input_stream: "B:b"
  output_stream: "PAIR:pair"
  ${handler}
}`;

const values = (packets: readonly Packet[] | undefined): unknown[] => (packets ?? []).map((p) => `${p.value as string}@${p.timestamp}`);

describe('input stream handlers', () => {
  describe('DefaultInputStreamHandler', () => {
    it('processes packets of equal timestamps together, in timestamp order', async () => {
      const run = await runGraph(PAIR_GRAPH(''), { calculators: TEST_CALCULATORS, inputs: { a: [1, 2, 3], b: [10, 20, 30] } });
      expect(values(run.outputs['pair'])).to.deep.equal(['1+10@0', '2+20@1', '3+30@2']);
    });

    it('processes with an empty packet once the other input\'s bound passes the timestamp', async () => {
      const run = await runGraph(PAIR_GRAPH(''), {
        calculators: TEST_CALCULATORS,
        inputs: {
          a: [Packet.of(1, Timestamp.of(0)), Packet.of(2, Timestamp.of(1)), Packet.of(3, Timestamp.of(2))],
          b: [Packet.of(10, Timestamp.of(0)), Packet.of(30, Timestamp.of(2))],
        },
      });
      expect(values(run.outputs['pair'])).to.deep.equal(['1+10@0', '2+-@1', '3+30@2']);
    });

    it('waits while a timestamp is not settled on every input, then runs on a bound', async () => {
      const graph = new CalculatorGraph(loadGraphText(PAIR_GRAPH(''), testEnvironment(TEST_CALCULATORS)));
      const seen: string[] = [];
      graph.observe('pair', { packet: (p) => seen.push(`${p.value as string}@${p.timestamp}`) });
      graph.start();
      graph.addPacket('a', 1, 0);
      await graph.waitUntilIdle();
      expect(seen, 'b has no packet and no bound past 0 yet').to.deep.equal([]);
      expect(graph.runtimeInfo()[0]).to.deep.include({ name: 'PairCalculator', state: 'opened', readiness: 'not ready', waitingOn: 'b' });
      graph.setInputBound('b', Timestamp.of(1));
      await graph.waitUntilIdle();
      expect(seen).to.deep.equal(['1+-@0']);
      graph.closeAllInputs();
      await graph.waitUntilDone();
    });
  });

  describe('ImmediateInputStreamHandler', () => {
    it('processes each packet as it arrives, without waiting for the other input', async () => {
      const run = await runGraph(PAIR_GRAPH('input_stream_handler { input_stream_handler: "ImmediateInputStreamHandler" }'), {
        calculators: TEST_CALCULATORS,
        inputs: { a: [Packet.of(1, Timestamp.of(0)), Packet.of(2, Timestamp.of(5))], b: [Packet.of(10, Timestamp.of(5))] },
      });
      // a@0 runs alone; at 5 both inputs have a packet and run together.
      expect(values(run.outputs['pair'])).to.deep.equal(['1+-@0', '2+10@5']);
    });
  });

  describe('SyncSetInputStreamHandler', () => {
    it('synchronises each sync set on its own', async () => {
      const handler = `input_stream_handler {
        input_stream_handler: "SyncSetInputStreamHandler"
        options { [mediapipe.SyncSetInputStreamHandlerOptions.ext] { sync_set { tag_index: "A" } sync_set { tag_index: "B" } } }
      }`;
      const run = await runGraph(PAIR_GRAPH(handler), {
        calculators: TEST_CALCULATORS,
        inputs: { a: [Packet.of(1, Timestamp.of(3))], b: [Packet.of(10, Timestamp.of(3)), Packet.of(20, Timestamp.of(4))] },
      });
      expect(values(run.outputs['pair'])).to.deep.equal(['1+10@3', '-+20@4']);
    });

    it('rejects a sync_set entry that names no input', async () => {
      const handler = `input_stream_handler {
        input_stream_handler: "SyncSetInputStreamHandler"
        options { [mediapipe.SyncSetInputStreamHandlerOptions.ext] { sync_set { tag_index: "C" } } }
      }`;
      let error: unknown;
      try {
        await runGraph(PAIR_GRAPH(handler), { calculators: TEST_CALCULATORS });
      } catch (caught) {
        error = caught;
      }
      expect(String(error)).to.contain('sync_set entry "C" names no input stream');
    });

    it('takes its sync sets from the calculator\'s contract when the node sets no handler', async () => {
      const run = await runGraph(PAIR_GRAPH('').replace('"PairCalculator"', '"SyncSetPairCalculator"'), {
        calculators: TEST_CALCULATORS,
        inputs: { a: [Packet.of(1, Timestamp.of(3))], b: [Packet.of(10, Timestamp.of(3)), Packet.of(20, Timestamp.of(4))] },
      });
      expect(values(run.outputs['pair'])).to.deep.equal(['1+10@3', '-+20@4']);
      const { handler } = run.validated.nodes[0]!;
      expect(handler.name).to.equal('SyncSetInputStreamHandler');
      expect(handler.syncSets).to.deep.equal([[0], [1]]);
    });

    it('a handler written on the node replaces the contract\'s sync sets', async () => {
      const graph = PAIR_GRAPH('input_stream_handler { input_stream_handler: "SyncSetInputStreamHandler" }')
        .replace('"PairCalculator"', '"SyncSetPairCalculator"');
      const run = await runGraph(graph, {
        calculators: TEST_CALCULATORS,
        inputs: { a: [Packet.of(1, Timestamp.of(3))], b: [Packet.of(10, Timestamp.of(3)), Packet.of(20, Timestamp.of(4))] },
      });
      expect(run.validated.nodes[0]!.handler.syncSets, 'one set: everything').to.deep.equal([[0, 1]]);
      expect(values(run.outputs['pair'])).to.deep.equal(['1+10@3', '-+20@4']);
    });
  });

  it('a graph-level handler overrides what a calculator asks for', async () => {
    const run = await runGraph(`input_stream_handler { input_stream_handler: "ImmediateInputStreamHandler" }\n${PAIR_GRAPH('')}`, {
      calculators: TEST_CALCULATORS,
      inputs: { a: [Packet.of(1, Timestamp.of(0))], b: [Packet.of(10, Timestamp.of(1))] },
    });
    expect(values(run.outputs['pair'])).to.deep.equal(['1+-@0', '-+10@1']);
    expect(run.validated.nodes[0]?.handler.name).to.equal('ImmediateInputStreamHandler');
  });
});
