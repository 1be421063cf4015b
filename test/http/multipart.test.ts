import { expect } from 'chai';
import { parseMultipart, parseMultipartStream } from '../../http/multipart.js';
import { HttpError } from '../../http/errors.js';

/** A body encoded the way fetch (undici) encodes FormData, as clients send it. */
async function encoded(build: (form: FormData) => void): Promise<{ contentType: string; body: Uint8Array }> {
  const form = new FormData();
  build(form);
  const response = new Response(form);
  return { contentType: response.headers.get('content-type') ?? '', body: new Uint8Array(await response.arrayBuffer()) };
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
const LIMITS = { maxBodyBytes: 1 << 20 };

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected an HttpError');
}

describe('multipart parsing (busboy)', () => {
  it('splits text parts from file parts and keeps bytes, names, file names and types', async () => {
    const { contentType, body } = await encoded((form) => {
      form.append('prompt', 'a cat, “quoted”');
      form.append('image', new Blob([PNG], { type: 'image/png' }), 'cat.png');
      form.append('n', '2');
    });
    const parsed = await parseMultipart(contentType, body, LIMITS);
    expect(parsed.textFields).to.deep.equal([{ name: 'prompt', value: 'a cat, “quoted”' }, { name: 'n', value: '2' }]);
    expect(parsed.files).to.have.length(1);
    expect(parsed.files[0]).to.deep.include({ name: 'image', fileName: 'cat.png', contentType: 'image/png' });
    expect(Array.from(parsed.files[0]?.bytes ?? [])).to.deep.equal(Array.from(PNG));
  });

  it('keeps duplicate names in body order; accessors take the first, as drogon does', async () => {
    const { contentType, body } = await encoded((form) => {
      form.append('prompt', 'first');
      form.append('prompt', 'second');
      form.append('image[]', new Blob([PNG]), 'a.png');
      form.append('image[]', new Blob([new Uint8Array([1])]), 'b.png');
    });
    const parsed = await parseMultipart(contentType, body, LIMITS);
    expect(parsed.text('prompt')).to.equal('first');
    expect(parsed.filesNamed('image[]').map((f) => f.fileName)).to.deep.equal(['a.png', 'b.png']);
    expect(parsed.file('image')).to.equal(undefined);
    expect(parsed.fieldNames()).to.deep.equal(['image[]', 'prompt']);
  });

  it('parses a body that arrives one byte at a time', async () => {
    const { contentType, body } = await encoded((form) => {
      form.append('prompt', 'cat');
      form.append('mask', new Blob([PNG]), 'mask.png');
    });
    async function* bytes(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < body.length; i += 1) yield body.subarray(i, i + 1);
    }
    const parsed = await parseMultipartStream(contentType, bytes(), LIMITS);
    expect(parsed.text('prompt')).to.equal('cat');
    expect(Array.from(parsed.file('mask')?.bytes ?? [])).to.deep.equal(Array.from(PNG));
  });

  it('reads a hand-written body with CRLFs inside file content', async () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="image"; filename="x.bin"\r\n\r\n\r\n--x\r\n\r\n' +
      '--b\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nhi\r\n--b--\r\n', 'latin1');
    const parsed = await parseMultipart('multipart/form-data; boundary=b', body, LIMITS);
    expect(Buffer.from(parsed.file('image')?.bytes ?? []).toString('latin1')).to.equal('\r\n--x\r\n');
    expect(parsed.text('prompt')).to.equal('hi');
  });

  it('fails cleanly on malformed bodies: "Request of multipart type but failed to parse"', async () => {
    const { contentType, body } = await encoded((form) => form.append('prompt', 'cat'));
    const cases: readonly (readonly [string, Uint8Array])[] = [
      ['multipart/form-data', body],
      [contentType, body.subarray(0, body.length - 10)],
      [contentType, Buffer.from('garbage')],
      ['multipart/form-data; boundary=', body],
      ['text/plain; boundary=x', body],
      ['multipart/form-data; boundary=b', Buffer.from('--b\r\nContent-Disposition: form-data; name="image"; filename="x.png"\r\n\r\nPNG, no end', 'latin1')],
    ];
    for (const [type, bytes] of cases) {
      const error = await failure(parseMultipart(type, bytes, LIMITS));
      expect(error.status, type).to.equal('FAILED_TO_PARSE_MULTIPART_CONTENT_TYPE');
      expect(error.message).to.equal('Request of multipart type but failed to parse');
      expect(error.httpStatus).to.equal(500);
    }
  });

  it('refuses a body over the byte limit (413), also mid-stream', async () => {
    const { contentType, body } = await encoded((form) => form.append('image', new Blob([new Uint8Array(4096)]), 'big.png'));
    const error = await failure(parseMultipart(contentType, body, { maxBodyBytes: 1024 }));
    expect([error.status, error.httpStatus, error.message]).to.deep.equal(['REQUEST_BODY_TOO_LARGE', 413, 'Request body is too large - the limit is 1024 bytes']);
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield new Uint8Array(512);
      }
    }
    expect((await failure(parseMultipartStream(contentType, endless(), { maxBodyBytes: 1024 }))).status).to.equal('REQUEST_BODY_TOO_LARGE');
    expect(pulled).to.equal(3);
  });

  it('refuses more parts than allowed', async () => {
    const { contentType, body } = await encoded((form) => {
      for (let i = 0; i < 5; i += 1) form.append(`f${i}`, 'x');
    });
    expect((await failure(parseMultipart(contentType, body, { maxBodyBytes: 1 << 20, maxParts: 4 }))).status).to.equal('FAILED_TO_PARSE_MULTIPART_CONTENT_TYPE');
    expect((await parseMultipart(contentType, body, { maxBodyBytes: 1 << 20, maxParts: 5 })).textFields).to.have.length(5);
  });
});
