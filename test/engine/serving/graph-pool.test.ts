/**
 * @module test/engine/serving/graph-pool.test
 * The graph pool (OVMS GraphQueue): sizes, timestamps, queuing, rebuild after failure, cancellation, traces, rx adapters.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import {
  CalculatorGraph, fromGraphOutput, fromPoolRequest, GraphPool, GraphRunError, loadGraphText, Timestamp,
  type ValidatedGraph,
} from '../../../engine/index.js';
import { testEnvironment } from '../../support/node-runner.js';
import { projectRoot } from '../../support/paths.js';
import { TEST_CALCULATORS, type EventLog } from '../../support/test-calculators.js';

function graph(text: string): ValidatedGraph {
  return loadGraphText(text, testEnvironment(TEST_CALCULATORS), { file: 'servable.pbtxt' });
}

const ECHO = (directive: string, calculator = 'AsyncDelayCalculator'): ValidatedGraph => graph(`${directive}
input_stream: "input"
output_stream: "output"
node { name: "echo" calculator: "${calculator}" input_stream: "input" output_stream: "output" }`);

describe('GraphPool (OVMS GraphQueue)', () => {
  it('takes its size from the OVMS_GRAPH_QUEUE_MAX_SIZE directive, or config', () => {
    expect(new GraphPool({ graph: ECHO('# OVMS_GRAPH_QUEUE_MAX_SIZE: 1') }).size).to.equal(1);
    expect(new GraphPool({ graph: ECHO('# OVMS_GRAPH_QUEUE_MAX_SIZE: AUTO'), autoSize: 3 }).size).to.equal(3);
    expect(new GraphPool({ graph: ECHO('# OVMS_GRAPH_QUEUE_MAX_SIZE: 0') }).size).to.equal(0);
    expect(new GraphPool({ graph: ECHO('') }).size, 'no directive: a graph per request').to.equal(0);
    expect(new GraphPool({ graph: ECHO(''), size: 1 }).size).to.equal(1);
  });

  it('runs each request at the instance\'s next, strictly increasing timestamp and collects only its outputs', async () => {
    const pool = new GraphPool({ graph: ECHO('# OVMS_GRAPH_QUEUE_MAX_SIZE: 1') });
    const results = [];
    for (const value of ['a', 'b', 'c']) results.push(await pool.run({ inputs: { input: value } }));
    expect(results.map((r) => r.timestamp)).to.deep.equal([0, 1, 2]);
    expect(results.map((r) => r.outputs['output']?.map((p) => p.value))).to.deep.equal([['a'], ['b'], ['c']]);
    expect(pool.instancesCreated).to.equal(1);
    await pool.close();
  });

  it('starts each request past the timestamps earlier requests used inside the graph (LOOPBACK streaming)', async () => {
    const pool = new GraphPool({
      graph: graph(`# OVMS_GRAPH_QUEUE_MAX_SIZE: 1\n${readFileSync(join(projectRoot, 'test', 'engine', 'fixtures', 'loopback-stream.pbtxt'), 'utf8')}`),
    });
    const streamed: string[] = [];
    const first = await pool.run({ inputs: { request: 2 }, onPacket: (_, packet) => streamed.push(packet.value as string) });
    const second = await pool.run({ inputs: { request: 1 } });
    expect(streamed).to.deep.equal(['chunk 0', 'chunk 1', 'done']);
    expect([first.timestamp, second.timestamp]).to.deep.equal([0, 3]);
    expect(second.outputs['response']?.map((p) => `${p.value as string}@${p.timestamp}`)).to.deep.equal(['chunk 0@3', 'done@4']);
    await pool.close();
  });

  it('queues requests when every instance is busy', async () => {
    const pool = new GraphPool({ graph: ECHO('# OVMS_GRAPH_QUEUE_MAX_SIZE: 1') });
    const results = await Promise.all(['a', 'b', 'c'].map((value) => pool.run({ inputs: { input: value } })));
    expect(results.map((r) => [r.timestamp, r.outputs['output']?.[0]?.value])).to.deep.equal([[0, 'a'], [1, 'b'], [2, 'c']]);
    await pool.close();
  });

  it('builds a fresh graph per request without a pool', async () => {
    const pool = new GraphPool({ graph: ECHO('') });
    const results = await Promise.all(['a', 'b'].map((value) => pool.run({ inputs: { input: value } })));
    expect(results.map((r) => [r.timestamp, r.outputs['output']?.[0]?.value])).to.deep.equal([[0, 'a'], [0, 'b']]);
    expect(pool.instancesCreated).to.equal(0);
  });

  it('rebuilds an instance whose run failed and never hands it out again', async () => {
    const log: EventLog = [];
    const pool = new GraphPool({
      graph: graph(`# OVMS_GRAPH_QUEUE_MAX_SIZE: 1
        input_stream: "input"
        output_stream: "output"
        node { name: "checker" calculator: "FailOnBoomCalculator" input_stream: "input" output_stream: "output" input_side_packet: "LOG:log" }`),
      sidePackets: () => ({ log }),
    });
    expect((await pool.run({ inputs: { input: 'ok' } })).timestamp).to.equal(0);
    let error: unknown;
    try {
      await pool.run({ inputs: { input: 'boom' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(GraphRunError);
    expect((error as GraphRunError).code).to.equal('INVALID_ARGUMENT');
    expect(pool.rebuilds).to.equal(1);
    const after = await pool.run({ inputs: { input: 'fine' } });
    expect(after.timestamp, 'a new instance starts again at 0').to.equal(0);
    expect(after.outputs['output']?.map((p) => p.value)).to.deep.equal(['fine']);
    expect(log).to.deep.equal(['checker:open', 'checker:close', 'checker:open']);
    await pool.close();
    expect(log.at(-1)).to.equal('checker:close');
  });

  it('cancels a request through its AbortSignal (CANCELLED, cx.signal aborted) and rebuilds', async () => {
    const log: EventLog = [];
    const pool = new GraphPool({
      graph: graph(`# OVMS_GRAPH_QUEUE_MAX_SIZE: 1
        input_stream: "input"
        node { name: "slow" calculator: "WaitForAbortCalculator" input_stream: "input" output_stream: "output" input_side_packet: "LOG:log" }`),
      sidePackets: () => ({ log }),
    });
    const abort = new AbortController();
    const pending = pool.run({ inputs: { input: 1 }, signal: abort.signal, outputs: ['output'] });
    while (!log.includes('slow:waiting')) await new Promise((resolve) => setImmediate(resolve));
    abort.abort('client disconnected');
    let error: unknown;
    try {
      await pending;
    } catch (caught) {
      error = caught;
    }
    expect((error as GraphRunError).code).to.equal('CANCELLED');
    expect(log).to.deep.equal(['slow:waiting', 'slow:aborted', 'slow:close']);
    expect(pool.rebuilds).to.equal(1);
    await pool.close();
  });

  it('writes one trace file per pooled request when tracing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pictograph-pool-trace-'));
    const pool = new GraphPool({ graph: ECHO('# OVMS_GRAPH_QUEUE_MAX_SIZE: 1', 'PassThroughCalculator'), traceDir: dir });
    await pool.run({ inputs: { input: 'a' } });
    await pool.run({ inputs: { input: 'b' } });
    const files = readdirSync(dir);
    expect(files).to.have.length(2);
    for (const file of files) {
      const trace = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { traceEvents: { name: string }[] };
      expect(trace.traceEvents.map((event) => event.name)).to.deep.equal(['echo']);
    }
    await pool.close();
  });

  it('hands every process slice of every request to the pool\'s tracer, next to trace files', async () => {
    const slices: string[] = [];
    const tracer = { process: (node: string, _id: number, _start: number, durationMs: number) => {
      expect(durationMs).to.be.at.least(0);
      slices.push(node);
    }, end: () => {} };
    for (const directive of ['# OVMS_GRAPH_QUEUE_MAX_SIZE: 1', '']) {
      const dir = mkdtempSync(join(tmpdir(), 'pictograph-pool-tracer-'));
      const pool = new GraphPool({ graph: ECHO(directive, 'PassThroughCalculator'), tracer, traceDir: dir });
      await pool.run({ inputs: { input: 'a' } });
      await pool.run({ inputs: { input: 'b' } });
      expect(readdirSync(dir), directive).to.have.length(2);
      await pool.close();
      rmSync(dir, { recursive: true });
    }
    expect(slices).to.deep.equal(['echo', 'echo', 'echo', 'echo']);
  });

  describe('rx adapters', () => {
    it('fromPoolRequest emits a request\'s packets as they come and completes', async () => {
      const pool = new GraphPool({ graph: ECHO('# OVMS_GRAPH_QUEUE_MAX_SIZE: 1') });
      const packets = await lastValueFrom(fromPoolRequest(pool, { inputs: { input: 'x' } }).pipe(toArray()));
      expect(packets.map(({ stream, packet }) => [stream, packet.value, packet.timestamp])).to.deep.equal([['output', 'x', 0]]);
      await pool.close();
    });

    it('fromGraphOutput completes when the stream closes', async () => {
      const calculatorGraph = new CalculatorGraph(ECHO('', 'PassThroughCalculator'));
      const values = lastValueFrom(fromGraphOutput<string>(calculatorGraph, 'output').pipe(toArray()));
      calculatorGraph.start();
      calculatorGraph.addPacket('input', 'a', Timestamp.of(0));
      calculatorGraph.addPacket('input', 'b', Timestamp.of(1));
      calculatorGraph.closeAllInputs();
      expect((await values).map((p) => p.value)).to.deep.equal(['a', 'b']);
    });
  });
});
