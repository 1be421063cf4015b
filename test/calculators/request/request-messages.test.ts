/**
 * One row per message of the request catalogue: the type requires a row for every export of request-messages.ts,
 * and each row is a request that must fail with exactly that message.
 */
import { expect } from 'chai';
import * as messages from '../../../calculators/request/request-messages.js';
import type { ImageGenPipelineArgs } from '../../../calculators/request/image-gen-options.js';
import type { LoraRouting } from '../../../calculators/request/lora-alphas.js';
import type { RequestPayload } from '../../../calculators/request/request-payload.js';
import { DEFAULT_TEST_ARGS, DYNAMIC_LORA, argsWith, decodeOrError, file, jsonPayload, multipartPayload } from '../../support/request-fixtures.js';

interface Row {
  readonly payload: RequestPayload;
  readonly expected: string;
  readonly args?: ImageGenPipelineArgs;
  readonly routing?: LoraRouting;
}

const json = (fields: string): RequestPayload => jsonPayload(`{"prompt":"cat"${fields}}`);
const oneStatic = argsWith({ staticReshape: { resolutions: [{ width: 512n, height: 512n }] }, defaultResolution: { width: 512n, height: 512n } });
const noStaticDefault = argsWith({ staticReshape: { resolutions: [] } });
const composite: LoraRouting = { adapterAliases: ['a', 'b'], composites: new Map([['ab', [{ adapterAlias: 'a' }]]]), isStaticMode: false };

