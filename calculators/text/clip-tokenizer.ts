/**
 * @module calculators/text/clip-tokenizer
 * CLIP's byte-level BPE tokenizer, id for id as GenAI runs it (openvino_tokenizers' conversion of HF's CLIPTokenizer,
 * reference: genai-image-generation.md §2.1): NFC, whitespace runs → ' ', the IR's simple case fold, the CLIP
 * pre-tokenisation regex, GPT-2 byte-to-unicode mapping, BPE with `</w>` on each word's last symbol, BOS … EOS.
 * Reads a model's tokenizer folder (vocab.json, merges.txt, tokenizer_config.json / special_tokens_map.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphError } from '../../engine/status.js';
import { CLIP_CASE_FOLD, CLIP_REMOVED_ALONE } from './clip-case-fold.js';

/** The CLIP text encoder's input length (max_position_embeddings). */
export const CLIP_MAX_TOKENS = 77;

/**
 * The IR's whitespace: what it drops when alone, NUL excepted (a NUL inside a prompt is an ordinary symbol). That is
 * Unicode White_Space plus U+180E (whitespace before Unicode 6.3); JS's \s differs (it has U+FEFF, lacks U+0085).
 */
const WHITESPACE = CLIP_REMOVED_ALONE.filter((codePoint) => codePoint !== 0)
  .map((codePoint) => `\\u{${codePoint.toString(16)}}`).join('');
/**
 * The CLIP pre-tokenisation regex (HF CLIPTokenizer's Split pattern) without its two special-token alternatives, as
 * the IR has it (special tokens are split off before; a lower-cased "<|endoftext|>" thus splits into "<|", "endoftext",
 * "|>", where HF keeps one word): English contractions, letter runs, single digits, runs of anything else but
 * whitespace.
 */
const PRE_TOKENIZE = new RegExp(`'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^${WHITESPACE}\\p{L}\\p{N}]+`, 'gu');
const WHITESPACE_RUNS = new RegExp(`[${WHITESPACE}]+`, 'gu');
/** CLIP's special tokens as they are matched in the raw prompt (the capture group keeps them in split()). */
const SPECIAL_TOKENS = /(<\|startoftext\|>|<\|endoftext\|>)/u;
const END_OF_WORD = '</w>';
/**
 * Quirk copied from the openvino_tokenizers IR: a special token written in the prompt becomes its id followed by the
 * four byte symbols of "</w>" (the suffix its BPE step appended to the word).
 */
const SPECIAL_TOKEN_TAIL = ['<', '/', 'w', '>'];
/** Words kept in the BPE cache before it is cleared (bounds a server's memory against arbitrary prompts). */
const WORD_CACHE_LIMIT = 50_000;
const UTF8 = new TextEncoder();

export interface ClipSpecialTokens {
  readonly bos: number;
  readonly eos: number;
  readonly pad: number;
}

export class ClipTokenizer {
  private readonly byteToSymbol: readonly string[] = byteLevelAlphabet();
  private readonly ranks: Map<string, number>;
  private readonly wordCache = new Map<string, readonly number[]>();
  private readonly specialIds: ReadonlyMap<string, number>;
  private readonly specialTail: readonly number[];

  /**
   * `merges` in priority order ("a b" pairs); `special` names BOS/EOS/pad ids. The vocabulary must hold every
   * byte symbol and byte symbol + `</w>`, as CLIP's does.
   */
  constructor(private readonly vocab: ReadonlyMap<string, number>, merges: readonly string[],
    readonly special: ClipSpecialTokens) {
    this.ranks = new Map(merges.map((pair, rank) => [pair, rank]));
    this.specialIds = new Map([['<|startoftext|>', special.bos], ['<|endoftext|>', special.eos]]
      .filter(([token]) => vocab.has(token as string)) as [string, number][]);
    this.specialTail = SPECIAL_TOKEN_TAIL.map((symbol) => {
      const id = vocab.get(symbol);
      if (id === undefined) throw new GraphError('FAILED_PRECONDITION', `CLIP vocabulary has no symbol '${symbol}'`);
      return id;
    });
  }

  /** Loads `dir`/vocab.json and merges.txt; special tokens from tokenizer_config.json or special_tokens_map.json. */
  static fromDirectory(dir: string): ClipTokenizer {
    const vocabJson = readJson(join(dir, 'vocab.json'));
    if (typeof vocabJson !== 'object' || vocabJson === null || Array.isArray(vocabJson)) {
      throw tokenizerError(join(dir, 'vocab.json'), 'must be a JSON object of token → id');
    }
    const vocab = new Map<string, number>();
    for (const [token, id] of Object.entries(vocabJson)) {
      if (!Number.isSafeInteger(id)) throw tokenizerError(join(dir, 'vocab.json'), `id of '${token}' is not an integer`);
      vocab.set(token, id as number);
    }
    const mergesFile = join(dir, 'merges.txt');
    if (!existsSync(mergesFile)) throw tokenizerError(mergesFile, 'not found');
    const merges = readFileSync(mergesFile, 'utf8').split('\n')
      .filter((line, i) => line.trim() !== '' && !(i === 0 && line.startsWith('#version')))
      .map((line) => line.trim());
    return new ClipTokenizer(vocab, merges, readSpecialTokens(dir, vocab));
  }

