import { expect } from 'chai';
import {
  hasDynamicAdapters, isLoraAlphasError, loraAlphasFromJson, loraAlphasFromText, loraRoutingOf, loraTargetViolation,
  type LoraRouting,
} from '../../../calculators/request/lora-alphas.js';
import { parseJson } from '../../../calculators/request/json-value.js';
import { argsWith, decodeOrError, jsonPayload, DEFAULT_TEST_ARGS } from '../../support/request-fixtures.js';

const alphas = (entries: Record<string, number>): ReadonlyMap<string, number> => new Map(Object.entries(entries));
const routing: LoraRouting = {
  adapterAliases: ['pokemon', 'anime', 'xray'],
  composites: new Map([['blend', [{ adapterAlias: 'pokemon', alpha: 0.7 }, { adapterAlias: 'anime' }]]]),
  isStaticMode: false,
};

describe('lora_alphas parsing', () => {
  it('parseLoraAlphasOverride (JSON): object of numbers; absent or {} is empty; zero and negative pass', () => {
    expect(loraAlphasFromJson(parseJson('{"pokemon":0.7,"anime":0.4}').value)).to.deep.equal(alphas({ pokemon: Math.fround(0.7), anime: Math.fround(0.4) }));
    expect(loraAlphasFromJson(undefined)).to.deep.equal(new Map());
    expect(loraAlphasFromJson(parseJson('{}').value)).to.deep.equal(new Map());
    expect(loraAlphasFromJson(parseJson('{"a":0,"b":-2}').value)).to.deep.equal(alphas({ a: 0, b: -2 }));
    expect(loraAlphasFromJson('invalid')).to.deep.equal({ error: 'lora_alphas must be an object' });
    expect(loraAlphasFromJson(parseJson('{"a":true}').value)).to.deep.equal({ error: "lora_alphas value for 'a' must be a number" });
  });

  it('parseLoraAlphasOverrideMultipart: a JSON string; "" is empty', () => {
    expect(loraAlphasFromText('{"xray":0.5,"anime":0.3}')).to.deep.equal(alphas({ xray: 0.5, anime: Math.fround(0.3) }));
    expect(loraAlphasFromText('')).to.deep.equal(new Map());
    for (const [text, error] of [['{not valid json', 'lora_alphas field must be valid JSON'], ['[1,2,3]', 'lora_alphas must be an object'],
      ['{"xray":"high"}', "lora_alphas value for 'xray' must be a number"]] as const) {
      const result = loraAlphasFromText(text);
      expect(isLoraAlphasError(result) ? result.error : result).to.equal(error);
    }
  });
});

describe('lora routing', () => {
  it('derives switchable adapters and static mode from pipeline args as OVMS does', () => {
    const adapters = [
      { alias: 'a', path: '/a', alpha: 1, mode: 'DYNAMIC' as const },
      { alias: 'f', path: '/f', alpha: 1, mode: 'FUSE' as const },
    ];
    const dynamic = loraRoutingOf(argsWith({ loraAdapters: adapters }));
    expect(dynamic.adapterAliases).to.deep.equal(['a']);
    expect(hasDynamicAdapters(dynamic)).to.equal(true);
    expect(loraRoutingOf(argsWith({ loraAdapters: adapters, devices: ['NPU'] })).isStaticMode).to.equal(true);
    // The device vector must hold the exact token NPU (a 3-device string containing NPU elsewhere does not).
    expect(loraRoutingOf(argsWith({ loraAdapters: adapters, devices: ['GPU', 'GPU', 'HETERO:NPU'] })).isStaticMode).to.equal(false);
    expect(loraRoutingOf(argsWith({ loraAdapters: [{ ...adapters[0]!, mode: 'STATIC' }] })).isStaticMode).to.equal(true);
    const fuseOnly = loraRoutingOf(argsWith({ loraAdapters: [adapters[1]!] }));
    expect(hasDynamicAdapters(fuseOnly)).to.equal(false);
    expect(fuseOnly.isStaticMode).to.equal(false);
  });

  it('validateLoraAlphasForModel: base accepts any key, an adapter only itself, a composite its components', () => {
    expect(loraTargetViolation('sd-base', routing, alphas({ pokemon: 1, anything: 2 }))).to.equal(undefined);
    expect(loraTargetViolation('pokemon', routing, alphas({ pokemon: 0.5 }))).to.equal(undefined);
    expect(loraTargetViolation('pokemon', routing, alphas({ anime: 0.5 }))).to.equal("lora_alphas key 'anime' not allowed when targeting adapter 'pokemon'");
    expect(loraTargetViolation('pokemon', routing, alphas({ pokemon: 0.5, anime: 0.5 }))).to.equal("lora_alphas key 'anime' not allowed when targeting adapter 'pokemon'");
    expect(loraTargetViolation('blend', routing, alphas({ pokemon: 0.1, anime: 0.2 }))).to.equal(undefined);
    expect(loraTargetViolation('blend', routing, alphas({ xray: 0.1 }))).to.equal("lora_alphas key 'xray' is not part of composite 'blend'");
    for (const model of ['sd-base', 'pokemon', 'blend']) expect(loraTargetViolation(model, routing, new Map())).to.equal(undefined);
  });

  it('static mode: only composite aliases (when composites exist), else only adapter aliases are routable', () => {
    const statics = { ...routing, isStaticMode: true };
    expect(loraTargetViolation('sd-base', statics, new Map())).to.equal(
      "Model 'sd-base' uses NPU with statically fused LoRA adapters. Send requests to the composite LoRA alias name instead.");
    expect(loraTargetViolation('pokemon', statics, new Map())).to.not.equal(undefined);
    expect(loraTargetViolation('blend', statics, new Map())).to.equal(undefined);
    const single = { adapterAliases: ['pokemon'], composites: new Map(), isStaticMode: true };
    expect(loraTargetViolation('sd-base', single, new Map())).to.equal(
      "Model 'sd-base' uses NPU with statically fused LoRA. Send requests to the LoRA alias name instead.");
    expect(loraTargetViolation('pokemon', single, new Map())).to.equal(undefined);
  });

  it('the decoder applies the target rules after the limits, with the request model', () => {
    const body = '{"prompt":"cat","model":"pokemon","lora_alphas":{"anime":0.5}}';
    expect(decodeOrError(jsonPayload(body), DEFAULT_TEST_ARGS, routing)).to.equal(
      "INVALID_ARGUMENT: lora_alphas key 'anime' not allowed when targeting adapter 'pokemon'");
    expect(decodeOrError(jsonPayload('{"prompt":"cat","model":"pokemon","n":0,"lora_alphas":{"anime":0.5}}'), DEFAULT_TEST_ARGS, routing))
      .to.equal('INVALID_ARGUMENT: num_images_per_prompt/n must be higher than 0');
  });
});