const ROWS: { readonly [K in keyof typeof messages]: Row } = {
  FAILED_TO_PARSE_JSON: { payload: multipartPayload({ prompt: 'cat' }, [], '/v3/images/generations'), expected: messages.FAILED_TO_PARSE_JSON },
  FAILED_TO_PARSE_MULTIPART: { payload: jsonPayload('{"prompt":"cat"}', '/v3/images/edits'), expected: messages.FAILED_TO_PARSE_MULTIPART },
  PROMPT_MISSING_IN_JSON: { payload: jsonPayload('{}'), expected: messages.PROMPT_MISSING_IN_JSON },
  PROMPT_MISSING_IN_MULTIPART: { payload: multipartPayload({}), expected: messages.PROMPT_MISSING_IN_MULTIPART },
  IMAGE_MISSING_IN_MULTIPART: { payload: multipartPayload({ prompt: 'cat' }, []), expected: messages.IMAGE_MISSING_IN_MULTIPART },
  SIZE_NOT_IN_FORMAT: { payload: json(',"size":"big"'), expected: messages.SIZE_NOT_IN_FORMAT },
  SIZE_NOT_POSITIVE: { payload: json(',"size":"0x512"'), expected: messages.SIZE_NOT_POSITIVE },
  notAString: { payload: json(',"negative_prompt":1'), expected: messages.notAString('negative_prompt') },
  notAnInt: { payload: json(',"max_sequence_length":"77"'), expected: messages.notAnInt('max_sequence_length') },
  notAnInt32: { payload: multipartPayload({ prompt: 'cat', num_images_per_prompt: 'two' }), expected: messages.notAnInt32('num_images_per_prompt') },
  notAnInt64: { payload: multipartPayload({ prompt: 'cat', height: '5.5' }), expected: messages.notAnInt64('height') },
  notASizeT: { payload: json(',"rng_seed":"1"'), expected: messages.notASizeT('rng_seed') },
  notAFloat: { payload: multipartPayload({ prompt: 'cat', strength: 'half' }), expected: messages.notAFloat('strength') },
  alreadyExists: { payload: json(',"size":"64x64","height":64'), expected: messages.alreadyExists('height') },
  unsupportedResponseFormat: { payload: json(',"response_format":"url"'), expected: messages.unsupportedResponseFormat('url') },
  unhandledParameter: { payload: multipartPayload({ prompt: 'cat' }, [file('image'), file('extra')]), expected: messages.unhandledParameter('extra') },
  unsupportedUri: { payload: jsonPayload('{"prompt":"cat"}', '/v1/embeddings'), expected: messages.unsupportedUri('/v1/embeddings') },
  NPU_NUM_IMAGES_MISMATCH: { payload: json(',"n":2'), args: oneStatic, expected: messages.NPU_NUM_IMAGES_MISMATCH },
  NPU_GUIDANCE_SCALE_MISMATCH: { payload: json(',"guidance_scale":1.5'), args: oneStatic, expected: messages.NPU_GUIDANCE_SCALE_MISMATCH },
  npuResolutionNotSupported: { payload: json(',"size":"64x64"'), args: oneStatic, expected: messages.npuResolutionNotSupported(64n, 64n) },
  NPU_HEIGHT_MISSING: { payload: json(',"width":64'), args: noStaticDefault, expected: messages.NPU_HEIGHT_MISSING },
  NPU_WIDTH_MISSING: { payload: json(',"height":64'), args: noStaticDefault, expected: messages.NPU_WIDTH_MISSING },
  numImagesAboveMax: { payload: json(',"num_images_per_prompt":11'), expected: messages.numImagesAboveMax(10n) },
  NUM_IMAGES_NOT_POSITIVE: { payload: multipartPayload({ prompt: 'cat', n: '0' }), expected: messages.NUM_IMAGES_NOT_POSITIVE },
  stepsAboveMax: { payload: multipartPayload({ prompt: 'cat', num_inference_steps: '100' }), expected: messages.stepsAboveMax(10n) },
  STEPS_NOT_POSITIVE: { payload: json(',"num_inference_steps":0'), expected: messages.STEPS_NOT_POSITIVE },
  notPositive: { payload: json(',"height":-1'), expected: messages.notPositive('height') },
  aboveInt32: { payload: json(',"width":9223372036854775807'), expected: messages.aboveInt32('width') },
  STRENGTH_ABOVE_MAX: { payload: multipartPayload({ prompt: 'cat', strength: '1.01' }), expected: messages.STRENGTH_ABOVE_MAX },
  STRENGTH_BELOW_MIN: { payload: json(',"strength":-0.01'), expected: messages.STRENGTH_BELOW_MIN },
  LORA_ALPHAS_NOT_AN_OBJECT: { payload: json(',"lora_alphas":[0.5]'), expected: messages.LORA_ALPHAS_NOT_AN_OBJECT },
  LORA_ALPHAS_NOT_JSON: { payload: multipartPayload({ prompt: 'cat', lora_alphas: "{'a':1}" }), routing: DYNAMIC_LORA, expected: messages.LORA_ALPHAS_NOT_JSON },
  loraAlphaNotANumber: { payload: json(',"lora_alphas":{"a":null}'), expected: messages.loraAlphaNotANumber('a') },
  LORA_ALPHAS_WITHOUT_DYNAMIC_ADAPTERS: { payload: multipartPayload({ prompt: 'cat', lora_alphas: '{"a":1}' }), expected: messages.LORA_ALPHAS_WITHOUT_DYNAMIC_ADAPTERS },
  loraAlphaNotInComposite: { payload: json(',"model":"ab","lora_alphas":{"b":1}'), routing: composite, expected: messages.loraAlphaNotInComposite('b', 'ab') },
  loraAlphaNotForAdapter: { payload: json(',"model":"a","lora_alphas":{"b":1}'), routing: composite, expected: messages.loraAlphaNotForAdapter('b', 'a') },
  staticLoraNeedsComposite: { payload: json(',"model":"a"'), routing: { ...composite, isStaticMode: true }, expected: messages.staticLoraNeedsComposite('a') },
  staticLoraNeedsAlias: {
    payload: json(',"model":"base"'), routing: { adapterAliases: ['a'], composites: new Map(), isStaticMode: true },
    expected: messages.staticLoraNeedsAlias('base'),
  },
};

describe('request message catalogue: one failing request per message', () => {
  for (const [name, row] of Object.entries(ROWS)) {
    it(`${name}: ${row.expected}`, () => {
      expect(decodeOrError(row.payload, row.args ?? DEFAULT_TEST_ARGS, row.routing)).to.equal(`INVALID_ARGUMENT: ${row.expected}`);
    });
  }
});
