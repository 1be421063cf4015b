/**
 * @module test/bin/graph-command.test
 * `pictograph graph check|dot|run` through the real launcher on the pbtxt fixtures (valid, invalid, OVMS, MediaPipe).
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';

const FIXTURES = 'test/engine/fixtures';
const at = (name: string): string => `${FIXTURES}/${name}`;

describe('pictograph graph', () => {
  it('check prints OK for valid graphs and exits 0', async () => {
    const result = await runCli(['graph', 'check', at('mediapipe-flow-limited.pbtxt')]);
    expect(result.stdout).to.equal(`OK ${at('mediapipe-flow-limited.pbtxt')}\n`);
    expect(result.code).to.equal(0);
  });

  it('check prints FILE:LINE: message per problem and exits 1 when any file is invalid', async () => {
    const result = await runCli(['graph', 'check', at('mediapipe-flow-limited.pbtxt'), at('invalid-wiring.pbtxt'), at('invalid-syntax.pbtxt')]);
    expect(result.code).to.equal(1);
    expect(result.stdout.trimEnd().split('\n')).to.deep.equal([
      `OK ${at('mediapipe-flow-limited.pbtxt')}`,
      `${at('invalid-wiring.pbtxt')}:12: node "second" (PassThroughCalculator): output stream "mid" is already produced by node "first" (Output Stream "mid" defined twice.)`,
      `${at('invalid-wiring.pbtxt')}:19: node "VaeDecode" (PassThroughCalculator): input stream "latent" has no producer`,
      `${at('invalid-syntax.pbtxt')}:4: syntax error: .mediapipe.CalculatorGraphConfig.Node: unknown field 'input_stram'`,
    ]);
  });

  it('check accepts the OVMS image-generation graphs, schema-only and fully (ImageGenCalculator expands into the pipeline)', async () => {
    const files = ['ovms-image-gen-default.pbtxt', 'ovms-image-gen-full.pbtxt', 'ovms-image-gen-npu-static.pbtxt', 'ovms-image-gen-export-model.pbtxt'].map(at);
    for (const mode of [['--schema-only'], []]) {
      const result = await runCli(['graph', 'check', ...mode, ...files]);
      expect(result.code, mode.join(' ')).to.equal(0);
      expect(result.stdout.trimEnd().split('\n')).to.deep.equal(files.map((file) => `OK ${file}`));
    }
  });

  it('check --schema-only accepts a MediaPipe graph whose calculators and handlers Pictograph lacks', async () => {
    const file = at('mediapipe-face-detection.pbtxt');
    expect((await runCli(['graph', 'check', '--schema-only', file])).stdout).to.equal(`OK ${file}\n`);
    const full = await runCli(['graph', 'check', file]);
    expect(full.code).to.equal(1);
    expect(full.stdout).to.contain(`${file}:46: node "AnnotationOverlayCalculator" (AnnotationOverlayCalculator): unknown calculator AnnotationOverlayCalculator`);
    expect(full.stdout).to.contain(`${file}:15: packet_factory and packet_generator are not supported`);
  });

  it('check reports a file it cannot read', async () => {
    const result = await runCli(['graph', 'check', 'no/such/file.pbtxt']);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.match(/^no\/such\/file\.pbtxt: ENOENT/);
  });

  it('dot prints the validated graph as Graphviz DOT', async () => {
    const result = await runCli(['graph', 'dot', at('mediapipe-flow-limited.pbtxt')]);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^digraph "test\/engine\/fixtures\/mediapipe-flow-limited.pbtxt" \{/);
    expect(result.stdout).to.contain('"in:input_video" -> n0 [label="input_video"];');
    expect(result.stdout).to.contain('n1 -> n0 [label="output_video", style=dashed, constraint=false];');
    expect(result.stdout).to.contain('n1 -> "out:output_video" [label="output_video"];');
    expect(result.stdout.trimEnd().endsWith('}')).to.equal(true);
  });

  it('run writes a Chrome trace with one event per process call when PICTOGRAPH_TRACE_DIR is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pictograph-cli-trace-'));
    const result = await runCli(['graph', 'run', at('mediapipe-flow-limited.pbtxt'), '--input', 'input_video=1', '--input', 'input_video=2'],
      { env: { ...process.env, PICTOGRAPH_TRACE_DIR: dir } });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).to.deep.equal([
      { stream: 'output_video', timestamp: '0', value: 1 }, { stream: 'output_video', timestamp: '1', value: 2 }]);
    const [file] = readdirSync(dir);
    expect(result.stderr).to.contain(`trace: ${join(dir, file as string)}`);
    const trace = JSON.parse(readFileSync(join(dir, file as string), 'utf8')) as { traceEvents: { name: string; ph: string }[] };
    const processCalls = trace.traceEvents.filter((event) => event.ph === 'X');
    expect(processCalls.length).to.equal(trace.traceEvents.length);
    // Two frames through the pass-through; the flow limiter runs once per frame and once per FINISHED packet or bound.
    expect(processCalls.filter((event) => event.name === 'PassThroughCalculator')).to.have.length(2);
    expect(processCalls.filter((event) => event.name === 'FlowLimiterCalculator').length).to.be.greaterThanOrEqual(2);
  });

  it('rejects an unknown sub-command with exit 2', async () => {
    const result = await runCli(['graph', 'draw']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain("unknown sub-command 'draw'");
  });
});
