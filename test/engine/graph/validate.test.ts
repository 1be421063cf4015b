/**
 * @module test/engine/graph/validate.test
 * Validation before running: one test per rule, with the exact file:line messages.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defineContract, GraphConfigErrors, input, loadGraphText, output, STRING, type ValidatedGraph,
} from '../../../engine/index.js';
import { VALIDATION } from '../../../engine/graph/validation-messages.js';
import { testEnvironment } from '../../support/node-runner.js';
import { projectRoot } from '../../support/paths.js';
import { TEST_CALCULATORS } from '../../support/test-calculators.js';

class TakesString {
  static readonly contract = defineContract({ inputs: { text: input('', STRING) }, outputs: { text: output('', STRING) } });
  process(): void {}
}
const CALCULATORS = { ...TEST_CALCULATORS, TakesString };

const fixture = (name: string): string => readFileSync(join(projectRoot, 'test', 'engine', 'fixtures', name), 'utf8');

function load(text: string, schemaOnly = false): ValidatedGraph {
  return loadGraphText(text, testEnvironment(CALCULATORS), { file: 'g.pbtxt', schemaOnly });
}

/** Every message validation reports for `text`. */
function problems(text: string, schemaOnly = false): string[] {
  try {
    load(text, schemaOnly);
  } catch (error) {
    if (error instanceof GraphConfigErrors) return error.errors.map((e) => e.message);
    if (error instanceof Error) return [error.message];
  }
  return [];
}

