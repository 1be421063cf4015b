/**
 * @module calculators/model-generator/tokenizer-files
 * The `tokenizer/` folder of an SD export (`CLIPTokenizer.save_pretrained`; diffusion-model-configs.md §4.1):
 * `vocab.json`, `merges.txt`, `tokenizer_config.json`, `special_tokens_map.json`. openvino_tokenizer.xml is not
 * written here: the reference harness converts these files with openvino-tokenizers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ClipBpeVocabulary, END_OF_TEXT, START_OF_TEXT } from './clip-bpe-vocabulary.js';
import type { PadToken } from './configs/index.js';
import { type JsonValue, pythonJson } from './python-json.js';

/** CLIP's context length: `model_max_length` and the text encoder's `max_position_embeddings`. */
export const MODEL_MAX_LENGTH = 77;

const specialToken = (content: string, normalized: boolean): { readonly [key: string]: JsonValue } =>
  ({ content, lstrip: false, normalized, rstrip: false, single_word: false });

export function tokenizerConfig(vocabulary: ClipBpeVocabulary, padToken: PadToken): JsonValue {
  const added: Record<string, JsonValue> = {};
  // A re-saved `!`-padded tokenizer lists `!` (id 0) among the added tokens, not normalized (SDXL tokenizer_2).
  if (padToken === '!') added[String(vocabulary.tokens.indexOf('!'))] = { ...specialToken('!', false), special: true };
  added[String(vocabulary.startOfTextId)] = { ...specialToken(START_OF_TEXT, true), special: true };
  // `<|endoftext|>` is not normalized here (while special_tokens_map.json says it is): with it, an SD 1.5 export's
  // file is the documented 735 bytes, and public FLUX/SD 2.x tokenizer configs read the same.
  added[String(vocabulary.endOfTextId)] = { ...specialToken(END_OF_TEXT, false), special: true };
  return {
    add_prefix_space: false,
    added_tokens_decoder: added,
    bos_token: START_OF_TEXT,
    clean_up_tokenization_spaces: true,
    do_lower_case: true,
    eos_token: END_OF_TEXT,
    errors: 'replace',
    extra_special_tokens: {},
    model_max_length: MODEL_MAX_LENGTH,
    pad_token: padToken,
    tokenizer_class: 'CLIPTokenizer',
    unk_token: END_OF_TEXT,
  };
}

export function specialTokensMap(padToken: PadToken): JsonValue {
  return {
    bos_token: specialToken(START_OF_TEXT, true),
    eos_token: specialToken(END_OF_TEXT, true),
    pad_token: padToken === '!' ? specialToken('!', false) : padToken,
    unk_token: specialToken(END_OF_TEXT, true),
  };
}

/** Writes the four files into `dir` (which must exist). */
export function writeClipTokenizer(dir: string, vocabulary: ClipBpeVocabulary, padToken: PadToken): void {
  // vocab.json in id order, one line, non-ASCII kept: the layout of OpenAI's CLIP files on the hub. Written by hand
  // because a JavaScript object would move integer-like keys ("0".."9") to the front.
  const entries = vocabulary.tokens.map((token, id) => `${JSON.stringify(token)}: ${id}`);
  writeFileSync(join(dir, 'vocab.json'), `{${entries.join(', ')}}\n`);
  writeFileSync(join(dir, 'merges.txt'), `#version: 0.2\n${vocabulary.merges.map(([a, b]) => `${a} ${b}`).join('\n')}\n`);
  writeFileSync(join(dir, 'tokenizer_config.json'), pythonJson(tokenizerConfig(vocabulary, padToken), { indent: 2, ensureAscii: false }));
  writeFileSync(join(dir, 'special_tokens_map.json'), pythonJson(specialTokensMap(padToken), { indent: 2, ensureAscii: false }));
}
