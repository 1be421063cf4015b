import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clipBpeVocabulary } from '../../../calculators/model-generator/clip-bpe-vocabulary.js';
import { FLOAT_CONFIG_KEYS } from '../../../calculators/model-generator/configs/index.js';
import { LCM_SCHEDULER, SD15_PNDM_SCHEDULER } from '../../../calculators/model-generator/configs/components.js';
import { pythonFloat, pythonJson } from '../../../calculators/model-generator/python-json.js';
import { writeClipTokenizer } from '../../../calculators/model-generator/tokenizer-files.js';

describe('Python-style JSON', () => {
  it('writes floats as Python repr does', () => {
    const cases: [number, string][] = [
      [1e-5, '1e-05'], [1e-6, '1e-06'], [1.5e-7, '1.5e-07'], [0.0001, '0.0001'], [0.00085, '0.00085'], [0.18215, '0.18215'],
      [1, '1.0'], [100, '100.0'], [-0.5, '-0.5'], [1e16, '1e+16'], [9.99e15, '9990000000000000.0'], [0, '0.0'],
    ];
    expect(cases.map(([value]) => pythonFloat(value))).to.deep.equal(cases.map(([, text]) => text));
  });

  it('sorts keys, indents by two, keeps ints as ints except for float keys, escapes non-ASCII by default', () => {
    expect(pythonJson({ b: [1, 2], a: { dropout: 0, n: 3 }, c: 'é', d: [] }, { indent: 2, floatKeys: new Set(['dropout']) }))
      .to.equal('{\n  "a": {\n    "dropout": 0.0,\n    "n": 3\n  },\n  "b": [\n    1,\n    2\n  ],\n  "c": "\\u00e9",\n  "d": []\n}\n');
    expect(pythonJson({ x: 'é', y: [1, null] }, { ensureAscii: false })).to.equal('{"x": "é", "y": [1, null]}\n');
  });

  it('reproduces the byte sizes of real exported configs (diffusion-model-configs.md §1.2, §4.1)', () => {
    const config = (value: Parameters<typeof pythonJson>[0]) => Buffer.byteLength(pythonJson(value, { indent: 2, floatKeys: FLOAT_CONFIG_KEYS }));
    // OpenVINO/stable-diffusion-v1-5-fp16-ov and OpenVINO/LCM_Dreamshaper_v7-fp16-ov, exported with diffusers 0.27.2.
    expect(config({ ...SD15_PNDM_SCHEDULER, _diffusers_version: '0.27.2' })).to.equal(374);
    expect(config({ ...LCM_SCHEDULER, _diffusers_version: '0.27.2' })).to.equal(562);
    const dir = mkdtempSync(join(tmpdir(), 'pictograph-tokenizer-'));
    try {
      writeClipTokenizer(dir, clipBpeVocabulary(49408), '<|endoftext|>');
      expect(readFileSync(join(dir, 'tokenizer_config.json')).byteLength).to.equal(735);
      expect(readFileSync(join(dir, 'special_tokens_map.json')).byteLength).to.equal(472);
      expect(readFileSync(join(dir, 'merges.txt'), 'utf8').split('\n')[0]).to.equal('#version: 0.2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
