/**
 * @module test/support/test-calculators
 * Small calculators that engine tests run in real graphs: a lifecycle log (through a `LOG` side packet), sources,
 * two-input pairing, a node that emits nothing for odd values, failures, async work, cancellation and the OVMS
 * LOOPBACK streaming shape. They exercise the engine; they are not stand-ins for it.
 */
import {
  defineContract, GraphError, input, inputs, NUMBER, output, outputs, packetType, sideInput, sideOutput, STOP,
  STRING, Timestamp, type Calculator, type CalculatorClass, type ContextOf,
} from '../../engine/index.js';

/** A shared event log, passed as the `log` side packet. */
export type EventLog = string[];
export const EVENT_LOG = packetType<EventLog>('EventLog', Array.isArray);

const optionalLog = { log: sideInput('LOG', EVENT_LOG).optional() } as const;

/** Pass-through of its untagged inputs that logs `name:open`, `name:process@ts`, `name:close` to LOG. */
export class LoggingCalculator implements Calculator {
  static readonly contract = defineContract({ inputs: { values: inputs('') }, outputs: { values: outputs('') }, side: optionalLog });

  open(cx: ContextOf<typeof LoggingCalculator>): void {
    cx.side.log?.push(`${cx.nodeName}:open`);
  }

  process(cx: ContextOf<typeof LoggingCalculator>): void {
    cx.side.log?.push(`${cx.nodeName}:process@${Timestamp.toString(cx.inputTimestamp)}`);
    cx.packet.values.forEach((packet, i) => { if (!packet.isEmpty()) cx.out.values[i]?.add(packet); });
  }

  close(cx: ContextOf<typeof LoggingCalculator>): void {
    cx.side.log?.push(`${cx.nodeName}:close`);
  }
}

/** A source: emits 0 .. COUNT-1 at timestamps 0 .. COUNT-1, one per process call, then STOP. */
export class CounterSourceCalculator implements Calculator {
  static readonly contract = defineContract({ outputs: { value: output('', NUMBER) }, side: { count: sideInput('COUNT', NUMBER) } });
  private next = 0;

  process(cx: ContextOf<typeof CounterSourceCalculator>): void | typeof STOP {
    if (this.next >= cx.side.count) return STOP;
    cx.out.value.send(this.next, Timestamp.of(this.next));
    this.next++;
  }
}

/** Pairs inputs A and B at each timestamp as "a+b", writing "-" for a missing packet. */
export class PairCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { a: input('A'), b: input('B') },
    outputs: { pair: output('PAIR', STRING) },
  });

  process(cx: ContextOf<typeof PairCalculator>): void {
    const show = (packet: { isEmpty(): boolean; value: unknown }): string => (packet.isEmpty() ? '-' : String(packet.value));
    cx.out.pair.send(`${show(cx.packet.a)}+${show(cx.packet.b)}`);
  }
}

/** PairCalculator whose contract asks for A and B in separate sync sets (MediaPipe's SetInputStreamHandlerOptions). */
export class SyncSetPairCalculator implements Calculator {
  static readonly contract = defineContract({
    ...PairCalculator.contract, inputStreamHandler: 'SyncSetInputStreamHandler', syncSets: [['A:0']],
  });

  process(cx: ContextOf<typeof SyncSetPairCalculator>): void {
    new PairCalculator().process(cx);
  }
}

/** Forwards even numbers and emits nothing for odd ones (its bound still moves: offset 0). */
export class EvenOnlyCalculator implements Calculator {
  static readonly contract = defineContract({ inputs: { value: input('', NUMBER) }, outputs: { value: output('', NUMBER) } });

  process(cx: ContextOf<typeof EvenOnlyCalculator>): void {
    if (cx.in.value % 2 === 0) cx.out.value.send(cx.in.value);
  }
}

/** Like EvenOnly, but with arbitrary output timestamps: no bound propagation (MediaPipe's legacy default). */
export class EvenOnlyArbitraryCalculator implements Calculator {
  static readonly contract = defineContract({ ...EvenOnlyCalculator.contract, timestampOffset: null });

  process(cx: ContextOf<typeof EvenOnlyArbitraryCalculator>): void {
    if (cx.in.value % 2 === 0) cx.out.value.send(cx.in.value);
  }
}

/** Fails with INVALID_ARGUMENT on the string "boom" (in process), else passes through; logs its lifecycle. */
export class FailOnBoomCalculator implements Calculator {
  static readonly contract = defineContract({ inputs: { value: input('') }, outputs: { value: output('') }, side: optionalLog });

  open(cx: ContextOf<typeof FailOnBoomCalculator>): void {
    cx.side.log?.push(`${cx.nodeName}:open`);
  }

