/**
 * @module calculators/core/pass-through-calculator
 * PassThroughCalculator: forwards each untagged input to the output with the same index, unchanged. Useful to
 * rename streams, join subgraph boundaries, and as the engine's benchmark hop.
 *
 * Ports: input_stream `a`, `b`, ... (untagged, any type); output_stream: as many untagged outputs, same order.
 *
 *   node {
 *     calculator: "PassThroughCalculator"
 *     input_stream: "in"
 *     output_stream: "out"
 *   }
 */
import { defineContract, inputs, outputs, type Calculator, type ContextOf } from '../../engine/index.js';

export class PassThroughCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { values: inputs('') },
    outputs: { values: outputs('') },
    check: (node) => node.inputs.count('') === node.outputs.count('') ? []
      : [`needs as many outputs as inputs (${node.inputs.count('')} inputs, ${node.outputs.count('')} outputs)`],
  });

  process(cx: ContextOf<typeof PassThroughCalculator>): void {
    const packets = cx.packet.values;
    for (let i = 0; i < packets.length; i++) {
      const packet = packets[i];
      if (packet !== undefined && !packet.isEmpty()) cx.out.values[i]?.add(packet);
    }
  }
}
