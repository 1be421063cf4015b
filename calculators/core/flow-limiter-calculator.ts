/**
 * @module calculators/core/flow-limiter-calculator
 * FlowLimiterCalculator (MediaPipe's load shedding): lets at most `max_in_flight` input timestamps through at once,
 * keeps at most `max_in_queue` waiting and drops the oldest waiting ones beyond that. A timestamp stops being in
 * flight when FINISHED (a back edge from the graph's output) has a packet or a bound at or past it.
 *
 * Ports: input_stream untagged main inputs (any type) + `FINISHED:finished` (back edge); output_stream as many
 * untagged outputs + optional `ALLOW:allow` (boolean per input timestamp: released or dropped).
 * Options: mediapipe.FlowLimiterCalculatorOptions (schemas/proto/mediapipe/flow_limiter_calculator.proto).
 *
 *   node {
 *     calculator: "FlowLimiterCalculator"
 *     input_stream: "frames"
 *     input_stream: "FINISHED:done"
 *     input_stream_info: { tag_index: "FINISHED" back_edge: true }
 *     output_stream: "throttled_frames"
 *     options { [mediapipe.FlowLimiterCalculatorOptions.ext] { max_in_flight: 1 max_in_queue: 0 } }
 *   }
 */
import {
  BOOLEAN, defineContract, input, inputs, optionsType, output, outputs, Timestamp, type Calculator, type ContextOf,
  type Packet,
} from '../../engine/index.js';

export interface FlowLimiterCalculatorOptions {
  readonly maxInFlight: number;
  readonly maxInQueue: number;
  /** Microseconds of packet time after which an in-flight timestamp is given up; 0 = never. */
  readonly inFlightTimeout: number;
}

interface Frame {
  readonly timestamp: Timestamp;
  readonly packets: readonly Packet[];
}

export class FlowLimiterCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { values: inputs(''), finished: input('FINISHED') },
    outputs: { values: outputs(''), allow: output('ALLOW', BOOLEAN).optional() },
    options: optionsType<FlowLimiterCalculatorOptions>('mediapipe.FlowLimiterCalculatorOptions', 'mediapipe/flow_limiter_calculator.proto'),
    // MediaPipe's contract: every input on its own, and process on bound changes too (FINISHED may be a bound).
    inputStreamHandler: 'ImmediateInputStreamHandler',
    processTimestampBounds: true,
    timestampOffset: null,
    check: (node) => node.inputs.count('') === node.outputs.count('') ? []
      : [`needs as many untagged outputs as untagged inputs (${node.inputs.count('')} inputs, ${node.outputs.count('')} outputs)`],
  });

  private readonly waiting: Frame[] = [];
  private inFlight: Timestamp[] = [];

  process(cx: ContextOf<typeof FlowLimiterCalculator>): void {
    const { maxInFlight, maxInQueue, inFlightTimeout } = cx.options;
    // 1. FINISHED settles every in-flight timestamp up to its packet (or its bound).
    const finishedThrough = cx.packet.finished.timestamp;
    this.inFlight = this.inFlight.filter((ts) => ts > finishedThrough);
    // 2. A new frame waits in the queue.
    const packets = cx.packet.values;
    const ts = cx.inputTimestamp;
    if (packets.some((packet) => !packet.isEmpty() && packet.timestamp === ts)) {
      if (inFlightTimeout > 0) this.inFlight = this.inFlight.filter((started) => ts - started < inFlightTimeout);
      this.waiting.push({ timestamp: ts, packets });
    }
    // 3. Release waiting frames while there is room, oldest first; 4. drop the oldest beyond max_in_queue.
    while (this.inFlight.length < maxInFlight && this.waiting.length > 0) {
      const frame = this.waiting.shift() as Frame;
      this.inFlight.push(frame.timestamp);
      frame.packets.forEach((packet, i) => { if (!packet.isEmpty()) cx.out.values[i]?.add(packet); });
      cx.out.allow.send(true, frame.timestamp);
    }
    while (this.waiting.length > maxInQueue) {
      const frame = this.waiting.shift() as Frame;
      const next = Timestamp.nextAllowedInStream(frame.timestamp);
      for (const out of cx.out.values) out.setNextTimestampBound(next);
      cx.out.allow.send(false, frame.timestamp);
    }
  }
}