  process(cx: ContextOf<typeof FailOnBoomCalculator>): void {
    if (cx.in.value === 'boom') throw new GraphError('INVALID_ARGUMENT', 'value is boom');
    cx.out.value.send(cx.in.value);
  }

  close(cx: ContextOf<typeof FailOnBoomCalculator>): void {
    cx.side.log?.push(`${cx.nodeName}:close`);
  }
}

/** Async pass-through that waits a macrotask and records the most invocations it saw in flight at once. */
export class AsyncDelayCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { value: input('') }, outputs: { value: output('') },
    side: { stats: sideInput('STATS', packetType<{ maxInFlight: number }>('DelayStats')).optional() },
  });
  private inFlight = 0;

  async process(cx: ContextOf<typeof AsyncDelayCalculator>): Promise<void> {
    this.inFlight++;
    if (cx.side.stats !== undefined) cx.side.stats.maxInFlight = Math.max(cx.side.stats.maxInFlight, this.inFlight);
    // Later timestamps finish first, so in-order output delivery is exercised.
    await new Promise((resolve) => setTimeout(resolve, 5 - Math.min(4, cx.inputTimestamp)));
    this.inFlight--;
    cx.out.value.send(cx.in.value);
  }
}

/** Waits until the run is cancelled (cx.signal) and logs that it saw the abort. */
export class WaitForAbortCalculator implements Calculator {
  static readonly contract = defineContract({ inputs: { value: input('') }, outputs: { value: output('') }, side: optionalLog });

  process(cx: ContextOf<typeof WaitForAbortCalculator>): Promise<void> {
    cx.side.log?.push(`${cx.nodeName}:waiting`);
    return new Promise((resolve) => {
      cx.signal.addEventListener('abort', () => {
        cx.side.log?.push(`${cx.nodeName}:aborted`);
        resolve();
      }, { once: true });
    });
  }

  close(cx: ContextOf<typeof WaitForAbortCalculator>): void {
    cx.side.log?.push(`${cx.nodeName}:close`);
  }
}

/**
 * OVMS's LOOPBACK streaming shape: a REQUEST (a number n) starts a loop that emits "chunk i" on RESPONSE once per
 * iteration, each iteration triggered by its own LOOPBACK packet one timestamp later, and "done" after n chunks.
 */
export class LoopbackStreamCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { request: input('REQUEST', NUMBER).optional(), loopback: input('LOOPBACK') },
    outputs: { response: output('RESPONSE', STRING), loopback: output('LOOPBACK') },
  });
  private remaining = 0;
  private sent = 0;

  process(cx: ContextOf<typeof LoopbackStreamCalculator>): void {
    // As OVMS's calculators, tolerate a call with no inputs at all.
    if (!cx.packet.request.isEmpty()) {
      this.remaining = cx.packet.request.value as number;
      this.sent = 0;
    } else if (cx.packet.loopback.isEmpty()) {
      return;
    }
    const next = Timestamp.of(cx.inputTimestamp + 1);
    if (this.sent < this.remaining) {
      cx.out.response.send(`chunk ${this.sent++}`);
      cx.out.loopback.send(true, next);
    } else {
      cx.out.response.send('done');
    }
  }
}

/** Publishes its SEED side packet doubled as an output side packet in open. */
export class DoubleSideCalculator implements Calculator {
  static readonly contract = defineContract({ side: { seed: sideInput('SEED', NUMBER) }, sideOutputs: { doubled: sideOutput('DOUBLED', NUMBER) } });

  open(cx: ContextOf<typeof DoubleSideCalculator>): void {
    cx.sideOut.doubled.set(cx.side.seed * 2);
  }

  process(): void {}
}

/** Emits its side packet VALUE once per input packet, at the input's timestamp. */
export class SideToStreamCalculator implements Calculator {
  static readonly contract = defineContract({
    inputs: { tick: input('TICK') }, outputs: { value: output('', NUMBER) }, side: { value: sideInput('VALUE', NUMBER) },
  });

  process(cx: ContextOf<typeof SideToStreamCalculator>): void {
    cx.out.value.send(cx.side.value);
  }
}

/** Every test calculator by its registered name. */
export const TEST_CALCULATORS: Readonly<Record<string, CalculatorClass>> = {
  LoggingCalculator, CounterSourceCalculator, PairCalculator, SyncSetPairCalculator, EvenOnlyCalculator, EvenOnlyArbitraryCalculator,
  FailOnBoomCalculator, AsyncDelayCalculator, WaitForAbortCalculator, LoopbackStreamCalculator, DoubleSideCalculator,
  SideToStreamCalculator,
};
