/**
 * @module calculators/model-generator/clip-bpe-vocabulary
 * A valid CLIP byte-level BPE vocabulary of any size, laid out like OpenAI's (ids: 256 byte symbols, the same with
 * `</w>`, one token per merge, then `<|startoftext|>` and `<|endoftext|>` last; 49408 → 49406/49407). Merges are
 * learnt from a small prompt corpus; past what the corpus yields, filler merges join existing tokens.
 */
import { CLIP_BPE_CORPUS } from './clip-bpe-corpus.js';

export const START_OF_TEXT = '<|startoftext|>';
export const END_OF_TEXT = '<|endoftext|>';
const WORD_END = '</w>';
/** 256 byte symbols, 256 word-final byte symbols, 2 specials. */
export const MIN_CLIP_VOCAB_SIZE = 514;

export interface ClipBpeVocabulary {
  /** Token text by id. */
  readonly tokens: readonly string[];
  /** Merge rules in priority order (`merges.txt`). */
  readonly merges: readonly (readonly [string, string])[];
  readonly startOfTextId: number;
  readonly endOfTextId: number;
}

/** GPT-2/CLIP `bytes_to_unicode`: printable bytes map to themselves, the rest to U+0100 upwards; in CLIP's order. */
export function byteSymbols(): { byte: number; symbol: string }[] {
  const printable = (b: number): boolean => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const symbols: { byte: number; symbol: string }[] = [];
  for (let b = 0; b < 256; b++) if (printable(b)) symbols.push({ byte: b, symbol: String.fromCharCode(b) });
  let extra = 0;
  for (let b = 0; b < 256; b++) if (!printable(b)) symbols.push({ byte: b, symbol: String.fromCharCode(256 + extra++) });
  return symbols;
}

/** CLIP's pre-tokenizer on cleaned, lower-cased text: specials, contractions, letter runs, single digits, punctuation. */
const CLIP_PATTERN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/gu;

export function clipPreTokenize(text: string): string[] {
  return text.replace(/\s+/g, ' ').trim().toLowerCase().match(CLIP_PATTERN) ?? [];
}

/** A word as BPE symbols: its UTF-8 bytes as byte symbols, the last one marked as word-final. */
function wordSymbols(word: string, symbolOfByte: readonly string[]): string[] {
  const symbols = [...new TextEncoder().encode(word)].map((b) => symbolOfByte[b]!);
  symbols[symbols.length - 1] += WORD_END;
  return symbols;
}

/** Classic BPE training: repeatedly merge the most frequent adjacent pair (ties: the smaller pair text). */
function learnMerges(corpus: string, symbolOfByte: readonly string[], limit: number, known: Set<string>): [string, string][] {
  const counts = new Map<string, number>();
  for (const word of clipPreTokenize(corpus)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = [...counts].map(([word, count]) => ({ symbols: wordSymbols(word, symbolOfByte), count }));
  const merges: [string, string][] = [];
  while (merges.length < limit) {
    const pairs = new Map<string, { pair: [string, string]; count: number }>();
    for (const { symbols, count } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]} ${symbols[i + 1]}`;
        const entry = pairs.get(key) ?? { pair: [symbols[i]!, symbols[i + 1]!] as [string, string], count: 0 };
        entry.count += count;
        pairs.set(key, entry);
      }
    }
    let best: { key: string; pair: [string, string]; count: number } | undefined;
    for (const [key, entry] of pairs) {
      if (known.has(entry.pair[0] + entry.pair[1])) continue;
      if (best === undefined || entry.count > best.count || (entry.count === best.count && key < best.key)) best = { key, ...entry };
    }
    if (best === undefined) break;
    const [left, right] = best.pair;
    merges.push([left, right]);
    known.add(left + right);
    for (const word of words) {
      const merged: string[] = [];
      for (let i = 0; i < word.symbols.length; i++) {
        if (word.symbols[i] === left && word.symbols[i + 1] === right) {
          merged.push(left + right);
          i++;
        } else {
          merged.push(word.symbols[i]!);
        }
      }
      word.symbols = merged;
    }
  }
  return merges;
}

/** Valid but unremarkable merges (a non-final token + a word-final symbol) to fill the vocabulary up to size. */
function fillerMerges(prefixes: readonly string[], finals: readonly string[], count: number, known: Set<string>): [string, string][] {
  const merges: [string, string][] = [];
  for (const prefix of prefixes) {
    for (const final of finals) {
      if (merges.length === count) return merges;
      if (known.has(prefix + final)) continue;
      known.add(prefix + final);
      merges.push([prefix, final]);
    }
  }
  if (merges.length < count) throw new RangeError(`cannot make ${count} filler merges`);
  return merges;
}

/** The vocabulary with `vocabSize` tokens (the text encoder's `vocab_size`). */
export function clipBpeVocabulary(vocabSize: number): ClipBpeVocabulary {
  if (!Number.isInteger(vocabSize) || vocabSize < MIN_CLIP_VOCAB_SIZE) {
    throw new RangeError(`a CLIP BPE vocabulary needs at least ${MIN_CLIP_VOCAB_SIZE} tokens, got ${vocabSize}`);
  }
  const bytes = byteSymbols();
  const symbolOfByte: string[] = [];
  for (const { byte, symbol } of bytes) symbolOfByte[byte] = symbol;
  const base = [...bytes.map(({ symbol }) => symbol), ...bytes.map(({ symbol }) => symbol + WORD_END)];
  const known = new Set(base);
  const mergeCount = vocabSize - base.length - 2;
  const merges = learnMerges(CLIP_BPE_CORPUS, symbolOfByte, mergeCount, known);
  const lowercase = bytes.filter(({ byte }) => byte >= 0x61 && byte <= 0x7a).map(({ symbol }) => symbol);
  const prefixes = [...lowercase, ...merges.map(([a, b]) => a + b).filter((token) => !token.endsWith(WORD_END))];
  const finals = [...lowercase.map((symbol) => symbol + WORD_END), ...base.filter((token) => token.endsWith(WORD_END))];
  merges.push(...fillerMerges(prefixes, [...new Set(finals)], mergeCount - merges.length, known));
  const tokens = [...base, ...merges.map(([a, b]) => a + b), START_OF_TEXT, END_OF_TEXT];
  return { tokens, merges, startOfTextId: vocabSize - 2, endOfTextId: vocabSize - 1 };
}
