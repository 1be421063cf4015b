import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  byteSymbols, clipBpeVocabulary, clipPreTokenize, END_OF_TEXT, MIN_CLIP_VOCAB_SIZE, START_OF_TEXT,
} from '../../../calculators/model-generator/clip-bpe-vocabulary.js';
import { writeClipTokenizer } from '../../../calculators/model-generator/tokenizer-files.js';
import { tokenizeWithOracle } from '../../support/tokenizer-oracle.js';

describe('CLIP BPE vocabulary', () => {
  it('follows the CLIP id layout: byte symbols, the same with </w>, merges, then the two specials', () => {
    const vocabulary = clipBpeVocabulary(1000);
    const symbols = byteSymbols().map(({ symbol }) => symbol);
    expect(symbols.slice(0, 3)).to.deep.equal(['!', '"', '#']);
    expect(symbols[64]).to.equal('a'); // so 'a</w>' is 320, as in OpenAI's CLIP vocabulary
    expect(vocabulary.tokens.slice(0, 256)).to.deep.equal(symbols);
    expect(vocabulary.tokens.slice(256, 512)).to.deep.equal(symbols.map((s) => `${s}</w>`));
    expect(vocabulary.tokens.slice(512, 998)).to.deep.equal(vocabulary.merges.map(([a, b]) => a + b));
    expect([vocabulary.startOfTextId, vocabulary.endOfTextId]).to.deep.equal([998, 999]);
    expect(vocabulary.tokens.slice(998)).to.deep.equal([START_OF_TEXT, END_OF_TEXT]);
    const full = clipBpeVocabulary(49408);
    expect([full.tokens[49406], full.tokens[49407]]).to.deep.equal([START_OF_TEXT, END_OF_TEXT]);
    expect(new Set(full.tokens).size).to.equal(49408);
  });

  it('has only valid merges: both parts known before the merge, the left part not word-final', () => {
    const { tokens, merges } = clipBpeVocabulary(5000);
    const idOf = new Map(tokens.map((token, id) => [token, id]));
    const problems = merges.flatMap(([left, right], i) => {
      const mergeId = 512 + i;
      return (idOf.get(left) ?? Infinity) < mergeId && (idOf.get(right) ?? Infinity) < mergeId && !left.endsWith('</w>')
        ? [] : [`${left} ${right}`];
    });
    expect(problems).to.deep.equal([]);
  });

  it('is deterministic and learns prompt words', () => {
    expect(clipBpeVocabulary(1000)).to.deep.equal(clipBpeVocabulary(1000));
    const tokens = new Set(clipBpeVocabulary(1000).tokens);
    for (const word of ['photo</w>', 'cat</w>', 'sitting</w>', 'of</w>']) expect(tokens.has(word), word).to.equal(true);
    expect(clipPreTokenize("A cat's  4K photo!")).to.deep.equal(['a', 'cat', "'s", '4', 'k', 'photo', '!']);
    expect(() => clipBpeVocabulary(MIN_CLIP_VOCAB_SIZE - 1)).to.throw(RangeError, /at least 514/);
  });

  it('loads as a CLIPTokenizer in transformers and converts with openvino-tokenizers to the same ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pictograph-vocab-'));
    try {
      writeClipTokenizer(dir, clipBpeVocabulary(1000), '<|endoftext|>');
      const prompts = ['a photo of a cat sitting on a couch', 'Three CATS, highly detailed, 4k'];
      const result = await tokenizeWithOracle(dir, prompts);
      expect(result.class).to.equal('CLIPTokenizer');
      expect([result.vocab_size, result.bos_token_id, result.eos_token_id, result.pad_token_id]).to.deep.equal([1000, 998, 999, 999]);
      // Every word of the first prompt is one token: BOS, 8 words, EOS, then EOS padding.
      expect(result.hf[0]!.slice(0, 11)).to.deep.equal([998, 320, 719, 528, 320, 662, 726, 517, 320, 896, 999]);
      expect(result.hf[0]).to.have.length(77);
      expect(result.openvino).to.equal(null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
