#!/usr/bin/env python3
"""Regenerates test/golden/tokenizers/clip-prompts.json: a deterministic corpus of 1,200 varied prompts and, for
each, the token ids GenAI 2026.4.1 gets (openvino_genai.Tokenizer over the openvino_tokenizers conversion of the real
CLIP vocabulary: what the pipelines encode with) and those of HF transformers' CLIPTokenizer (the tokenizers-backed
class; transformers 5 has no slow CLIP tokenizer, so ftfy plays no part), plus the long-prompt behaviour.
    .venv/bin/python test/golden/generators/make_tokenizer_golden.py

With --tiny DIR it writes tiny-clip-prompts.json instead, for the model generator's tiny vocabulary: DIR is the
tokenizer/ folder of a tiny model (`npx pictograph make-model --arch sd15 --out /tmp/tiny` → /tmp/tiny/tokenizer).
"""
import hashlib
import json
import os
import shutil
import random
import sys
import tempfile

import openvino_genai
import openvino_tokenizers
import transformers
from transformers import CLIPTokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from clip_vocab import write_clip_tokenizer  # noqa: E402
from genai_probe_model import convert_tokenizer_dir  # noqa: E402

SUBJECTS = ["a photo of a cat", "an astronaut riding a horse on mars", "portrait of a woman, oil painting",
            "cyberpunk city at night, neon lights", "a bowl of fruit", "mountain landscape at sunrise",
            "a cute corgi wearing sunglasses", "medieval castle, fantasy art", "steampunk airship",
            "close-up of a dragonfly", "an old man reading a newspaper", "underwater coral reef"]
MODIFIERS = ["highly detailed", "8k", "trending on artstation", "by Greg Rutkowski", "masterpiece",
             "(best quality:1.2)", "[blurry]", "f/1.8, 85mm", "Unreal Engine 5", "4K UHD", "HDR", "octane render",
             "studio lighting", "don't crop", "it's raining", "we'll see", "I'M HAPPY", "they've gone", "you're"]
UNICODE = ["café", "naïve", "Ångström", "cafe\u0301", "n\u0303", "Ελληνικά", "ΟΔΥΣΣΕΥΣ", "σοφός", "İstanbul",
           "ıi", "Straße", "STRASSE", "ẞ", "ﬁ ligature", "Ǆ", "Москва", "Привет мир", "العربية", "עברית", "ภาษาไทย",
           "हिन्दी", "中文提示词", "日本語のプロンプト", "한국어 프롬프트", "ｆｕｌｌｗｉｄｔｈ", "™ © ®", "µ Ω ℃",
           "ǅungla", "Ⅻ", "ⓐⓑ", "𝔉𝔯𝔞𝔨𝔱𝔲𝔯", "𝐁𝐨𝐥𝐝", "ÀÉÎÕÜ"]
EMOJI = ["🐱", "😀😃😄", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "❤️", "🏳️‍🌈", "✨🌟⭐", "🍕 pizza", "☕️"]
NUMBERS = ["12345", "3.14159", "1,000,000", "½", "x²", "①②③", "٣٤٥", "०१२", "2024-01-01", "#1", "100%", "$9.99",
           "v1.5", "0xFF"]
PUNCTUATION = ["!!!", "...", "?!", "—", "–", "«quoted»", "“smart quotes”", "'single'", "\"double\"", "(nested (parens))",
               "a/b\\c", "@user", "#hashtag", "C++", "e-mail", "snake_case", "<tag>", "{json: 1}", "¿qué?", "¡hola!",
               "''s", "'s'", "rock'n'roll", "o'clock"]
SPACES = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2003", "\u0085", "\u200b", "\ufeff", " \t \n "]
SPECIAL = ["<|startoftext|>", "<|endoftext|>", "<|endoftext|>hello", "a<|startoftext|>b"]
CASES = ["UPPER CASE PROMPT", "Title Case Prompt", "mIxEd CaSe", "camelCaseWords", "ALLCAPS"]


def random_prompt(rng):
    kind = rng.random()
    if kind < 0.25:
        parts = [rng.choice(SUBJECTS)] + rng.sample(MODIFIERS, rng.randint(0, 5))
        return ", ".join(parts)
    pools = [SUBJECTS, MODIFIERS, UNICODE, EMOJI, NUMBERS, PUNCTUATION, CASES, SPECIAL]
    weights = [3, 3, 3, 2, 2, 2, 1, 0.2]
    pieces = []
    for _ in range(rng.randint(1, 8)):
        pieces.append(rng.choice(rng.choices(pools, weights)[0]))
        pieces.append(rng.choice(SPACES) if rng.random() < 0.4 else rng.choice([" ", ", ", "", "; "]))
    text = "".join(pieces)
    if rng.random() < 0.1:
        text = text.upper()
    return text


