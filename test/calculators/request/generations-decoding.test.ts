/**
 * OVMS's generations validation (text2image_test.cpp and §1.4 of the reference) as table tests: one row per message,
 * then the order rows, then the accepted requests with their typed values.
 */
import { expect } from 'chai';
import type { ImageGenerationRequest } from '../../../calculators/request/image-generation-request.js';
import {
  DEFAULT_TEST_ARGS, DYNAMIC_LORA, argsWith, decodeOrError, jsonPayload,
} from '../../support/request-fixtures.js';

const P = '"prompt":"cat"';
const invalid = (message: string): string => `INVALID_ARGUMENT: ${message}`;

function decoded(text: string, ...rest: Parameters<typeof decodeOrError> extends [unknown, ...infer R] ? R : never): ImageGenerationRequest {
  const result = decodeOrError(jsonPayload(text), ...rest);
  if (typeof result === 'string') throw new Error(`expected a request, got ${result}`);
  return result;
}

/** [body, expected message] — every message the generations path can produce, with OVMS's negative inputs. */
const MESSAGE_ROWS: readonly (readonly [string, string])[] = [
  ['{"model":"m"}', 'prompt field is missing in JSON body'],
  ...['123', 'true', 'null', '123.45', '[1,2,3]', '{}', '{"a":1}'].map((v) => [`{"prompt":${v}}`, 'prompt field is not a string'] as const),
  [`{${P},"size":512}`, 'size field is not a string'],
  [`{${P},"size":null}`, 'size field is not a string'],
  ...['51:512', '512_51x', '51x512x', 'abcx512', '5151xabc', '9223372036854775808x1', '1x9223372036854775808', 'x', '512x',
    ' 512x512', '0512x512', '+512x512', '512X512', ''].map((size) => [`{${P},"size":"${size}"}`, 'size field is not in correct format - WxH'] as const),
  ...['-51x52', '51x-52', '0x52', '51x0'].map((size) => [`{${P},"size":"${size}"}`, 'size field values must be greater than 0'] as const),
  ...['prompt_2', 'prompt_3', 'negative_prompt', 'negative_prompt_2', 'negative_prompt_3'].map(
    (field) => [`{${P},"${field}":null}`, `${field} field is not a string`] as const),
  [`{${P},"response_format":1}`, 'response_format field is not a string'],
  [`{${P},"response_format":"url"}`, 'Unsupported response_format: url. Only b64_json is supported.'],
  [`{${P},"response_format":"test response format"}`, 'Unsupported response_format: test response format. Only b64_json is supported.'],
  ...['"2"', '4.0', '1e2', '2147483648', 'true', 'null'].map((v) => [`{${P},"n":${v}}`, 'n field is not a int'] as const),
  [`{${P},"num_images_per_prompt":"4"}`, 'num_images_per_prompt field is not a int'],
  [`{${P},"n":4,"num_images_per_prompt":4}`, 'Key: num_images_per_prompt already exists in request options.'],
  [`{${P},"max_sequence_length":256.5}`, 'max_sequence_length field is not a int'],
  ...['"7.5"', 'true', 'null', '[1]', '{}', '3.40282347e+39', '-1.70141173e+39'].map(
    (v) => [`{${P},"guidance_scale":${v}}`, 'guidance_scale field is not a float'] as const),
  [`{${P},"strength":"0.5"}`, 'strength field is not a float'],
  ...['"512"', '512.0', '9223372036854775808', 'null'].map((v) => [`{${P},"width":${v}}`, 'width field is not a int64'] as const),
  [`{${P},"height":"512"}`, 'height field is not a int64'],
  [`{${P},"size":"512x512","width":512,"height":512}`, 'Key: width already exists in request options.'],
  [`{${P},"size":"512x512","width":512}`, 'Key: width already exists in request options.'],
  [`{${P},"size":"512x512","height":512}`, 'Key: height already exists in request options.'],
  ...['-1', '1.5', '"4"', '18446744073709551616'].map((v) => [`{${P},"num_inference_steps":${v}}`, 'num_inference_steps field is not a size_t'] as const),
  [`{${P},"rng_seed":-1}`, 'rng_seed field is not a size_t'],
  ...['background', 'moderation', 'output_compression', 'output_format', 'quality', 'style'].flatMap((field) => [
    [`{${P},"${field}":"auto"}`, `Unhandled parameter: ${field}`] as const,
    [`{${P},"${field}":null}`, `Unhandled parameter: ${field}`] as const,
  ]),
  ...['user', 'stream', 'partial_images', 'mask', 'input_fidelity', 'nonexistend_field'].map(
    (field) => [`{${P},"${field}":1}`, `Unhandled parameter: ${field}`] as const),
  [`{${P},"lora_alphas":"invalid"}`, 'lora_alphas must be an object'],
  [`{${P},"lora_alphas":null}`, 'lora_alphas must be an object'],
  [`{${P},"lora_alphas":0.5}`, 'lora_alphas must be an object'],
  [`{${P},"lora_alphas":{"pokemon":0.5,"anime":"high"}}`, "lora_alphas value for 'anime' must be a number"],
  [`{${P},"lora_alphas":{"pokemon":0.5}}`,
    'lora_alphas is not supported when no dynamic LoRA adapters are available. Alpha values cannot be overridden for STATIC (NPU) or FUSE mode adapters.'],
  [`{${P},"n":0}`, 'num_images_per_prompt/n must be higher than 0'],
  [`{${P},"num_images_per_prompt":0}`, 'num_images_per_prompt/n must be higher than 0'],
  [`{${P},"n":11}`, 'num_images_per_prompt/n is greater than maxNumImagesPerPrompt: 10'],
  // C++ compares the int with a uint64_t, so a negative count wraps and reads as too many.
  [`{${P},"n":-1}`, 'num_images_per_prompt/n is greater than maxNumImagesPerPrompt: 10'],
  [`{${P},"num_inference_steps":0}`, 'num_inference_steps must be higher than 0'],
  [`{${P},"num_inference_steps":11}`, 'num_inference_steps is greater than maxNumInferenceSteps: 10'],
  [`{${P},"width":0,"height":512}`, 'width must be higher than 0'],
  [`{${P},"width":512,"height":0}`, 'height must be higher than 0'],
  [`{${P},"width":-512}`, 'width must be higher than 0'],
  [`{${P},"width":2147483648}`, 'width must not be greater than 2147483647'],
  [`{${P},"height":4294967296}`, 'height must not be greater than 2147483647'],
  [`{${P},"strength":1.5}`, 'strength is greater than maxStrength: 1'],
  [`{${P},"strength":-0.5}`, 'strength is less than minStrength: 0'],
];

