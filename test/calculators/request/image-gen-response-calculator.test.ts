/**
 * @module test/calculators/request/image-gen-response-calculator.test
 * ImageGenResponseCalculator in a one-node graph (its header node): the images response body, valid against its
 * JSON schema, one b64_json per PNG in order.
 */
import { Ajv } from 'ajv';
import { expect } from 'chai';
import { IMAGES_RESPONSE_SCHEMA } from '../../../schemas/http/images-response.js';
import { headerNode, runNode } from '../../support/node-runner.js';

describe('request/ImageGenResponseCalculator', () => {
  it('writes {"created", "data": [{"b64_json"}...]} with each PNG base64-encoded, in order', async () => {
    const pngs = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 1), Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 2)];
    const before = Math.floor(Date.now() / 1000);
    const run = await runNode(headerNode('calculators/request/image-gen-response-calculator.ts'), { inputs: { pngs: [pngs] } });
    const body = JSON.parse(String(run.outputs['output']?.[0]?.value)) as { created: number; data: { b64_json: string }[] };
    expect(new Ajv().validate(IMAGES_RESPONSE_SCHEMA, body)).to.equal(true);
    expect(body.created).to.be.within(before, before + 5);
    expect(body.data.map((item) => [...Buffer.from(item.b64_json, 'base64')])).to.deep.equal(pngs.map((png) => [...png]));
  });
});
