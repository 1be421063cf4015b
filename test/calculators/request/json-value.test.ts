import { expect } from 'chai';
import { JsonNumber, JsonParseError, parseJson, writeJson, type JsonObject } from '../../../calculators/request/json-value.js';

function failureOf(text: string, maxDepth?: number): string {
  try {
    parseJson(text, maxDepth);
  } catch (error) {
    if (error instanceof JsonParseError) return error.reason;
    throw error;
  }
  return 'parsed';
}

const nested = (depth: number, inner = '1'): string => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('parseJson (rapidjson-compatible lossless JSON)', () => {
  it('keeps every number lexeme, so 7, 7.0 and uint64 seeds stay distinct and exact', () => {
    const { value } = parseJson('{"a":7,"b":7.0,"c":18446744073709551615,"d":-0,"e":1e2}');
    const body = value as JsonObject;
    expect(Object.values(body).map((n) => (n as JsonNumber).lexeme)).to.deep.equal(['7', '7.0', '18446744073709551615', '-0', '1e2']);
    expect((body['a'] as JsonNumber).isIntegerLiteral).to.equal(true);
    expect((body['b'] as JsonNumber).isIntegerLiteral).to.equal(false);
  });

  it('lists top-level member names in document order, integer-like keys and duplicates included', () => {
    expect(parseJson('{"user":1,"0":2,"prompt":"x","user":3}').memberNames).to.deep.equal(['user', '0', 'prompt', 'user']);
    expect(parseJson('{"a":{"inner":1},"b":[{"c":2}]}').memberNames).to.deep.equal(['a', 'b']);
    expect(parseJson('{"\\u0075ser":1}').memberNames).to.deep.equal(['user']);
    expect(parseJson('[1,2]').memberNames).to.deep.equal([]);
  });

  it('keeps the first of duplicate keys, like rapidjson FindMember', () => {
    expect((parseJson('{"prompt":"first","prompt":"second"}').value as JsonObject)['prompt']).to.equal('first');
  });

  it('accepts nesting up to 100 levels and rejects 101 as too deep', () => {
    expect(failureOf(nested(100))).to.equal('parsed');
    expect(failureOf(nested(101))).to.equal('too-deep');
    expect(failureOf(`{"a":${nested(99)}}`)).to.equal('parsed');
    expect(failureOf(`{"a":${nested(100)}}`)).to.equal('too-deep');
  });

  it('survives pathological nesting without recursing through it', () => {
    expect(failureOf('['.repeat(1_000_000))).to.equal('too-deep');
    expect(failureOf('{"a":'.repeat(200_000))).to.equal('too-deep');
  });

  it('reports whichever comes first in the text: a syntax error or the depth limit', () => {
    expect(failureOf(`{"a" ${nested(101)}}`)).to.equal('invalid');
    expect(failureOf(`[1 ${nested(101)}]`)).to.equal('invalid');
    expect(failureOf(`[tru, ${nested(101)}]`)).to.equal('invalid');
    expect(failureOf(`{"a":${nested(101)}, oops}`)).to.equal('too-deep');
    expect(failureOf(`[${'['.repeat(101)}`)).to.equal('too-deep');
  });

  it('reads only up to the first NUL, as rapidjson does with a C string', () => {
    expect((parseJson('{"model":"m"}\0garbage').value as JsonObject)['model']).to.equal('m');
    expect(failureOf('{"model":\0"m"}')).to.equal('invalid');
  });

  it('rejects what rapidjson rejects', () => {
    for (const text of ['', ' ', '{', '{"a":1,}', '[1,]', "{'a':1}", '{"a":01}', '{"a":.5}', '{"a":NaN}',
      '{"a":1} x', '\uFEFF{}', '{"a":"\u0001"}', '{"a":1e400}', '{"a":"\\ud800"}', '{"a":"\\udc00"}',
      '{"a":"\\ud800\\u0041"}', '{"a":"\\x"}']) {
      expect(failureOf(text), JSON.stringify(text)).to.equal('invalid');
    }
  });

  it('accepts valid surrogate pairs and scalars at the top level', () => {
    expect((parseJson('{"a":"\\ud83d\\ude00"}').value as JsonObject)['a']).to.equal('\u{1F600}');
    expect(parseJson('"text"').value).to.equal('text');
    expect(parseJson(' 5 ').value).to.be.instanceOf(JsonNumber);
  });

  it('writes values back compactly as rapidjson does: numbers as written, rapidjson string escapes', () => {
    const text = String.raw`{ "NUM_STREAMS" : "2", "x": [1.50, -0, 1e3, true, null], "p": "a\/b\\c\"q\u0001é" }`;
    expect(writeJson(parseJson(text).value)).to.equal(String.raw`{"NUM_STREAMS":"2","x":[1.50,-0,1e3,true,null],"p":"a/b\\c\"q\u0001é"}`);
  });
});