/** The first failing check wins: [body, expected, why]. */
const ORDER_ROWS: readonly (readonly [string, string, string])[] = [
  ['{"n":"x","user":1}', 'prompt field is missing in JSON body', 'prompt is checked first'],
  [`{${P},"n":"x","size":"bad"}`, 'size field is not in correct format - WxH', 'size before n'],
  [`{${P},"size":"bad","prompt_2":1}`, 'size field is not in correct format - WxH', 'size before the prompt strings'],
  [`{${P},"negative_prompt":1,"prompt_2":1}`, 'prompt_2 field is not a string', 'the prompt strings in OVMS order'],
  [`{${P},"n":"x","response_format":"url"}`, 'Unsupported response_format: url. Only b64_json is supported.', 'response_format before n'],
  [`{${P},"num_images_per_prompt":"x","n":"x"}`, 'n field is not a int', 'n before num_images_per_prompt'],
  [`{${P},"n":1,"num_images_per_prompt":1,"max_sequence_length":"x"}`, 'Key: num_images_per_prompt already exists in request options.', 'duplicate before max_sequence_length'],
  [`{${P},"strength":"x","guidance_scale":"x"}`, 'guidance_scale field is not a float', 'guidance_scale before strength'],
  [`{${P},"size":"1x1","width":"x"}`, 'width field is not a int64', 'type before duplicate'],
  [`{${P},"size":"auto","width":512}`, 'INVALID_ARGUMENT-free', 'size auto sets nothing, so width is no duplicate'],
  [`{${P},"rng_seed":-1,"height":"x"}`, 'height field is not a int64', 'int64 fields before size_t fields'],
  [`{${P},"quality":"x","background":"x"}`, 'Unhandled parameter: background', 'rejected fields in OVMS order, not body order'],
  [`{${P},"user":1,"quality":"x"}`, 'Unhandled parameter: quality', 'explicit rejections before the whitelist'],
  [`{${P},"zzz":1,"aaa":1}`, 'Unhandled parameter: zzz', 'whitelist in body order'],
  [`{${P},"user":1,"0":1}`, 'Unhandled parameter: user', 'body order even for integer-like keys'],
  [`{${P},"user":1,"rng_seed":-1}`, 'rng_seed field is not a size_t', 'field types before the whitelist'],
  [`{${P},"lora_alphas":"x","user":1}`, 'Unhandled parameter: user', 'whitelist before lora_alphas'],
  [`{${P},"n":0,"lora_alphas":{"a":"x"}}`, "lora_alphas value for 'a' must be a number", 'lora_alphas before the limits'],
  [`{${P},"n":0,"num_inference_steps":0}`, 'num_images_per_prompt/n must be higher than 0', 'limits: n before steps'],
  [`{${P},"num_inference_steps":0,"width":0}`, 'num_inference_steps must be higher than 0', 'limits: steps before width'],
  [`{${P},"height":0,"strength":2.0,"width":0}`, 'width must be higher than 0', 'limits: width, height, strength'],
];

