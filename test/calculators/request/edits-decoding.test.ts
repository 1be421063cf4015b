/**
 * OVMS's edits validation (Image2ImageTest in text2image_test.cpp and §1.5 of the reference) as table tests: one row
 * per message with OVMS's multipart negatives, the order rows, and accepted requests.
 */
import { expect } from 'chai';
import { GraphError } from '../../../engine/status.js';
import type { ImageGenerationRequest } from '../../../calculators/request/image-generation-request.js';
import {
  DEFAULT_TEST_ARGS, DYNAMIC_LORA, IMAGE_BYTES, argsWith, decodeOrError, file, jsonPayload, multipartPayload,
} from '../../support/request-fixtures.js';

const invalid = (message: string): string => `INVALID_ARGUMENT: ${message}`;
const withPrompt = (fields: Readonly<Record<string, string>>): Record<string, string> => ({ prompt: 'cat', ...fields });

function decoded(payload: ReturnType<typeof multipartPayload>, ...rest: Parameters<typeof decodeOrError> extends [unknown, ...infer R] ? R : never): ImageGenerationRequest {
  const result = decodeOrError(payload, ...rest);
  if (typeof result === 'string') throw new Error(`expected a request, got ${result}`);
  return result;
}

const MULTIPART_NOT_INTEGERS = ['    123 ', '123.5', 'true', 'null', '[1,2,3]', '{}', '{"a":1}'];

/** [text fields (prompt added), expected message]; the image file part is always sent. */
const MESSAGE_ROWS: readonly (readonly [Record<string, string>, string])[] = [
  ...['51:512', '51x512x', 'abcx512', '9223372036854775808x1', ' 512x512', '512x 512'].map(
    (size) => [{ size }, 'size field is not in correct format - WxH'] as const),
  ...['-51x52', '0x52'].map((size) => [{ size }, 'size field values must be greater than 0'] as const),
  [{ response_format: 'url' }, 'Unsupported response_format: url. Only b64_json is supported.'],
  ...[...MULTIPART_NOT_INTEGERS, '2147483648', 'abc'].map((n) => [{ n }, 'n field is not a int32'] as const),
  [{ num_images_per_prompt: '4x' }, 'num_images_per_prompt field is not a int32'],
  [{ n: '4', num_images_per_prompt: '4' }, 'Key: num_images_per_prompt already exists in request options.'],
  [{ max_sequence_length: '1.5' }, 'max_sequence_length field is not a int32'],
  ...['    123.45 ', '123.45.67', 'true', 'null', '[1,2,3]', '{}', '{"a":1}', '3.40282347e+39', '-1.70141173e+39', 'nan', 'inf'].map(
    (value) => [{ guidance_scale: value }, 'guidance_scale field is not a float'] as const),
  [{ strength: '0,5' }, 'strength field is not a float'],
  ...[...MULTIPART_NOT_INTEGERS, '0512', '-0', '+5', '9223372036854775808'].map((width) => [{ width }, 'width field is not a int64'] as const),
  [{ height: ' 512' }, 'height field is not a int64'],
  [{ size: '512x512', width: '512' }, 'Key: width already exists in request options.'],
  [{ size: '512x512', height: '512' }, 'Key: height already exists in request options.'],
  [{ num_inference_steps: '-1' }, 'num_inference_steps field is not a size_t'],
  [{ rng_seed: '18446744073709551616' }, 'rng_seed field is not a size_t'],
  [{ rng_seed: '1.5' }, 'rng_seed field is not a size_t'],
  ...['background', 'moderation', 'output_compression', 'output_format', 'quality', 'style'].flatMap((field) => [
    [{ [field]: 'some_value' }, `Unhandled parameter: ${field}`] as const,
    // Empty values pass the explicit check and are caught by the whitelist, with the same words.
    [{ [field]: '' }, `Unhandled parameter: ${field}`] as const,
  ]),
  [{ user: 'u' }, 'Unhandled parameter: user'],
  [{ nonexistent_field: 'x' }, 'Unhandled parameter: nonexistent_field'],
  [{ input_fidelity: 'high' }, 'Unhandled parameter: input_fidelity'],
  [{ stream: 'true' }, 'Unhandled parameter: stream'],
  [{ lora_alphas: '{"pokemon":0.5}' },
    'lora_alphas is not supported when no dynamic LoRA adapters are available. Alpha values cannot be overridden for STATIC (NPU) or FUSE mode adapters.'],
  [{ n: '0' }, 'num_images_per_prompt/n must be higher than 0'],
  [{ num_inference_steps: '0' }, 'num_inference_steps must be higher than 0'],
  // stoull reads " -1" as 2^64-1: a size_t, far above the maximum.
  [{ num_inference_steps: ' -1' }, 'num_inference_steps is greater than maxNumInferenceSteps: 10'],
  [{ width: '0', height: '512' }, 'width must be higher than 0'],
  [{ width: '512', height: '0' }, 'height must be higher than 0'],
  [{ strength: '1.5' }, 'strength is greater than maxStrength: 1'],
];

