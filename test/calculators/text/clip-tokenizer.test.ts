/**
 * @module test/calculators/text/clip-tokenizer
 * ClipTokenizer against the ids GenAI 2026.4.1 gets from the openvino_tokenizers IR (test/golden/tokenizers), for
 * every tokenizer folder in TOKENIZER_FOLDERS: the real CLIP vocabulary and the model generator's tiny one.
 * The real CLIP vocabulary is converted at test time from the open_clip_torch wheel (test/requirements-nodeps.txt).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clipBpeVocabulary } from '../../../calculators/model-generator/clip-bpe-vocabulary.js';
import { pipelineSpec } from '../../../calculators/model-generator/configs/index.js';
import { writeClipTokenizer } from '../../../calculators/model-generator/tokenizer-files.js';
import { CLIP_MAX_TOKENS, ClipTokenizer, type ClipSpecialTokens } from '../../../calculators/text/clip-tokenizer.js';
import { readGolden } from '../../support/golden.js';
import { projectRoot, venvPython } from '../../support/paths.js';

interface PromptGolden {
  readonly versions: Record<string, string>;
  readonly longPrompt: { readonly prompt: string; readonly truncationTrueIds: readonly number[] };
  readonly prompts: readonly { readonly text: string; readonly genai: readonly number[]; readonly hf?: readonly number[] }[];
}

interface TokenizerFolder {
  readonly name: string;
  /** Creates the folder (vocab.json, merges.txt, ...) under `scratch` and returns its path. */
  readonly create: (scratch: string) => string;
  /** test/golden/... file with the GenAI ids for this folder's vocabulary. */
  readonly golden: string;
  /** The ids the folder's HF files name. */
  readonly special: ClipSpecialTokens;
}

const TOKENIZER_FOLDERS: readonly TokenizerFolder[] = [{
  name: 'CLIP ViT-L/14 vocabulary (open_clip_torch wheel)',
  create: (scratch) => {
    const dir = join(scratch, 'clip');
    execFileSync(venvPython, [join(projectRoot, 'test', 'golden', 'generators', 'clip_vocab.py'), dir]);
    return dir;
  },
  golden: 'tokenizers/clip-prompts.json',
  special: { bos: 49406, eos: 49407, pad: 49407 },
}, {
  // Regenerate the golden after a vocabulary change: make_tokenizer_golden.py --tiny (see test/golden/README.md).
  name: 'the model generator\'s tiny vocabulary (tiny sd15 tokenizer/)',
  create: (scratch) => {
    const dir = join(scratch, 'tiny');
    mkdirSync(dir);
    writeClipTokenizer(dir, clipBpeVocabulary(pipelineSpec('sd15', 'tiny').textEncoder.vocab_size), '<|endoftext|>');
    return dir;
  },
  golden: 'tokenizers/tiny-clip-prompts.json',
  special: { bos: 998, eos: 999, pad: 999 },
}];

for (const folder of TOKENIZER_FOLDERS) {
  describe(`text/ClipTokenizer: ${folder.name}`, () => {
    const golden = readGolden<PromptGolden>(folder.golden);
    let scratch = '';
    let tokenizer: ClipTokenizer;

    before(() => {
      scratch = mkdtempSync(join(tmpdir(), 'clip-tokenizer-'));
      tokenizer = ClipTokenizer.fromDirectory(folder.create(scratch));
    });
    after(() => rmSync(scratch, { recursive: true, force: true }));

    it(`gives GenAI's ids for all ${golden.prompts.length} corpus prompts (openvino_genai ${golden.versions.openvino_genai})`, () => {
      const wrong = golden.prompts.filter((p) => JSON.stringify(tokenizer.encode(p.text)) !== JSON.stringify(p.genai));
      expect(wrong.map((p) => p.text), 'prompts whose ids differ').to.deep.equal([]);
    });

    it("gives HF CLIPTokenizer's ids wherever HF agrees with GenAI, and GenAI's where they part", () => {
      const differing = golden.prompts.filter((p) => p.hf !== undefined);
      // HF lowercases (İ → i̇, keeps ς and µ) where the IR simple-case-folds, and maps a special token in the text
      // to its id alone; the corpus has such prompts, and we follow GenAI there.
      expect(differing.length).to.be.greaterThan(0);
      for (const p of differing) expect(tokenizer.encode(p.text)).to.not.deep.equal(p.hf);
    });

    it('pads to 77 with the pad token, and copies only BOS + the first 76 tokens of a long prompt (no EOS)', () => {
      const short = tokenizer.inputIds('a photo of a cat');
      const ids = golden.prompts.find((p) => p.text === 'a photo of a cat')?.genai ?? [];
      expect(short).to.have.length(CLIP_MAX_TOKENS);
      expect(short.slice(0, ids.length)).to.deep.equal(ids);
      expect(short.slice(ids.length).every((id) => id === tokenizer.special.pad)).to.equal(true);
      const long = golden.prompts.find((p) => p.text === golden.longPrompt.prompt)!;
      const row = tokenizer.inputIds(long.text);
      expect(row).to.deep.equal(long.genai.slice(0, CLIP_MAX_TOKENS));
      expect(row[CLIP_MAX_TOKENS - 1]).to.not.equal(tokenizer.special.eos);
      // GenAI's encode(truncation=true) would instead end in EOS (HF's BOS + 75 + EOS): not what the pipelines use.
      expect(golden.longPrompt.truncationTrueIds.at(-1)).to.equal(tokenizer.special.eos);
    });

    it('reads BOS, EOS and pad from the HF files', () => {
      expect(tokenizer.special).to.deep.equal(folder.special);
    });
  });
}

describe('text/ClipTokenizer errors', () => {
  it('names the missing file', () => {
    expect(() => ClipTokenizer.fromDirectory('/nonexistent/tokenizer')).to.throw(/vocab\.json/);
  });
});
