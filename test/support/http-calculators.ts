/**
 * @module test/support/http-calculators
 * Calculators that HTTP-layer tests serve in real graphs behind the real server: one answers with a description of
 * the request payload it got, one fails with a given status, one holds the request until it is released or
 * cancelled, one answers with a large body. They exercise the server; they are not stand-ins for generation.
 */
import { JsonNumber } from '../../calculators/request/json-value.js';
import type { RequestPayload } from '../../calculators/request/request-payload.js';
import {
  GraphError, STATUS_CODES, STRING, defineContract, input, output, type Calculator, type ContextOf, type StatusCode,
} from '../../engine/index.js';

const ports = {
  inputs: { request: input('HTTP_REQUEST_PAYLOAD') },
  outputs: { response: output('HTTP_RESPONSE_PAYLOAD', STRING) },
} as const;

function payloadOf(cx: { in: { request: unknown } }): RequestPayload {
  return cx.in.request as RequestPayload;
}

/** Answers `{"kind","uri","model","prompt"}` from the payload (what the front end handed the graph). */
export class DescribeRequestCalculator implements Calculator {
  static readonly contract = defineContract(ports);

  process(cx: ContextOf<typeof DescribeRequestCalculator>): void {
    const payload = payloadOf(cx);
    const text = (name: string): unknown =>
      payload.kind === 'json' ? payload.body[name] : payload.kind === 'multipart' ? payload.form.text(name) : undefined;
    cx.out.response.send(JSON.stringify({ kind: payload.kind, uri: payload.uri, model: text('model'), prompt: text('prompt') }));
  }
}

/** Fails with the status code and message in the JSON body's `code` and `message` (INVALID_ARGUMENT by default). */
export class FailRequestCalculator implements Calculator {
  static readonly contract = defineContract(ports);

  process(cx: ContextOf<typeof FailRequestCalculator>): void {
    const payload = payloadOf(cx);
    const body = payload.kind === 'json' ? payload.body : {};
    const code = String(body['code'] ?? 'INVALID_ARGUMENT');
    if (!(STATUS_CODES as readonly string[]).includes(code)) throw new Error(`unknown code ${code}`);
    throw new GraphError(code as StatusCode, String(body['message'] ?? 'failed'));
  }
}

/** Requests wait here until `release()` or until the run is cancelled; counts both. */
export class HoldRequestCalculator implements Calculator {
  static readonly contract = defineContract(ports);
  static held: (() => void)[] = [];
  static cancelled = 0;
  static waiting = 0;

  static release(): void {
    for (const release of HoldRequestCalculator.held.splice(0)) release();
  }

  async process(cx: ContextOf<typeof HoldRequestCalculator>): Promise<void> {
    HoldRequestCalculator.waiting++;
    try {
      await new Promise<void>((resolve, reject) => {
        HoldRequestCalculator.held.push(resolve);
        cx.signal.addEventListener('abort', () => {
          HoldRequestCalculator.cancelled++;
          reject(new GraphError('CANCELLED', 'held request cancelled'));
        }, { once: true });
      });
    } finally {
      HoldRequestCalculator.waiting--;
    }
    cx.out.response.send('{"released":true}');
  }
}

/** Answers a JSON body of `size` bytes (from the JSON body's `size`), a pattern a reader can check. */
export class LargeResponseCalculator implements Calculator {
  static readonly contract = defineContract(ports);

  process(cx: ContextOf<typeof LargeResponseCalculator>): void {
    const payload = payloadOf(cx);
    const size = payload.kind === 'json' && payload.body['size'] instanceof JsonNumber ? payload.body['size'].toNumber() : 0;
    cx.out.response.send(largeBody(size));
  }
}

/** `{"data":"0123456789012..."}` padded to exactly `size` bytes (at least 11). */
export function largeBody(size: number): string {
  const digits = Math.max(0, size - 11);
  return `{"data":"${'0123456789'.repeat(Math.ceil(digits / 10)).slice(0, digits)}"}`;
}

export const HTTP_TEST_CALCULATORS = {
  DescribeRequestCalculator,
  FailRequestCalculator,
  HoldRequestCalculator,
  LargeResponseCalculator,
} as const;

/** A served graph of one of these calculators, as a user would write it. */
export function httpTestGraph(calculator: keyof typeof HTTP_TEST_CALCULATORS, nodeName = 'ImageGenExecutor'): string {
  return `input_stream: "HTTP_REQUEST_PAYLOAD:input"
output_stream: "HTTP_RESPONSE_PAYLOAD:output"
node {
  name: "${nodeName}"
  calculator: "${calculator}"
  input_stream: "HTTP_REQUEST_PAYLOAD:input"
  output_stream: "HTTP_RESPONSE_PAYLOAD:output"
}
`;
}