describe('graph validation (ValidatedGraphConfig rules)', () => {
  it('collects every problem, each with file, line, node and stream', () => {
    let caught: unknown;
    try {
      loadGraphText(fixture('invalid-wiring.pbtxt'), testEnvironment(CALCULATORS), { file: 'graphs/x.pbtxt' });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(GraphConfigErrors);
    const errors = (caught as GraphConfigErrors).errors;
    expect(errors.map((e) => e.message)).to.deep.equal([
      'graphs/x.pbtxt:12: node "second" (PassThroughCalculator): output stream "mid" is already produced by node "first" (Output Stream "mid" defined twice.)',
      'graphs/x.pbtxt:19: node "VaeDecode" (PassThroughCalculator): input stream "latent" has no producer',
    ]);
    expect(errors[1]?.at).to.deep.include({ file: 'graphs/x.pbtxt', line: 19, node: 'VaeDecode', stream: 'latent' });
    expect((caught as GraphConfigErrors).code).to.equal('INVALID_ARGUMENT');
  });

  it('names an unknown calculator and suggests the closest registered one', () => {
    expect(VALIDATION.unknownCalculator('PassThruCalculator', 'PassThroughCalculator'))
      .to.equal('unknown calculator PassThruCalculator; did you mean "PassThroughCalculator"?');
    expect(problems(fixture('invalid-unknown-calculator.pbtxt'))).to.deep.equal([
      `g.pbtxt:2: node "PassThruCalculator" (PassThruCalculator): ${VALIDATION.unknownCalculator('PassThruCalculator', 'PassThroughCalculator')}`,
    ]);
  });

  it('skips calculator lookup and contracts in schema-only mode, still checking wiring', () => {
    expect(problems(fixture('ovms-image-gen-full.pbtxt'), true)).to.deep.equal([]);
    expect(problems('input_stream: "in"\nnode { calculator: "Nope" input_stream: "missing" }', true)).to.deep.equal([
      'g.pbtxt:2: node "Nope" (Nope): input stream "missing" has no producer',
    ]);
  });

  it('fails the OVMS graph in full mode only on the calculator it does not know yet', () => {
    expect(problems(fixture('ovms-image-gen-full.pbtxt'))).to.deep.equal([
      'g.pbtxt:7: node "ImageGenExecutor" (ImageGenCalculator): unknown calculator ImageGenCalculator',
    ]);
  });

  it('rejects a cycle without back_edge and accepts it with one', () => {
    expect(problems(fixture('invalid-cycle.pbtxt'))[0]).to.contain('g.pbtxt:2: Generator side packet cycle or calculator stream cycle detected in graph: [a, b]');
    const fixed = fixture('invalid-cycle.pbtxt').replace('input_stream: "from_b"', 'input_stream: "from_b"\n  input_stream_info { tag_index: ":1" back_edge: true }');
    expect(problems(fixed)).to.deep.equal([]);
  });

  it('checks the contract: required ports, unexpected ports, cross-port rules', () => {
    expect(problems('input_stream: "in"\nnode { calculator: "FlowLimiterCalculator" input_stream: "in" output_stream: "out" }')).to.deep.equal([
      'g.pbtxt:2: node "FlowLimiterCalculator" (FlowLimiterCalculator): input stream tag "FINISHED" is required but not connected',
    ]);
    expect(problems('input_stream: "in"\nnode { calculator: "PairCalculator" input_stream: "A:in" input_stream: "B:in2" input_stream: "C:in3" output_stream: "PAIR:p" }\n' +
      'input_stream: "in2"\ninput_stream: "in3"')).to.deep.equal([
      'g.pbtxt:2: node "PairCalculator" (PairCalculator): input stream "C:in3" is not expected by the calculator (Tag "C" index 0 was not expected.)',
    ]);
    expect(problems('input_stream: "in"\nnode { calculator: "PassThroughCalculator" input_stream: "in" output_stream: "a" output_stream: "b" }')).to.deep.equal([
      'g.pbtxt:2: node "PassThroughCalculator" (PassThroughCalculator): needs as many outputs as inputs (1 inputs, 2 outputs)',
    ]);
  });

  it('checks packet types between connected ports', () => {
    expect(problems(`input_stream: "in"
      node { name: "even" calculator: "EvenOnlyCalculator" input_stream: "in" output_stream: "numbers" }
      node { name: "text" calculator: "TakesString" input_stream: "numbers" output_stream: "out" }`)).to.deep.equal([
      'g.pbtxt:3: node "text" (TakesString): input stream "numbers" expects packets of type "string" but node "even" produces packets of type "number"',
    ]);
  });

  it('rejects an options type given twice in node_options', () => {
    expect(problems(fixture('invalid-options.pbtxt'))).to.deep.equal([
      "g.pbtxt:2: node \"FlowLimiterCalculator\" (FlowLimiterCalculator): Options type: 'mediapipe.FlowLimiterCalculatorOptions' specified more than once",
    ]);
  });

  it('checks executors, handlers, input_stream_info and side packets', () => {
    const graph = `
      input_stream: "in"
      executor { name: "default" }
      executor { name: "pool" }
      executor { name: "pool" }
      node { name: "a" calculator: "PassThroughCalculator" input_stream: "in" output_stream: "a" executor: "gpu_pool" }
      node { name: "b" calculator: "PassThroughCalculator" input_stream: "a" output_stream: "b" input_stream_handler { input_stream_handler: "ImmediateInputStreamHandlr" } }
      node { name: "c" calculator: "PassThroughCalculator" input_stream: "b" output_stream: "c" input_stream_info { tag_index: "X" back_edge: true } }
      node { name: "d" calculator: "DoubleSideCalculator" input_side_packet: "SEED:s" output_side_packet: "DOUBLED:twice" }
      node { name: "e" calculator: "DoubleSideCalculator" input_side_packet: "SEED:s" output_side_packet: "DOUBLED:twice" }`;
    expect(problems(graph)).to.deep.equal([
      'g.pbtxt:3: executor name "default" is reserved',
      'g.pbtxt:5: executor "pool" is declared twice',
      'g.pbtxt:6: node "a" (PassThroughCalculator): executor "gpu_pool" is not declared in the graph',
      'g.pbtxt:7: node "b" (PassThroughCalculator): unknown input stream handler "ImmediateInputStreamHandlr"; did you mean "ImmediateInputStreamHandler"?',
      'g.pbtxt:8: node "c" (PassThroughCalculator): input_stream_info "X" names no input stream (tag "X" index 0)',
      'g.pbtxt:10: node "e" (DoubleSideCalculator): output side packet "twice" is produced twice (Output Side Packet "twice" defined twice.)',
    ]);
  });

  it('reports a graph output_stream nobody produces', () => {
    expect(problems('input_stream: "in"\noutput_stream: "nothing"\nnode { calculator: "PassThroughCalculator" input_stream: "in" output_stream: "out" }'))
      .to.deep.equal(['g.pbtxt:2: graph output_stream "nothing" has no producer']);
  });

  it('gives duplicate node names MediaPipe\'s canonical _1, _2 suffixes and sorts nodes topologically', () => {
    const graph = load(`input_stream: "in"
      node { calculator: "PassThroughCalculator" input_stream: "b" output_stream: "c" }
      node { calculator: "PassThroughCalculator" input_stream: "in" output_stream: "b" }`);
    expect(graph.nodes.map((node) => [node.id, node.name, node.config.output_stream[0]])).to.deep.equal([
      [0, 'PassThroughCalculator_2', 'b'], [1, 'PassThroughCalculator_1', 'c']]);
    expect(graph.requiredSidePackets).to.deep.equal([]);
  });

  it('lists side packets that no node produces as required', () => {
    const graph = load('input_stream: "tick"\nnode { calculator: "SideToStreamCalculator" input_stream: "TICK:tick" input_side_packet: "VALUE:v" output_stream: "out" }');
    expect(graph.requiredSidePackets).to.deep.equal(['v']);
  });
});