  /**
   * Token ids of `text` with BOS and EOS, at their natural length: what GenAI's Tokenizer::encode(prompt) returns in
   * 2026.4 (add_special_tokens = true, truncation = false).
   */
  encode(text: string): number[] {
    const ids = [this.special.bos];
    // 1. Special tokens are split off the RAW text first (case-sensitive); 2. each other segment is normalised,
    //    pre-tokenised and BPE'd (there a lower-cased "<|endoftext|>" is just a word).
    for (const segment of text.split(SPECIAL_TOKENS)) {
      const specialId = this.specialIds.get(segment);
      if (specialId !== undefined) {
        ids.push(specialId, ...this.specialTail);
        continue;
      }
      for (const match of normalize(segment).matchAll(PRE_TOKENIZE)) ids.push(...this.wordIds(match[0]));
    }
    ids.push(this.special.eos);
    return ids;
  }

  /**
   * The CLIP text encoder's input row, as GenAI's CLIPTextModel fills it: the pad id everywhere, then
   * copy_n(ids, min(len, length)). A prompt longer than length - 1 tokens therefore keeps BOS and the first
   * length - 1 tokens and loses its EOS (HF would give BOS + 75 + EOS).
   */
  inputIds(text: string, length: number = CLIP_MAX_TOKENS): number[] {
    const row = new Array<number>(length).fill(this.special.pad);
    const ids = this.encode(text);
    for (let i = 0; i < Math.min(ids.length, length); i++) row[i] = ids[i]!;
    return row;
  }

  /** BPE of one pre-token (cached: prompts repeat words). */
  private wordIds(piece: string): readonly number[] {
    const cached = this.wordCache.get(piece);
    if (cached !== undefined) return cached;
    const symbols = [...UTF8.encode(piece)].map((byte) => this.byteToSymbol[byte]!);
    symbols[symbols.length - 1] += END_OF_WORD;
    const ids = this.bpe(symbols).map((symbol) => {
      const id = this.vocab.get(symbol);
      if (id === undefined) throw new GraphError('INTERNAL', `CLIP vocabulary has no entry for '${symbol}'`);
      return id;
    });
    if (this.wordCache.size >= WORD_CACHE_LIMIT) this.wordCache.clear();
    this.wordCache.set(piece, ids);
    return ids;
  }

  /** Repeatedly merges the adjacent pair with the lowest merge rank (leftmost first on ties). */
  private bpe(symbols: string[]): string[] {
    while (symbols.length > 1) {
      let bestRank = Infinity;
      let bestAt = -1;
      for (let i = 0; i < symbols.length - 1; i++) {
        const rank = this.ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          bestAt = i;
        }
      }
      if (bestAt < 0) break;
      const first = symbols[bestAt]!;
      const second = symbols[bestAt + 1]!;
      // Merge every occurrence of the pair, left to right (as HF's and CLIP's reference BPE do).
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i < symbols.length - 1 && symbols[i] === first && symbols[i + 1] === second) {
          merged.push(first + second);
          i++;
        } else {
          merged.push(symbols[i]!);
        }
      }
      symbols = merged;
    }
    return symbols;
  }
}

/** NFC, whitespace runs → ' ', then the IR's per-character case fold (no context: a final 'Σ' becomes 'σ'). */
function normalize(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(WHITESPACE_RUNS, ' ')) {
    out += CLIP_CASE_FOLD.get(char.codePointAt(0)!) ?? char;
  }
  return out;
}

/** GPT-2's reversible byte → printable character table (CLIP's bytes_to_unicode). */
function byteLevelAlphabet(): string[] {
  const table = new Array<string>(256);
  const printable = (byte: number): boolean =>
    (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  let next = 256;
  for (let byte = 0; byte < 256; byte++) table[byte] = String.fromCodePoint(printable(byte) ? byte : next++);
  return table;
}

function readSpecialTokens(dir: string, vocab: ReadonlyMap<string, number>): ClipSpecialTokens {
  const sources = ['tokenizer_config.json', 'special_tokens_map.json'].map((name) => join(dir, name)).filter(existsSync);
  const lookup = (key: string): number | undefined => {
    for (const file of sources) {
      const json = readJson(file) as Record<string, unknown>;
      const value = json[key];
      const content = typeof value === 'string' ? value
        : typeof value === 'object' && value !== null ? (value as { content?: unknown }).content : undefined;
      if (typeof content === 'string') {
        const id = vocab.get(content);
        if (id === undefined) throw tokenizerError(file, `${key} '${content}' is not in vocab.json`);
        return id;
      }
    }
    return undefined;
  };
  const bos = lookup('bos_token') ?? vocab.get('<|startoftext|>');
  const eos = lookup('eos_token') ?? vocab.get('<|endoftext|>');
  if (bos === undefined || eos === undefined) throw tokenizerError(dir, 'no bos_token / eos_token');
  // GenAI: pad_token_id from the IR, else the HF files, else EOS.
  return { bos, eos, pad: lookup('pad_token') ?? eos };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new GraphError('FAILED_PRECONDITION', `cannot read tokenizer file ${file}`, { file }, { cause });
  }
}

function tokenizerError(file: string, message: string): GraphError {
  return new GraphError('FAILED_PRECONDITION', `${file}: ${message}`, { file });
}
