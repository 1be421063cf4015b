/**
 * @module calculators/core/gate-calculator
 * GateCalculator: forwards its untagged inputs only while the gate is open. The gate follows an `ALLOW` or
 * `DISALLOW` boolean stream (per timestamp) or side packet, or the `allow` option when neither is connected; a closed
 * gate forwards nothing but still advances the outputs' bounds, so downstream does not wait.
 *
 * Ports: input_stream untagged data (any type) + optional `ALLOW` or `DISALLOW` (boolean); input_side_packet optional
 * `ALLOW` or `DISALLOW` (boolean); output_stream as many untagged outputs as data inputs.
 * Options: mediapipe.GateCalculatorOptions (schemas/proto/mediapipe/gate_calculator.proto).
 *
 *   node {
 *     calculator: "GateCalculator"
 *     input_stream: "frames"
 *     input_stream: "ALLOW:enabled"
 *     output_stream: "gated_frames"
 *   }
 */
import {
  BOOLEAN, defineContract, input, inputs, optionsType, outputs, sideInput, type Calculator, type ContextOf,
} from '../../engine/index.js';

export interface GateCalculatorOptions {
  readonly emptyPacketsAsAllow: boolean;
  readonly allow: boolean;
}

const CONTROL_TAGS = ['ALLOW', 'DISALLOW'] as const;

export class GateCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { values: inputs(''), allow: input('ALLOW', BOOLEAN).optional(), disallow: input('DISALLOW', BOOLEAN).optional() },
    outputs: { values: outputs('') },
    side: { allowSide: sideInput('ALLOW', BOOLEAN).optional(), disallowSide: sideInput('DISALLOW', BOOLEAN).optional() },
    options: optionsType<GateCalculatorOptions>('mediapipe.GateCalculatorOptions', 'mediapipe/gate_calculator.proto'),
    check: (node) => {
      const problems: string[] = [];
      const controls = CONTROL_TAGS.filter((tag) => node.inputs.has(tag)).length +
        CONTROL_TAGS.filter((tag) => node.sideInputs.has(tag)).length;
      if (controls > 1) {
        problems.push('connect at most one of the ALLOW or DISALLOW stream or side packet');
      }
      if (node.inputs.count('') !== node.outputs.count('')) {
        problems.push(`needs as many untagged outputs as untagged inputs (${node.inputs.count('')} inputs, ${node.outputs.count('')} outputs)`);
      }
      return problems;
    },
  });

  process(cx: ContextOf<typeof GateCalculator>): void {
    if (!this.isOpen(cx)) return;
    cx.packet.values.forEach((packet, i) => { if (!packet.isEmpty()) cx.out.values[i]?.add(packet); });
  }

  private isOpen(cx: ContextOf<typeof GateCalculator>): boolean {
    const { emptyPacketsAsAllow, allow } = cx.options;
    if (cx.isConnected('allow')) return cx.packet.allow.isEmpty() ? emptyPacketsAsAllow : cx.packet.allow.value;
    if (cx.isConnected('disallow')) return cx.packet.disallow.isEmpty() ? emptyPacketsAsAllow : !cx.packet.disallow.value;
    if (cx.side.allowSide !== undefined) return cx.side.allowSide;
    if (cx.side.disallowSide !== undefined) return !cx.side.disallowSide;
    return allow;
  }
}
