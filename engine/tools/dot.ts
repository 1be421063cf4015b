/**
 * @module engine/tools/dot
 * Graphviz DOT of a validated graph, in the spirit of MediaPipe's visualizer: calculator nodes as boxes, graph
 * input and output streams as ellipses, streams as solid edges (back edges dashed), side packets as dotted edges.
 */
import type { ValidatedGraph } from '../graph/validated-graph.js';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function graphToDot(graph: ValidatedGraph): string {
  const lines = [`digraph ${quote(graph.file)} {`, '  rankdir=TB;', '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];'];
  const nodeId = (id: number): string => `n${id}`;
  for (const name of graph.inputStreams.names) lines.push(`  ${quote(`in:${name}`)} [shape=ellipse, label=${quote(name)}];`);
  for (const name of graph.outputStreams.names) lines.push(`  ${quote(`out:${name}`)} [shape=ellipse, label=${quote(name)}];`);
  for (const side of graph.requiredSidePackets) lines.push(`  ${quote(`side:${side}`)} [shape=note, label=${quote(side)}];`);
  for (const node of graph.nodes) lines.push(`  ${nodeId(node.id)} [label=${quote(`${node.name}\n(${node.calculator})`)}];`);
  for (const node of graph.nodes) {
    node.inputs.forEach((input) => {
      const producer = graph.streams.get(input.stream)?.producer;
      const from = producer === undefined ? quote(`in:${input.stream}`) : nodeId(producer);
      const style = input.backEdge ? ', style=dashed, constraint=false' : '';
      lines.push(`  ${from} -> ${nodeId(node.id)} [label=${quote(input.stream)}${style}];`);
    });
    for (const side of node.sideInputs) {
      const producer = graph.sidePacketProducers.get(side.name);
      const from = producer === undefined ? quote(`side:${side.name}`) : nodeId(producer);
      lines.push(`  ${from} -> ${nodeId(node.id)} [label=${quote(side.name)}, style=dotted];`);
    }
  }
  for (const name of graph.outputStreams.names) {
    const producer = graph.streams.get(name)?.producer;
    const from = producer === undefined ? quote(`in:${name}`) : nodeId(producer);
    lines.push(`  ${from} -> ${quote(`out:${name}`)} [label=${quote(name)}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
