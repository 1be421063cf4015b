import { expect } from 'chai';
import { Ajv } from 'ajv';
import { decode, encode } from 'fast-png';
import { imagesResponseBody, unixSeconds } from '../../../calculators/request/image-generation-response.js';
import { GraphError } from '../../../engine/status.js';
import { IMAGES_RESPONSE_SCHEMA } from '../../../schemas/http/images-response.js';

/** A width×height RGB image whose pixels differ per image index. */
function rgb(width: number, height: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37 + seed * 101) % 256);
}

describe('images response body', () => {
  const validate = new Ajv().compile(IMAGES_RESPONSE_SCHEMA);

  for (const batch of [1, 3]) {
    it(`ResponseFromOvTensorBatch${batch}: one b64 PNG per image, in order, decoding to the same pixels`, () => {
      const images = Array.from({ length: batch }, (_, i) => rgb(4, 4, i));
      const body = imagesResponseBody(images.map((data) => encode({ width: 4, height: 4, data, channels: 3, depth: 8 })), 1_764_000_000);
      const parsed = JSON.parse(body) as { created: number; data: { b64_json: string }[] };
      expect(validate(parsed), JSON.stringify(validate.errors)).to.equal(true);
      expect(parsed.created).to.equal(1_764_000_000);
      expect(parsed.data).to.have.length(batch);
      parsed.data.forEach(({ b64_json }, i) => {
        const png = decode(Buffer.from(b64_json, 'base64'));
        expect([png.width, png.height, png.channels]).to.deep.equal([4, 4, 3]);
        expect(Array.from(png.data)).to.deep.equal(Array.from(images[i] ?? []));
      });
    });
  }

  it('lays entries out like OVMS: a newline after each separator and at the end', () => {
    const body = imagesResponseBody([new Uint8Array([1]), new Uint8Array([2])], 5);
    expect(body).to.equal('{"created":5,"data":[{"b64_json":"AQ=="},\n{"b64_json":"Ag=="}]}\n');
  });

  it('refuses an empty batch and a non-integer time', () => {
    expect(() => imagesResponseBody([], 1)).to.throw(GraphError);
    expect(() => imagesResponseBody([new Uint8Array([1])], 1.5)).to.throw(GraphError);
  });

  it('created is unix seconds', () => {
    expect(unixSeconds(new Date('2026-11-25T00:00:01.999Z'))).to.equal(1_795_564_801);
  });
});