def corpus():
    rng = random.Random(20261125)
    prompts = ["", " ", "   \t\n  ", "a", "A", "a photo of a cat", "hello world", "Hello, World!",
               "<|startoftext|><|endoftext|>", "\u00e9", "e\u0301",
               # Quirks found while matching the IR: Mongolian vowel separator is whitespace to it, NUL is not;
               # simple case folding without final-sigma context; special tokens only when written exactly.
               "a\u180eb", "a\u0000b", "ΣΑΣ ΟΔΥΣΣΕΥΣ", "İI ıi", "<|ENDOFTEXT|>", "x<|endoftext|>y",
               "<|startoftext|>a photo<|endoftext|>", "ꭰꭱ Ꭰ", "Kelvin \u212a, Ohm \u2126, Angstrom \u212b"]
    prompts += [s for s in UNICODE + EMOJI + NUMBERS + PUNCTUATION + CASES]
    prompts += [f"word{i} " * 1 for i in range(5)]
    # Long prompts around and far beyond 77 tokens.
    for length in [70, 74, 75, 76, 77, 78, 80, 100, 150, 300]:
        prompts.append(" ".join(rng.choice(["cat", "dog", "tree", "house", "blue"]) for _ in range(length)))
    prompts.append(", ".join(rng.choice(MODIFIERS) for _ in range(60)))
    while len(prompts) < 1200:
        prompts.append(random_prompt(rng))
    return prompts


def write_golden(vocab, out, vocabulary):
    """Tokenizes the corpus with GenAI and HF over the HF tokenizer folder `vocab` (converted in place)."""
    prompts = corpus()
    convert_tokenizer_dir(vocab)
    hf = CLIPTokenizer.from_pretrained(vocab)
    genai = openvino_genai.Tokenizer(vocab)
    genai_ids = [genai.encode(p).input_ids.data[0].tolist() for p in prompts]
    hf_ids = [hf(p)["input_ids"] for p in prompts]
    long_prompt = prompts[next(i for i, p in enumerate(prompts) if len(genai_ids[i]) > 100)]
    truncated = genai.encode(long_prompt, truncation=True).input_ids.data[0].tolist()
    differ = [i for i in range(len(prompts)) if genai_ids[i] != hf_ids[i]]
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({
            "about": "CLIP token ids per prompt: 'genai' from openvino_genai.Tokenizer.encode(prompt) (defaults: "
                     "special tokens, no truncation), 'hf' only where transformers' CLIPTokenizer differs",
            "versions": {"openvino_genai": openvino_genai.__version__,
                         "openvino_tokenizers": openvino_tokenizers.__version__,
                         "transformers": transformers.__version__},
            "vocabulary": vocabulary,
            "longPrompt": {"prompt": long_prompt, "truncationTrueIds": truncated},
            "prompts": [{"text": p, "genai": g, **({"hf": h} if g != h else {})}
                        for p, g, h in zip(prompts, genai_ids, hf_ids)],
        }, f, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {out}: {len(prompts)} prompts, {len(differ)} where HF differs from GenAI")


def main():
    golden_dir = os.path.join(os.path.dirname(HERE), "tokenizers")
    if len(sys.argv) == 3 and sys.argv[1] == "--tiny":
        with tempfile.TemporaryDirectory() as tmp:
            vocab = os.path.join(tmp, "tiny")
            shutil.copytree(sys.argv[2], vocab)
            with open(os.path.join(vocab, "vocab.json"), "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()[:16]
            write_golden(vocab, os.path.join(golden_dir, "tiny-clip-prompts.json"),
                         f"the model generator's tiny CLIP vocabulary (vocab.json sha256 {digest})")
        return
    if len(sys.argv) != 1:
        raise SystemExit(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        vocab = os.path.join(tmp, "clip")
        write_clip_tokenizer(vocab)
        write_golden(vocab, os.path.join(golden_dir, "clip-prompts.json"),
                     "open_clip_torch's bpe_simple_vocab_16e6.txt.gz via clip_vocab.py")


if __name__ == "__main__":
    main()
