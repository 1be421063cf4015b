/**
 * @module test/engine/runtime/calculator-graph.test
 * Runtime semantics through small graphs: bounds, back edges, FlowLimiter, async, order, side packets, errors, cancel, traces.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CalculatorGraph, combinedCode, defineContract, GraphError, GraphRunError, input, loadGraphText, NUMBER, output,
  Packet, sideInput, Timestamp, type ContextOf,
} from '../../../engine/index.js';
import { runGraph, testEnvironment } from '../../support/node-runner.js';
import { projectRoot } from '../../support/paths.js';
import { TEST_CALCULATORS, type EventLog } from '../../support/test-calculators.js';

const show = (packets: readonly Packet[] | undefined): string[] =>
  (packets ?? []).map((p) => `${String(p.value)}@${Timestamp.toString(p.timestamp)}`);

function graphOf(text: string): CalculatorGraph {
  return new CalculatorGraph(loadGraphText(text, testEnvironment(TEST_CALCULATORS)));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('CalculatorGraph runtime semantics', () => {
  describe('timestamp bounds', () => {
    const graph = (calculator: string): string => `
      input_stream: "in"
      output_stream: "pair"
      node { calculator: "${calculator}" input_stream: "in" output_stream: "even" }
      node { calculator: "PairCalculator" input_stream: "A:in" input_stream: "B:even" output_stream: "PAIR:pair" }`;

    it('propagates bounds with offset 0 so a node that emits nothing never stalls downstream', async () => {
      const run = await runGraph(graph('EvenOnlyCalculator'), { calculators: TEST_CALCULATORS, inputs: { in: [0, 1, 2, 3] }, keepOpen: true });
      expect(show(run.outputs['pair'])).to.deep.equal(['0+0@0', '1+-@1', '2+2@2', '3+-@3']);
      run.graph.closeAllInputs();
      await run.graph.waitUntilDone();
    });

    it('without an offset (arbitrary timestamps) downstream waits for a later packet or the close', async () => {
      const run = await runGraph(graph('EvenOnlyArbitraryCalculator'), { calculators: TEST_CALCULATORS, inputs: { in: [0, 1, 2, 3] }, keepOpen: true });
      expect(show(run.outputs['pair'])).to.deep.equal(['0+0@0', '1+-@1', '2+2@2']);
      run.graph.closeAllInputs();
      await run.graph.waitUntilDone();
      expect(show(run.outputs['pair'])).to.deep.equal(['0+0@0', '1+-@1', '2+2@2', '3+-@3']);
    });

    it('rejects a graph input packet below the stream bound', () => {
      const graph = graphOf('input_stream: "in"\nnode { calculator: "PassThroughCalculator" input_stream: "in" output_stream: "out" }');
      graph.start();
      graph.addPacket('in', 'a', 5);
      expect(() => graph.addPacket('in', 'b', 5)).to.throw(GraphError, /Current minimum expected timestamp is 6 but received 5/)
        .with.property('code', 'FAILED_PRECONDITION');
      graph.cancel();
    });

    it('checks packet types at run time with the port guard', async () => {
      class SendsText {
        static readonly contract = defineContract({ inputs: { x: input('') }, outputs: { y: output('', NUMBER) } });
        process(cx: ContextOf<typeof SendsText>): void {
          cx.out.y.send('text' as unknown as number);
        }
      }
      const error = await rejection(runGraph('input_stream: "in"\nnode { calculator: "SendsText" input_stream: "in" output_stream: "out" }',
        { calculators: { SendsText }, inputs: { in: [1] } }));
      expect(error).to.be.instanceOf(GraphRunError);
      expect(String((error as Error).message)).to.contain('Packet type mismatch on a calculator outputting to stream "out"');
    });
  });

  describe('back edges', () => {
    const LOOP = readFileSync(join(projectRoot, 'test', 'engine', 'fixtures', 'loopback-stream.pbtxt'), 'utf8');

    it('run a LOOPBACK streaming loop (OVMS shape) and still close when the inputs close', async () => {
      const run = await runGraph(LOOP, { calculators: TEST_CALCULATORS, inputs: { request: [3] } });
      expect(show(run.outputs['response'])).to.deep.equal(['chunk 0@0', 'chunk 1@1', 'chunk 2@2', 'done@3']);
    });

    it('the same loop without back_edge is a cycle error', () => {
      expect(() => loadGraphText(LOOP.replace("input_stream_info: { tag_index: 'LOOPBACK:0', back_edge: true }", ''),
        testEnvironment(TEST_CALCULATORS))).to.throw(/cycle detected in graph: \[LoopbackStreamCalculator\]/);
    });
  });

  describe('FlowLimiterCalculator in a loop', () => {
    const graph = (queue: number): string => `
      input_stream: "in"
      output_stream: "out"
      output_stream: "allow"
      node {
        calculator: "FlowLimiterCalculator"
        input_stream: "in"
        input_stream: "FINISHED:out"
        input_stream_info { tag_index: "FINISHED" back_edge: true }
        output_stream: "limited"
        output_stream: "ALLOW:allow"
        options { [mediapipe.FlowLimiterCalculatorOptions.ext] { max_in_flight: 1 max_in_queue: ${queue} } }
      }
      node { calculator: "AsyncDelayCalculator" input_stream: "limited" output_stream: "out" }`;

    it('lets one timestamp through at a time and drops the rest (max_in_queue 0)', async () => {
      const run = await runGraph(graph(0), { calculators: TEST_CALCULATORS, inputs: { in: [0, 1, 2, 3, 4] } });
      expect(show(run.outputs['out'])).to.deep.equal(['0@0']);
      expect(show(run.outputs['allow'])).to.deep.equal(['true@0', 'false@1', 'false@2', 'false@3', 'false@4']);
    });

    it('keeps the newest waiting timestamp with max_in_queue 1', async () => {
      const run = await runGraph(graph(1), { calculators: TEST_CALCULATORS, inputs: { in: [0, 1, 2, 3, 4] } });
      expect(show(run.outputs['out'])).to.deep.equal(['0@0', '4@4']);
      expect(show(run.outputs['allow'])).to.deep.equal(['true@0', 'false@1', 'false@2', 'false@3', 'true@4']);
    });
  });

  describe('async calculators', () => {
    const graph = (maxInFlight: number): string => `
      input_stream: "in"
      output_stream: "out"
      node { calculator: "AsyncDelayCalculator" input_stream: "in" output_stream: "out" input_side_packet: "STATS:stats" max_in_flight: ${maxInFlight} }`;

    it('run one process call at a time by default', async () => {
      const stats = { maxInFlight: 0 };
      const run = await runGraph(graph(0), { calculators: TEST_CALCULATORS, side: { stats }, inputs: { in: [0, 1, 2, 3] } });
      expect(stats.maxInFlight).to.equal(1);
      expect(show(run.outputs['out'])).to.deep.equal(['0@0', '1@1', '2@2', '3@3']);
    });

    it('run up to max_in_flight calls at once and still deliver outputs in timestamp order', async () => {
      const stats = { maxInFlight: 0 };
      const run = await runGraph(graph(3), { calculators: TEST_CALCULATORS, side: { stats }, inputs: { in: [0, 1, 2, 3, 4, 5] } });
      expect(stats.maxInFlight).to.equal(3);
      expect(show(run.outputs['out'])).to.deep.equal(['0@0', '1@1', '2@2', '3@3', '4@4', '5@5']);
    });
  });

  describe('scheduling order', () => {
    it('opens in topological order, then runs the node nearest the outputs first', async () => {
      const log: EventLog = [];
      await runGraph(`
        input_stream: "in"
        node { name: "second" calculator: "LoggingCalculator" input_stream: "mid" output_stream: "out" input_side_packet: "LOG:log" }
        node { name: "first" calculator: "LoggingCalculator" input_stream: "in" output_stream: "mid" input_side_packet: "LOG:log" }`,
      { calculators: TEST_CALCULATORS, side: { log }, inputs: { in: ['a', 'b'] } });
      expect(log).to.deep.equal([
        'first:open', 'second:open',
        'first:process@0', 'second:process@0', 'first:process@1', 'second:process@1',
        'first:close', 'second:close',
      ]);
    });

    it('runs sources until they return STOP, then closes them', async () => {
      const run = await runGraph(`
        output_stream: "out"
        node { calculator: "CounterSourceCalculator" input_side_packet: "COUNT:count" output_stream: "values" }
        node { calculator: "PassThroughCalculator" input_stream: "values" output_stream: "out" }`,
      { calculators: TEST_CALCULATORS, side: { count: 3 } });
      expect(show(run.outputs['out'])).to.deep.equal(['0@0', '1@1', '2@2']);
    });
  });

  it('runs source layers one after the other', async () => {
    const log: EventLog = [];
    await runGraph(`
      node { name: "late" calculator: "CounterSourceCalculator" input_side_packet: "COUNT:count" output_stream: "b" source_layer: 1 }
      node { name: "early" calculator: "CounterSourceCalculator" input_side_packet: "COUNT:count" output_stream: "a" }
      node { name: "a_log" calculator: "LoggingCalculator" input_stream: "a" output_stream: "a_out" input_side_packet: "LOG:log" }
      node { name: "b_log" calculator: "LoggingCalculator" input_stream: "b" output_stream: "b_out" input_side_packet: "LOG:log" }`,
    { calculators: TEST_CALCULATORS, side: { count: 2, log } });
    expect(log.filter((event) => event.includes(':process'))).to.deep.equal(
      ['a_log:process@0', 'a_log:process@1', 'b_log:process@0', 'b_log:process@1']);
  });

  describe('side packets', () => {
    it('refuses to start without a required side packet', () => {
      const graph = graphOf('input_stream: "tick"\nnode { calculator: "SideToStreamCalculator" input_stream: "TICK:tick" input_side_packet: "VALUE:value" output_stream: "out" }');
      expect(() => graph.start()).to.throw(GraphError, 'Side packet "value" is required but was not provided.')
        .with.property('code', 'INVALID_ARGUMENT');
    });

    it('opens a node once an output side packet it needs was set upstream', async () => {
      const run = await runGraph(`
        input_stream: "tick"
        output_stream: "out"
        node { calculator: "DoubleSideCalculator" input_side_packet: "SEED:seed" output_side_packet: "DOUBLED:doubled" }
        node { calculator: "SideToStreamCalculator" input_stream: "TICK:tick" input_side_packet: "VALUE:doubled" output_stream: "out" }`,
      { calculators: TEST_CALCULATORS, side: { seed: 21 }, inputs: { tick: ['x'] } });
      expect(show(run.outputs['out'])).to.deep.equal(['42@0']);
      expect(run.graph.outputSidePacket('doubled')?.value).to.equal(42);
    });
  });

  describe('errors', () => {
    const GRAPH = `
      input_stream: "in"
      node { name: "fail" calculator: "FailOnBoomCalculator" input_stream: "in" output_stream: "mid" input_side_packet: "LOG:log" }
      node { name: "after" calculator: "LoggingCalculator" input_stream: "mid" output_stream: "out" input_side_packet: "LOG:log" }
      node { name: "other" calculator: "LoggingCalculator" input_stream: "in" output_stream: "side_out" input_side_packet: "LOG:log" }`;

    it('stop scheduling, close every opened node, and end with a combined error naming the node', async () => {
      const log: EventLog = [];
      const error = await rejection(runGraph(GRAPH, { calculators: TEST_CALCULATORS, side: { log }, inputs: { in: ['ok', 'boom', 'never'] } }));
      expect(error).to.be.instanceOf(GraphRunError);
      const runError = error as GraphRunError;
      expect(runError.code).to.equal('INVALID_ARGUMENT');
      expect(runError.at.node).to.equal('fail');
      // MediaPipe's CombinedStatus text, as OVMS shows it after `MP status - INVALID_ARGUMENT: `.
      expect(runError.message).to.equal('CalculatorGraph::Run() failed: \nCalculator::Process() for node "fail" failed: value is boom');
      expect((runError.errors[0]?.cause as Error).message, 'the calculator\'s own message').to.equal('value is boom');
      expect(log.filter((event) => event.endsWith(':close')).sort()).to.deep.equal(['after:close', 'fail:close', 'other:close']);
      expect(log, 'nothing runs after the error').to.not.include('after:process@2');
    });

    it('refuse new packets after an error', async () => {
      const graph = graphOf(GRAPH);
      graph.start({ sidePackets: { log: [] } });
      graph.addPacket('in', 'boom', 0);
      await rejection(graph.waitUntilDone());
      expect(() => graph.addPacket('in', 'x', 1)).to.throw(/Graph has errors: CalculatorGraph::Run\(\) failed/);
    });

    it('combine status codes as MediaPipe does: shared code, else UNKNOWN', () => {
      expect(combinedCode([new GraphError('CANCELLED', 'a'), new GraphError('CANCELLED', 'b')])).to.equal('CANCELLED');
      expect(combinedCode([new GraphError('CANCELLED', 'a'), new GraphError('INTERNAL', 'b')])).to.equal('UNKNOWN');
    });

    it('never process or close a node whose open failed', async () => {
      const log: EventLog = [];
      class OpenFails {
        static readonly contract = defineContract({ inputs: { x: input('') }, side: { log: sideInput<EventLog>('LOG') } });
        open(): void {
          throw new GraphError('FAILED_PRECONDITION', 'model missing');
        }
        process(cx: ContextOf<typeof OpenFails>): void {
          cx.side.log.push('process');
        }
        close(cx: ContextOf<typeof OpenFails>): void {
          cx.side.log.push('close');
        }
      }
      const error = await rejection(runGraph('input_stream: "in"\nnode { name: "loader" calculator: "OpenFails" input_stream: "in" input_side_packet: "LOG:log" }',
        { calculators: { OpenFails }, side: { log }, inputs: { in: [1] } }));
      expect((error as GraphRunError).code).to.equal('FAILED_PRECONDITION');
      expect((error as GraphRunError).message).to.contain('Calculator::Open() for node "loader" failed: model missing');
      expect(log).to.deep.equal([]);
    });

    it('report a thrown non-GraphError as INTERNAL', async () => {
      class Throws {
        static readonly contract = defineContract({ inputs: { x: input('') } });
        process(): void {
          throw new TypeError('bug');
        }
      }
      const error = await rejection(runGraph('input_stream: "in"\nnode { calculator: "Throws" input_stream: "in" }', { calculators: { Throws }, inputs: { in: [1] } }));
      expect((error as GraphRunError).code).to.equal('INTERNAL');
      expect((error as GraphRunError).message).to.contain('Calculator::Process() for node "Throws" failed: bug');
    });
  });

  describe('cancellation', () => {
    it('aborts cx.signal, closes opened nodes and ends the run with CANCELLED', async () => {
      const log: EventLog = [];
      const graph = graphOf('input_stream: "in"\nnode { name: "wait" calculator: "WaitForAbortCalculator" input_stream: "in" output_stream: "out" input_side_packet: "LOG:log" }');
      const abort = new AbortController();
      graph.start({ sidePackets: { log }, signal: abort.signal });
      graph.addPacket('in', 1, 0);
      while (!log.includes('wait:waiting')) await new Promise((resolve) => setImmediate(resolve));
      abort.abort('client went away');
      const error = await rejection(graph.waitUntilDone());
      expect((error as GraphRunError).code).to.equal('CANCELLED');
      expect((error as GraphRunError).message).to.contain('cancelled: client went away');
      expect(log).to.deep.equal(['wait:waiting', 'wait:aborted', 'wait:close']);
      expect(graph.signal?.aborted).to.equal(true);
    });
  });

  describe('tracing', () => {
    it('writes one Chrome trace "X" event per process call when profiler_config enables it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pictograph-trace-'));
      const run = await runGraph(`
        profiler_config { trace_enabled: true trace_log_path: "${dir}/run_" }
        input_stream: "in"
        output_stream: "out"
        node { calculator: "PassThroughCalculator" input_stream: "in" output_stream: "a" }
        node { calculator: "PassThroughCalculator" input_stream: "a" output_stream: "out" }`,
      { inputs: { in: [1, 2, 3] } });
      const file = run.graph.traceFile;
      expect(file?.startsWith(`${dir}/run_`)).to.equal(true);
      const trace = JSON.parse(readFileSync(file as string, 'utf8')) as { traceEvents: { ph: string; name: string; args: { inputTimestamp: string } }[] };
      expect(trace.traceEvents).to.have.length(6);
      expect(trace.traceEvents.every((event) => event.ph === 'X')).to.equal(true);
      expect(trace.traceEvents.map((event) => event.name).sort()).to.deep.equal(
        ['PassThroughCalculator_1', 'PassThroughCalculator_1', 'PassThroughCalculator_1', 'PassThroughCalculator_2', 'PassThroughCalculator_2', 'PassThroughCalculator_2']);
    });

    it('writes traces into the traceDir start option', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pictograph-trace-'));
      await runGraph('input_stream: "in"\nnode { calculator: "PassThroughCalculator" input_stream: "in" output_stream: "out" }',
        { inputs: { in: [1, 2] }, start: { traceDir: dir } });
      const files = readdirSync(dir);
      expect(files).to.have.length(1);
      const trace = JSON.parse(readFileSync(join(dir, files[0] as string), 'utf8')) as { traceEvents: unknown[] };
      expect(trace.traceEvents).to.have.length(2);
    });
  });
});
