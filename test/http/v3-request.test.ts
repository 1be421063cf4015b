import { expect } from 'chai';
import { HttpError } from '../../http/errors.js';
import { parseV3Request, type RoutedV3Request } from '../../http/v3-request.js';

const LIMITS = { maxBodyBytes: 1 << 20 };
const JSON_TYPE = 'application/json';
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function route(body: string | Uint8Array, contentType = JSON_TYPE, uri = '/v3/images/generations'): Promise<RoutedV3Request> {
  return parseV3Request({ uri, contentType, body: typeof body === 'string' ? utf8(body) : body }, LIMITS);
}

async function rejection(promise: Promise<unknown>): Promise<[number, string]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return [error.httpStatus, error.message];
    throw error;
  }
  throw new Error('expected an HttpError');
}

async function multipart(build: (form: FormData) => void): Promise<{ contentType: string; body: Uint8Array }> {
  const form = new FormData();
  build(form);
  const response = new Response(form);
  return { contentType: response.headers.get('content-type') ?? '', body: new Uint8Array(await response.arrayBuffer()) };
}

describe('V3 request parsing (createV3HttpPayload)', () => {
  const JSON_ROWS: readonly (readonly [string, string])[] = [
    ['{"model": "m", "prompt": ', 'The file is not valid json - Cannot parse JSON body'],
    ['', 'The file is not valid json - Cannot parse JSON body'],
    ['{"model":"m","n":1e400}', 'The file is not valid json - Cannot parse JSON body'],
    [`{"model":"m","x":${'['.repeat(100)}${']'.repeat(100)}}`, 'The file is not valid json - JSON body exceeds maximum nesting depth'],
    ['[1,2]', 'The file is not valid json - JSON body must be an object'],
    ['"text"', 'The file is not valid json - JSON body must be an object'],
    ['{"prompt":"cat"}', 'The file is not valid json - model field is missing in JSON body'],
    ['{"model":5,"prompt":"cat"}', 'The file is not valid json - model field is not a string'],
    ['{"model":null}', 'The file is not valid json - model field is not a string'],
  ];
  for (const [body, message] of JSON_ROWS) {
    it(`JSON ${body.slice(0, 40)} → 412 ${message}`, async () => {
      expect(await rejection(route(body))).to.deep.equal([412, message]);
    });
  }

  it('routes JSON by its model field and keeps the body lossless', async () => {
    const routed = await route('{"model":"sd","prompt":"cat","rng_seed":18446744073709551615}', 'application/json; charset=utf-8');
    expect(routed.servableName).to.equal('sd');
    expect(routed.isStreaming).to.equal(false);
    expect(routed.payload.kind).to.equal('json');
    if (routed.payload.kind === 'json') {
      expect(routed.payload.memberNames).to.deep.equal(['model', 'prompt', 'rng_seed']);
      expect(routed.payload.uri).to.equal('/v3/images/generations');
    }
  });

  it('an empty model routes by URI with the JSON left unparsed', async () => {
    const routed = await route('{"model":"","prompt":"cat"}');
    expect(routed.servableName).to.equal('images/generations');
    expect(routed.payload.kind).to.equal('unparsed');
  });

  it('reads stream only on completions/responses URIs', async () => {
    expect((await route('{"model":"m","stream":true}', JSON_TYPE, '/v3/chat/completions')).isStreaming).to.equal(true);
    expect(await rejection(route('{"model":"m","stream":"yes"}', JSON_TYPE, '/v3/chat/completions')))
      .to.deep.equal([412, 'The file is not valid json - stream field is not a boolean']);
    expect((await route('{"model":"m","stream":"yes"}')).isStreaming).to.equal(false);
  });

  it('routes multipart by its model text field, else by URI; stream=true switches to streaming', async () => {
    const withModel = await multipart((form) => {
      form.append('model', 'sd');
      form.append('prompt', 'cat');
      form.append('stream', 'true');
    });
    const routed = await route(withModel.body, withModel.contentType, '/v3/images/edits');
    expect([routed.servableName, routed.isStreaming, routed.payload.kind]).to.deep.equal(['sd', true, 'multipart']);
    const noModel = await multipart((form) => form.append('prompt', 'cat'));
    const byUri = await route(noModel.body, noModel.contentType, '/v1/images/edits');
    expect([byUri.servableName, byUri.isStreaming, byUri.payload.kind]).to.deep.equal(['images/edits', false, 'multipart']);
  });

  it('a malformed multipart body → 500 "Request of multipart type but failed to parse"', async () => {
    expect(await rejection(route('not multipart', 'multipart/form-data; boundary=zzz', '/v3/images/edits')))
      .to.deep.equal([500, 'Request of multipart type but failed to parse']);
  });

  it('any other content type routes by URI, unparsed', async () => {
    for (const contentType of ['text/plain', '', 'application/x-www-form-urlencoded']) {
      const routed = await route('{"model":"sd"}', contentType);
      expect([routed.servableName, routed.payload.kind], contentType).to.deep.equal(['images/generations', 'unparsed']);
    }
  });

  it('cannot route a bare /v3/ by URI → 500 "Failed to deduce model name from all possible ways"', async () => {
    expect(await rejection(route('x', 'text/plain', '/v3/'))).to.deep.equal([500, 'Failed to deduce model name from all possible ways']);
  });

  it('refuses a body over the limit with 413 before parsing it', async () => {
    const error = await rejection(parseV3Request({ uri: '/v3/images/generations', contentType: JSON_TYPE, body: new Uint8Array(11) }, { maxBodyBytes: 10 }));
    expect(error).to.deep.equal([413, 'Request body is too large - the limit is 10 bytes']);
  });
});
