/**
 * @module test/engine/graph/subgraphs.test
 * Subgraph expansion: prefixing, boundary mapping by tag, nesting, factories, errors.
 */
import { expect } from 'chai';
import {
  GraphConfigErrors, loadGraphText, parseGraphText, SubgraphRegistry, subgraphPrefix, type GraphConfig,
} from '../../../engine/index.js';
import { runGraph, testEnvironment } from '../../support/node-runner.js';

/** A subgraph: IN → pass → pass → OUT, with an optional SIDE input whose inner consumer must be dropped if unused. */
const DOUBLE_PASS = `
type: "DoublePass"
input_stream: "IN:in"
input_stream: "EXTRA:extra"
output_stream: "OUT:out"
node { calculator: "PassThroughCalculator" input_stream: "in" output_stream: "middle" }
node { name: "last" calculator: "PassThroughCalculator" input_stream: "middle" output_stream: "out" }
`;

function registry(): SubgraphRegistry {
  return new SubgraphRegistry().registerText('DoublePass', DOUBLE_PASS, 'double_pass.pbtxt');
}

describe('subgraph expansion (tool/subgraph_expansion.cc)', () => {
  it('prefixes inner names with lower(node name)__ and connects the boundary by tag', () => {
    const graph = loadGraphText(`
      input_stream: "frames"
      output_stream: "result"
      node { name: "Face Detection" calculator: "DoublePass" input_stream: "IN:frames" output_stream: "OUT:result" }`,
    testEnvironment({}, registry()), { file: 'g.pbtxt' });
    expect(graph.nodes.map((node) => node.name)).to.deep.equal(['face_detection__PassThroughCalculator', 'face_detection__last']);
    expect(graph.nodes.map((node) => [node.config.input_stream, node.config.output_stream])).to.deep.equal([
      [['frames'], ['face_detection__middle']],
      [['face_detection__middle'], ['result']],
    ]);
    expect(graph.nodes[0]?.source.line, 'errors point at the outer node').to.equal(4);
    expect(subgraphPrefix('a.b:c d')).to.equal('a_b_c_d__');
  });

  it('runs the expanded graph', async () => {
    const run = await runGraph(`
      input_stream: "frames"
      output_stream: "result"
      node { calculator: "DoublePass" input_stream: "IN:frames" output_stream: "OUT:result" }`,
    { subgraphs: registry(), inputs: { frames: ['a', 'b'] } });
    expect(run.outputs['result']?.map((p) => p.value)).to.deep.equal(['a', 'b']);
  });

  it('expands nested subgraphs and TypeScript factories', () => {
    const subgraphs = registry().registerFactory('Quad', (node): GraphConfig => {
      const inner = `input_stream: "IN:x"\noutput_stream: "OUT:y"
        node { name: "one" calculator: "DoublePass" input_stream: "IN:x" output_stream: "OUT:mid" }
        node { name: "two" calculator: "DoublePass" input_stream: "IN:mid" output_stream: "OUT:y" }`;
      expect(node.calculator).to.equal('Quad');
      return parseGraphText(inner, testEnvironment().schema, 'quad').config;
    });
    const graph = loadGraphText('input_stream: "in"\nnode { name: "q" calculator: "Quad" input_stream: "IN:in" output_stream: "OUT:out" }',
      testEnvironment({}, subgraphs));
    expect(graph.nodes.map((node) => node.name)).to.deep.equal([
      'q__one__PassThroughCalculator', 'q__one__last', 'q__two__PassThroughCalculator', 'q__two__last']);
    expect(graph.nodes.at(-1)?.config.output_stream).to.deep.equal(['out']);
  });

  it('reports a tag the subgraph does not have and calculator-only fields', () => {
    let caught: unknown;
    try {
      loadGraphText(`input_stream: "in"
        node { calculator: "DoublePass" input_stream: "IN:in" input_stream: "NOPE:in" output_stream: "OUT:o" }
        node { name: "layered" calculator: "DoublePass" input_stream: "IN:in" source_layer: 1 }`,
      testEnvironment({}, registry()), { file: 'g.pbtxt' });
    } catch (error) {
      caught = error;
    }
    expect((caught as GraphConfigErrors).errors.map((e) => e.message)).to.deep.equal([
      'g.pbtxt:2: node "DoublePass" (DoublePass): Tag "NOPE" does not exist in the subgraph config.',
      'g.pbtxt:3: node "layered" (DoublePass): Subgraph "layered" has a field that is only applicable to calculators.',
    ]);
  });

  it('drops inner uses of boundary inputs the outer node leaves unconnected', () => {
    const subgraphs = new SubgraphRegistry().registerText('WithExtra', `
      input_stream: "IN:in"
      input_stream: "EXTRA:extra"
      output_stream: "OUT:out"
      node { calculator: "PairCalculator" input_stream: "A:in" input_stream: "B:extra" output_stream: "PAIR:out" }`);
    const graph = loadGraphText('input_stream: "x"\nnode { name: "w" calculator: "WithExtra" input_stream: "IN:x" output_stream: "OUT:y" }',
      testEnvironment({}, subgraphs), { schemaOnly: true });
    expect(graph.nodes[0]?.config.input_stream).to.deep.equal(['A:x']);
  });
});
