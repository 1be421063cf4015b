/**
 * @module test/calculators/text/clip-tokenizer
 * ClipTokenizer against the ids GenAI 2026.4.1 gets from the openvino_tokenizers IR (test/golden/tokenizers), for
 * every tokenizer folder in TOKENIZER_FOLDERS (add the model generator's tiny vocabulary there with its golden).
 * The real CLIP vocabulary is converted at test time from the open_clip_torch wheel (test/requirements-nodeps.txt).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIP_MAX_TOKENS, ClipTokenizer } from '../../../calculators/text/clip-tokenizer.js';
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
}

const TOKENIZER_FOLDERS: readonly TokenizerFolder[] = [{
  name: 'CLIP ViT-L/14 vocabulary (open_clip_torch wheel)',
  create: (scratch) => {
    const dir = join(scratch, 'clip');
    execFileSync(venvPython, [join(projectRoot, 'test', 'golden', 'generators', 'clip_vocab.py'), dir]);
    return dir;
  },
  golden: 'tokenizers/clip-prompts.json',
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
      expect(short).to.have.length(CLIP_MAX_TOKENS);
      expect(short.slice(0, 7)).to.deep.equal([49406, 320, 1125, 539, 320, 2368, 49407]);
      expect(short.slice(7).every((id) => id === tokenizer.special.pad)).to.equal(true);
      const long = golden.prompts.find((p) => p.text === golden.longPrompt.prompt)!;
      const row = tokenizer.inputIds(long.text);
      expect(row).to.deep.equal(long.genai.slice(0, CLIP_MAX_TOKENS));
      expect(row[CLIP_MAX_TOKENS - 1]).to.not.equal(tokenizer.special.eos);
      // GenAI's encode(truncation=true) would instead end in EOS (HF's BOS + 75 + EOS): not what the pipelines use.
      expect(golden.longPrompt.truncationTrueIds.at(-1)).to.equal(tokenizer.special.eos);
    });

    it('reads BOS, EOS and pad from the HF files', () => {
      expect(tokenizer.special).to.deep.equal({ bos: 49406, eos: 49407, pad: 49407 });
    });
  });
}

describe('text/ClipTokenizer errors', () => {
  it('names the missing file', () => {
    expect(() => ClipTokenizer.fromDirectory('/nonexistent/tokenizer')).to.throw(/vocab\.json/);
  });
});