describe('generations decoding: OVMS messages, one row each', () => {
  for (const [body, message] of MESSAGE_ROWS) {
    it(`${body} → ${message}`, () => {
      expect(decodeOrError(jsonPayload(body))).to.equal(invalid(message));
    });
  }
});

describe('generations decoding: the first failing check wins', () => {
  for (const [body, message, why] of ORDER_ROWS) {
    it(`${why}: ${body}`, () => {
      const result = decodeOrError(jsonPayload(body));
      if (message === 'INVALID_ARGUMENT-free') expect(result).to.be.an('object');
      else expect(result).to.equal(invalid(message));
    });
  }
});

describe('generations decoding: routing on the payload', () => {
  it('answers a multipart or unparsed payload on generations with "Failed to parse JSON"', () => {
    const unparsed = { kind: 'unparsed', uri: '/v3/images/generations', contentType: 'text/plain' } as const;
    expect(decodeOrError(unparsed)).to.equal(invalid('Failed to parse JSON'));
  });

  it('accepts /v1/ as an alias and prefixes (absl::StartsWith), rejects any other URI', () => {
    expect(decodeOrError(jsonPayload(`{${P}}`, '/v1/images/generations'))).to.be.an('object');
    expect(decodeOrError(jsonPayload(`{${P}}`, '/v3/images/generationsXYZ'))).to.be.an('object');
    expect(decodeOrError(jsonPayload(`{${P}}`, '/v3/v1/images/generations'))).to.equal(invalid('Unsupported URI: /v3/v1/images/generations'));
    expect(decodeOrError(jsonPayload(`{${P}}`, '/v3/chat/completions'))).to.equal(invalid('Unsupported URI: /v3/chat/completions'));
  });
});

describe('generations decoding: accepted requests', () => {
  it('AllHandledOpenAIFields: size, n and model', () => {
    const request = decoded('{"prompt":"cat","size":"512x1024","n":4,"model":"sd"}');
    expect(request).to.deep.include({ mode: 'text2image', model: 'sd', prompt: 'cat', width: 512, height: 1024, numImagesPerPrompt: 4, numInferenceSteps: 10 });
  });

  it('AllHandledGenAIFields: every GenAI option with its type', () => {
    const request = decoded(`{"prompt":"p","prompt_2":"p2","prompt_3":"p3","negative_prompt":"n","negative_prompt_2":"n2",
      "negative_prompt_3":"n3","rng_seed":123456789,"guidance_scale":7.5,"width":512,"height":1024,"num_images_per_prompt":4,
      "num_inference_steps":7,"max_sequence_length":256,"strength":0.75,"response_format":"b64_json","image":"ignored"}`);
    expect(request).to.deep.equal({
      mode: 'text2image', model: undefined, prompt: 'p', prompt2: 'p2', prompt3: 'p3', negativePrompt: 'n', negativePrompt2: 'n2',
      negativePrompt3: 'n3', rngSeed: 123456789n, guidanceScale: 7.5, width: 512, height: 1024, numImagesPerPrompt: 4,
      numInferenceSteps: 7, maxSequenceLength: 256, strength: Math.fround(0.75), loraAlphas: {},
    });
  });

  it('an empty prompt is a prompt; size "auto" sets no size; steps default to the servable default', () => {
    const request = decoded('{"prompt":"","size":"auto"}');
    expect(request).to.deep.include({ prompt: '', width: undefined, height: undefined, numInferenceSteps: 10 });
  });

  it('DefaultSizeBehavior: a default_resolution fills a missing size, and only the missing half', () => {
    const args = argsWith({ defaultResolution: { width: 512n, height: 256n } });
    expect(decoded(`{${P}}`, args)).to.deep.include({ width: 512, height: 256 });
    expect(decoded(`{${P},"width":640}`, args)).to.deep.include({ width: 640, height: 256 });
    expect(decoded(`{${P},"size":"auto"}`, args)).to.deep.include({ width: 512, height: 256 });
  });

  it('reads rng_seed up to 2^64-1 exactly (DEVIATION from JSON doubles: no rounding above 2^53)', () => {
    expect(decoded(`{${P},"rng_seed":18446744073709551615}`).rngSeed).to.equal(18446744073709551615n);
    expect(decoded(`{${P},"rng_seed":9007199254740993}`).rngSeed).to.equal(9007199254740993n);
    expect(decoded(`{${P},"rng_seed":-0}`).rngSeed).to.equal(0n);
  });

  it('accepts integer literals in float fields (DEVIATION: OVMS rejects "guidance_scale": 7)', () => {
    expect(decoded(`{${P},"guidance_scale":7,"strength":1}`)).to.deep.include({ guidanceScale: 7, strength: 1 });
  });

  it('takes the first of duplicate keys, like rapidjson FindMember', () => {
    expect(decoded('{"prompt":"first","prompt":2}').prompt).to.equal('first');
  });

  it('ValidatedFields: limits come from the servable (max n 4, max steps 100)', () => {
    const args = argsWith({ maxNumImagesPerPrompt: 4n, maxNumInferenceSteps: 100n });
    expect(decodeOrError(jsonPayload(`{${P},"n":101}`), args)).to.equal(invalid('num_images_per_prompt/n is greater than maxNumImagesPerPrompt: 4'));
    expect(decodeOrError(jsonPayload(`{${P},"num_inference_steps":101}`), args)).to.equal(invalid('num_inference_steps is greater than maxNumInferenceSteps: 100'));
    expect(decoded(`{${P},"n":4,"num_inference_steps":100}`, args)).to.deep.include({ numImagesPerPrompt: 4, numInferenceSteps: 100 });
  });

  it('accepts lora_alphas (ints and floats, even zero and negative) when dynamic adapters exist', () => {
    const request = decoded(`{${P},"model":"sd","lora_alphas":{"pokemon":0.7,"anime":-1}}`, DEFAULT_TEST_ARGS, DYNAMIC_LORA);
    expect(request.loraAlphas).to.deep.equal({ pokemon: Math.fround(0.7), anime: -1 });
    expect(decoded(`{${P},"lora_alphas":{}}`).loraAlphas).to.deep.equal({});
  });
});

