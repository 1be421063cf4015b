/**
 * @module test/support/tokenizer-oracle
 * Tokenizes prompts with a tokenizer folder's HF tokenizer and its converted OpenVINO tokenizer
 * (test/reference/tokenizer_oracle.py): the reference for generated vocabularies and for Pictograph's own tokenizer.
 */
import { runPythonJson } from './python.js';

export interface TokenizerOracleResult {
  /** The transformers class that loaded the folder. */
  readonly class: string;
  readonly vocab_size: number;
  readonly bos_token_id: number;
  readonly eos_token_id: number;
  readonly pad_token_id: number;
  readonly pad_token: string;
  /** Per prompt, padded to maxLength (truncated HF-style). */
  readonly hf: number[][];
  /** Per prompt, unpadded, from openvino_tokenizer.xml; null when the folder has none. */
  readonly openvino: number[][] | null;
  readonly openvino_pad_token_id: number | null;
}

export function tokenizeWithOracle(tokenizerDir: string, prompts: readonly string[], maxLength = 77): Promise<TokenizerOracleResult> {
  return runPythonJson<TokenizerOracleResult>('tokenizer_oracle.py', [], { tokenizer_dir: tokenizerDir, prompts, max_length: maxLength });
}
