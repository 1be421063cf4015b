/**
 * The request contract through every layer, as status + exact body: raw bodies (curl-like) and what the official
 * OpenAI SDK sends (generations as JSON with extra fields, edits as multipart with files).
 */
import { expect } from 'chai';
import { toFile } from 'openai';
import type { ImageGenerationRequest } from '../../calculators/request/image-generation-request.js';
import { DEFAULT_TEST_ARGS, DYNAMIC_LORA } from '../support/request-fixtures.js';
import { answer, sdkRequest } from '../support/request-contract.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const wrapped = (message: string): string =>
  JSON.stringify({ error: `Mediapipe execution failed. MP status - INVALID_ARGUMENT: CalculatorGraph::Run() failed: \nCalculator::Process() for node "ImageGenExecutor" failed: ${message}` });

/** [uri, content type, body, status, error body] */
const RAW_ROWS: readonly (readonly [string, string, string, number, string])[] = [
  ['/v3/images/generations', 'application/json', '{"model":"sd"', 412, '{"error":"The file is not valid json - Cannot parse JSON body"}'],
  ['/v3/images/generations', 'application/json', '{"prompt":"cat"}', 412, '{"error":"The file is not valid json - model field is missing in JSON body"}'],
  ['/v3/images/generations', 'application/json', '{"model":"sd"}', 400, wrapped('prompt field is missing in JSON body')],
  ['/v3/images/generations', 'application/json', '{"model":"sd","prompt":"cat","n":"2"}', 400, wrapped('n field is not a int')],
  ['/v3/images/generations', 'application/json', '{"model":"sd","prompt":"cat","user":"me"}', 400, wrapped('Unhandled parameter: user')],
  ['/v3/images/generations', 'application/json', '{"model":"sd","prompt":"cat","quality":null}', 400, wrapped('Unhandled parameter: quality')],
  ['/v3/images/generations', 'application/json', '{"model":"sd","prompt":"cat","size":"512"}', 400, wrapped('size field is not in correct format - WxH')],
  ['/v3/images/generations', 'application/json', '{"model":"sd","prompt":"cat","num_inference_steps":0}', 400, wrapped('num_inference_steps must be higher than 0')],
  ['/v3/images/edits', 'application/json', '{"model":"sd","prompt":"cat"}', 400, wrapped('Failed to parse multipart data')],
  ['/v3/chat/completions', 'application/json', '{"model":"sd","messages":[]}', 400, wrapped('Unsupported URI: /v3/chat/completions')],
  ['/v3/images/edits', 'multipart/form-data; boundary=q', '--q\r\nbroken', 500, '{"error":"Request of multipart type but failed to parse"}'],
];

describe('request contract: raw HTTP bodies → status and body', () => {
  for (const [uri, contentType, body, status, error] of RAW_ROWS) {
    it(`${uri} ${body} → ${status}`, async () => {
      expect(await answer({ uri, contentType, body: utf8(body) }, DEFAULT_TEST_ARGS)).to.deep.equal({ status, body: error });
    });
  }

  it('multipart sent to generations → "Failed to parse JSON"', async () => {
    const form = new FormData();
    form.append('model', 'sd');
    form.append('prompt', 'cat');
    const response = new Response(form);
    const outcome = await answer({
      uri: '/v3/images/generations', contentType: response.headers.get('content-type') ?? '', body: new Uint8Array(await response.arrayBuffer()),
    }, DEFAULT_TEST_ARGS);
    expect(outcome).to.deep.equal({ status: 400, body: wrapped('Failed to parse JSON') });
  });
});

describe('request contract: what the OpenAI SDK sends', () => {
  function decoded(outcome: { status: number; body: unknown }): ImageGenerationRequest {
    expect(outcome.status, typeof outcome.body === 'string' ? outcome.body : '').to.equal(200);
    return outcome.body as ImageGenerationRequest;
  }

  it('images.generate with OVMS extras in the body (the demo request)', async () => {
    const request = await sdkRequest((client) => client.images.generate({
      model: 'OpenVINO/stable-diffusion-v1-5-int8-ov', prompt: 'three cats', size: '512x512', response_format: 'b64_json',
      // @ts-expect-error OVMS-only fields, sent as extra body fields
      rng_seed: 409, num_inference_steps: 10,
    }));
    expect(request.uri).to.equal('/v3/images/generations');
    const outcome = await answer(request, DEFAULT_TEST_ARGS);
    expect(outcome.servableName).to.equal('OpenVINO/stable-diffusion-v1-5-int8-ov');
    expect(decoded(outcome)).to.deep.include({ prompt: 'three cats', width: 512, height: 512, rngSeed: 409n, numInferenceSteps: 10 });
  });

  it('images.generate with a GPT-only field gets OVMS\'s rejection', async () => {
    const request = await sdkRequest((client) => client.images.generate({ model: 'sd', prompt: 'cat', quality: 'high' }));
    expect(await answer(request, DEFAULT_TEST_ARGS)).to.deep.equal({ status: 400, body: wrapped('Unhandled parameter: quality') });
  });

  it('images.edit: image and mask files, numbers as strings, lora_alphas as a JSON string', async () => {
    const request = await sdkRequest(async (client) => client.images.edit({
      model: 'pokemon', prompt: 'a cat', image: await toFile(PNG, 'cat.png', { type: 'image/png' }),
      mask: await toFile(PNG, 'mask.png', { type: 'image/png' }), n: 2, size: '512x512',
      // @ts-expect-error OVMS-only fields
      strength: 0.67, rng_seed: 409, lora_alphas: '{"pokemon":0.5}',
    }));
    expect(request.contentType).to.match(/^multipart\/form-data; boundary=/);
    const outcome = await answer(request, DEFAULT_TEST_ARGS, DYNAMIC_LORA);
    expect(outcome.servableName).to.equal('pokemon');
    const edit = decoded(outcome);
    expect(edit).to.deep.include({ mode: 'inpainting', model: 'pokemon', numImagesPerPrompt: 2, width: 512, height: 512, strength: Math.fround(0.67), rngSeed: 409n });
    expect(edit.loraAlphas).to.deep.equal({ pokemon: 0.5 });
    expect(Array.from(edit.image?.bytes ?? [])).to.deep.equal(Array.from(PNG));
    expect(edit.image?.origin).to.equal('cat.png');
  });

  it('images.edit with several images sends image[] parts, which OVMS does not support', async () => {
    const request = await sdkRequest(async (client) => client.images.edit({
      model: 'sd', prompt: 'a cat', image: [await toFile(PNG, 'a.png'), await toFile(PNG, 'b.png')],
    }));
    expect(await answer(request, DEFAULT_TEST_ARGS)).to.deep.equal({ status: 400, body: wrapped('Image field is missing in multipart body') });
  });
});