describe('generations decoding: static reshape settings (validateForStaticReshapeSettings)', () => {
  const statics = argsWith({
    staticReshape: { resolutions: [{ width: 512n, height: 256n }, { width: 1024n, height: 512n }, { width: 2048n, height: 1024n }] },
    defaultResolution: { width: 512n, height: 256n },
  });

  it('MatchesOneResolution', () => {
    expect(decoded(`{${P},"size":"1024x512","n":1}`, statics)).to.deep.include({ width: 1024, height: 512, numImagesPerPrompt: 1 });
    expect(decoded(`{${P}}`, statics)).to.deep.include({ width: 512, height: 256 });
  });

  it('DoesntMatchResolution', () => {
    expect(decodeOrError(jsonPayload(`{${P},"size":"5x5"}`), statics))
      .to.equal(invalid('NPU Image Generation requested resolution 5x5 is not supported by static reshape settings'));
  });

  it('NegativeStatic4ButRequested5NumImagesPerPrompt, and n defaults to GenAI 1 when not static', () => {
    const four = argsWith({ staticReshape: { resolutions: [{ width: 512n, height: 512n }], numImagesPerPrompt: 4n } });
    const message = invalid("NPU Image Generation requested num_images_per_prompt doesn't match underlying model shape");
    expect(decodeOrError(jsonPayload(`{${P},"n":5}`), four)).to.equal(message);
    expect(decodeOrError(jsonPayload(`{${P},"n":2}`), statics)).to.equal(message);
  });

  it('DoesntMatchGuidanceScale (static 7.1, requested 7.3; default 7.5)', () => {
    const guided = argsWith({ staticReshape: { resolutions: [{ width: 512n, height: 512n }], guidanceScale: Math.fround(7.1) } });
    const message = invalid("NPU Image Generation requested guidance_scale doesn't match underlying model shape");
    expect(decodeOrError(jsonPayload(`{${P},"guidance_scale":7.3}`), guided)).to.equal(message);
    expect(decoded(`{${P},"guidance_scale":7.1}`, guided).guidanceScale).to.equal(Math.fround(7.1));
    expect(decoded(`{${P},"guidance_scale":7.5}`, statics).guidanceScale).to.equal(7.5);
  });

  it('a lone width or height (possible only with an empty static list and no default)', () => {
    const empty = argsWith({ staticReshape: { resolutions: [] } });
    expect(decodeOrError(jsonPayload(`{${P},"width":512}`), empty)).to.equal(invalid('NPU Image Generation requested width but height is missing'));
    expect(decodeOrError(jsonPayload(`{${P},"height":512}`), empty)).to.equal(invalid('NPU Image Generation requested height but width is missing'));
  });
});
