/**
 * @module test/support/request-contract
 * The request contract end to end without a server: raw HTTP request → V3 payload → decoded request or the
 * exact HTTP status and `{"error": ...}` body OVMS would answer. Also captures what the official OpenAI SDK sends.
 */
import OpenAI from 'openai';
import { GraphError } from '../../engine/status.js';
import type { ImageGenerationRequest } from '../../calculators/request/image-generation-request.js';
import type { ImageGenPipelineArgs } from '../../calculators/request/image-gen-options.js';
import { ImageRequestDecoder } from '../../calculators/request/image-request-decoder.js';
import type { LoraRouting } from '../../calculators/request/lora-alphas.js';
import { HttpError, graphErrorResponse, httpErrorResponse } from '../../http/errors.js';
import { parseV3Request, type V3Request } from '../../http/v3-request.js';

export interface ContractOutcome {
  readonly status: number;
  /** The error body, or the decoded request for a 200. */
  readonly body: string | ImageGenerationRequest;
  readonly servableName?: string;
}

/** Runs the HTTP parsing and the decoding a servable would do; errors become OVMS's status and body. */
export async function answer(request: V3Request, args: ImageGenPipelineArgs, routing?: LoraRouting): Promise<ContractOutcome> {
  try {
    const routed = await parseV3Request(request, { maxBodyBytes: 1 << 24 });
    const decoded = new ImageRequestDecoder(args, routing).decode(routed.payload);
    return { status: 200, body: decoded, servableName: routed.servableName };
  } catch (error) {
    if (error instanceof HttpError) return httpErrorResponse(error);
    if (error instanceof GraphError) return graphErrorResponse(error);
    throw error;
  }
}

/** What the OpenAI Node SDK puts on the wire for one call (no network: a fetch that records and answers 200). */
export async function sdkRequest(call: (client: OpenAI) => Promise<unknown>): Promise<V3Request> {
  let captured: V3Request | undefined;
  const client = new OpenAI({
    apiKey: 'unused',
    baseURL: 'http://pictograph.test/v3',
    maxRetries: 0,
    fetch: async (url, init) => {
      const request = new Request(url, init);
      captured = {
        uri: new URL(request.url).pathname,
        contentType: request.headers.get('content-type') ?? '',
        body: new Uint8Array(await request.arrayBuffer()),
      };
      return new Response('{"created":0,"data":[{"b64_json":""}]}', { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  await call(client);
  if (captured === undefined) throw new Error('the SDK sent nothing');
  return captured;
}