describe('edits decoding: OVMS messages, one row each', () => {
  for (const [fields, message] of MESSAGE_ROWS) {
    it(`${JSON.stringify(fields)} → ${message}`, () => {
      expect(decodeOrError(multipartPayload(withPrompt(fields)))).to.equal(invalid(message));
    });
  }

  it('prompt missing or empty → "prompt field is missing in multipart body"', () => {
    const message = invalid('prompt field is missing in multipart body');
    expect(decodeOrError(multipartPayload({}))).to.equal(message);
    expect(decodeOrError(multipartPayload({ prompt: '' }))).to.equal(message);
    expect(decodeOrError(multipartPayload({}, [file('image'), file('prompt')]))).to.equal(message);
  });

  it('image missing, empty, sent as text, or only as image[] → "Image field is missing in multipart body"', () => {
    const message = invalid('Image field is missing in multipart body');
    expect(decodeOrError(multipartPayload({ prompt: 'cat' }, []))).to.equal(message);
    expect(decodeOrError(multipartPayload({ prompt: 'cat' }, [file('image', new Uint8Array())]))).to.equal(message);
    expect(decodeOrError(multipartPayload({ prompt: 'cat', image: 'aGVsbG8=' }, []))).to.equal(message);
    expect(decodeOrError(multipartPayload({ prompt: 'cat' }, [file('image[]'), file('image[]')]))).to.equal(message);
  });

  it('image[] next to an image is unsupported (OpenAI SDKs send arrays as image[])', () => {
    expect(decodeOrError(multipartPayload({ prompt: 'cat' }, [file('image'), file('image[]')]))).to.equal(invalid('Unhandled parameter: image[]'));
  });

  it('lora_alphas, with dynamic adapters: valid JSON, an object, numbers', () => {
    const rows: readonly (readonly [string, string])[] = [
      ['{not valid json', 'lora_alphas field must be valid JSON'],
      ['[1,2,3]', 'lora_alphas must be an object'],
      ['{"xray":"high"}', "lora_alphas value for 'xray' must be a number"],
    ];
    for (const [text, message] of rows) {
      expect(decodeOrError(multipartPayload(withPrompt({ lora_alphas: text })), DEFAULT_TEST_ARGS, DYNAMIC_LORA)).to.equal(invalid(message));
    }
  });

  it('answers a JSON or unparsed payload on edits with "Failed to parse multipart data"', () => {
    expect(decodeOrError(jsonPayload('{"prompt":"cat"}', '/v3/images/edits'))).to.equal(invalid('Failed to parse multipart data'));
    const unparsed = { kind: 'unparsed', uri: '/v1/images/edits', contentType: '' } as const;
    expect(decodeOrError(unparsed)).to.equal(invalid('Failed to parse multipart data'));
  });
});

describe('edits decoding: the first failing check wins', () => {
  it('prompt, then image, then the image decoding hook, then the options', () => {
    expect(decodeOrError(multipartPayload({ n: 'x' }, []))).to.equal(invalid('prompt field is missing in multipart body'));
    expect(decodeOrError(multipartPayload({ prompt: 'cat', n: 'x' }, []))).to.equal(invalid('Image field is missing in multipart body'));
    const rejectImage = (): void => {
      throw new GraphError('INVALID_ARGUMENT', 'Image parsing failed: unknown image type');
    };
    expect(decodeOrError(multipartPayload({ prompt: 'cat', n: 'x' }), DEFAULT_TEST_ARGS, undefined, { validateImage: rejectImage }))
      .to.equal(invalid('Image parsing failed: unknown image type'));
  });

  it('hands the image part to the hook as it arrived', () => {
    const seen: unknown[] = [];
    decoded(multipartPayload({ prompt: 'cat' }, [file('image', IMAGE_BYTES, 'cat.png')]), DEFAULT_TEST_ARGS, undefined, {
      validateImage: (image) => { seen.push(image); },
    });
    expect(seen).to.deep.equal([{ bytes: IMAGE_BYTES, origin: 'cat.png' }]);
  });

  it('the whitelist reports the first unknown name in sorted order (std::set), text and file parts alike', () => {
    expect(decodeOrError(multipartPayload(withPrompt({ zeta: '1', beta: '1' }), [file('image'), file('alpha')])))
      .to.equal(invalid('Unhandled parameter: alpha'));
  });

  it('explicit rejections come before the whitelist; types before both', () => {
    expect(decodeOrError(multipartPayload(withPrompt({ aaa: 'x', style: 'vivid' })))).to.equal(invalid('Unhandled parameter: style'));
    expect(decodeOrError(multipartPayload(withPrompt({ style: 'vivid', rng_seed: 'x' })))).to.equal(invalid('rng_seed field is not a size_t'));
  });

  it('lora_alphas is refused without dynamic adapters before the limits, but parsed only after them', () => {
    expect(decodeOrError(multipartPayload(withPrompt({ n: '0', lora_alphas: '{bad' }))))
      .to.equal(invalid('lora_alphas is not supported when no dynamic LoRA adapters are available. Alpha values cannot be overridden for STATIC (NPU) or FUSE mode adapters.'));
    expect(decodeOrError(multipartPayload(withPrompt({ n: '0', lora_alphas: '{bad' })), DEFAULT_TEST_ARGS, DYNAMIC_LORA))
      .to.equal(invalid('num_images_per_prompt/n must be higher than 0'));
  });
});

