#!/usr/bin/env python3
"""Writes a Hugging Face CLIP tokenizer folder (vocab.json, merges.txt, tokenizer_config.json,
special_tokens_map.json) from the real CLIP BPE vocabulary that the open_clip_torch wheel ships
(bpe_simple_vocab_16e6.txt.gz), laid out exactly as openai/clip-vit-large-patch14's files: 256 byte symbols,
the same with </w>, the 48,894 merges in order, then <|startoftext|> 49406 and <|endoftext|> 49407.
Standard library only (tests call it at test time).
    python3 clip_vocab.py <output dir> [<path to bpe_simple_vocab_16e6.txt.gz>]
"""
import gzip
import importlib.util
import json
import os
import sys


def bytes_to_unicode():
    """GPT-2/CLIP's byte -> printable character table."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + extra)
            extra += 1
    return dict(zip(printable, map(chr, chars)))


def default_bpe_path():
    spec = importlib.util.find_spec("open_clip")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("open_clip_torch is not installed (test/requirements-nodeps.txt; npm run setup -- --test)")
    return os.path.join(list(spec.submodule_search_locations)[0], "bpe_simple_vocab_16e6.txt.gz")


def write_clip_tokenizer(out_dir, bpe_path=None):
    with gzip.open(bpe_path or default_bpe_path(), "rt", encoding="utf-8") as f:
        lines = f.read().split("\n")
    merges = [tuple(line.split()) for line in lines[1:49152 - 256 - 2 + 1]]
    symbols = list(bytes_to_unicode().values())
    vocab = symbols + [s + "</w>" for s in symbols] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump({token: i for i, token in enumerate(vocab)}, f, ensure_ascii=False)
    with open(os.path.join(out_dir, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    special = {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
               "unk_token": "<|endoftext|>"}
    with open(os.path.join(out_dir, "special_tokens_map.json"), "w") as f:
        json.dump(special, f, indent=2)
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump({**special, "add_prefix_space": False, "do_lower_case": True, "errors": "replace",
                   "model_max_length": 77, "tokenizer_class": "CLIPTokenizer"}, f, indent=2)
    return len(vocab)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    print(write_clip_tokenizer(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else None))