describe('edits decoding: accepted requests', () => {
  it('AllHandledOpenAIFields: n and size arrive as strings', () => {
    const request = decoded(multipartPayload({ prompt: 'cat', n: '4', size: '512x1024', model: 'sd', response_format: 'b64_json' }));
    expect(request).to.deep.include({ mode: 'image2image', model: 'sd', width: 512, height: 1024, numImagesPerPrompt: 4, numInferenceSteps: 10 });
    expect(request.image).to.deep.equal({ bytes: IMAGE_BYTES, origin: 'image.png' });
  });

  it('AllHandledGenAIFields: every option parsed with its OVMS conversion', () => {
    const request = decoded(multipartPayload({
      prompt: 'p', prompt_2: 'p2', prompt_3: 'p3', negative_prompt: 'n', negative_prompt_2: 'n2', negative_prompt_3: 'n3',
      rng_seed: '18446744073709551615', guidance_scale: ' 7.5', width: '512', height: '1024', num_images_per_prompt: '+4',
      num_inference_steps: '7', max_sequence_length: ' 256', strength: '0.75', response_format: 'b64_json',
    }));
    expect(request).to.deep.include({
      prompt: 'p', prompt2: 'p2', prompt3: 'p3', negativePrompt: 'n', negativePrompt2: 'n2', negativePrompt3: 'n3',
      rngSeed: 18446744073709551615n, guidanceScale: 7.5, width: 512, height: 1024, numImagesPerPrompt: 4,
      numInferenceSteps: 7, maxSequenceLength: 256, strength: Math.fround(0.75),
    });
  });

  it('empty text values count as absent', () => {
    const request = decoded(multipartPayload({ prompt: 'cat', n: '', size: '', guidance_scale: '', rng_seed: '', model: '' }));
    expect(request).to.deep.include({ numImagesPerPrompt: undefined, width: undefined, guidanceScale: undefined, rngSeed: undefined, model: undefined });
  });

  it('MaskAccepted: a non-empty mask file makes it inpainting; an empty one does not', () => {
    expect(decoded(multipartPayload({ prompt: 'cat' }, [file('image'), file('mask')])).mode).to.equal('inpainting');
    expect(decoded(multipartPayload({ prompt: 'cat' }, [file('image'), file('mask', new Uint8Array())])).mode).to.equal('image2image');
  });

  it('AllAcceptedFieldsPassValidation: every whitelisted name', () => {
    const request = decoded(multipartPayload({
      prompt: 'p', prompt_2: 'p', prompt_3: 'p', negative_prompt: 'n', negative_prompt_2: 'n', negative_prompt_3: 'n',
      height: '512', width: '512', num_images_per_prompt: '1', response_format: 'b64_json', num_inference_steps: '2',
      rng_seed: '1', strength: '0.5', guidance_scale: '7', max_sequence_length: '77', model: 'm', lora_alphas: '',
    }, [file('image'), file('mask')]));
    expect(request.mode).to.equal('inpainting');
  });

  it('DefaultSizeBehavior: no size → the default resolution', () => {
    expect(decoded(multipartPayload({ prompt: 'cat' }), argsWith({ defaultResolution: { width: 512n, height: 256n } })))
      .to.deep.include({ width: 512, height: 256 });
  });

  it('the first text part of a name wins (drogon parameters map)', () => {
    expect(decoded(multipartPayload([['prompt', 'first'], ['prompt', 'second']])).prompt).to.equal('first');
  });

  it('AllowsLoraAlphas with dynamic adapters', () => {
    const request = decoded(multipartPayload({ prompt: 'cat', model: 'pokemon', lora_alphas: '{"pokemon":0.5}' }), DEFAULT_TEST_ARGS, DYNAMIC_LORA);
    expect(request.loraAlphas).to.deep.equal({ pokemon: 0.5 });
  });
});
