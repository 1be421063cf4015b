"""Tokenizes prompts with a tokenizer folder's HF tokenizer (transformers) and, when present, its converted
openvino_tokenizer.xml, for the TypeScript tests (test/support/tokenizer-oracle.ts). Not named tokenize.py: that would shadow
the standard library module of that name.

Request (JSON on stdin): {"tokenizer_dir": DIR, "prompts": [str, ...], "max_length": 77}
Response: {"class": str, "vocab_size": int, "bos_token_id", "eos_token_id", "pad_token_id", "pad_token",
  "hf": [[ids...] per prompt, padded to max_length], "openvino": [[ids...]] | null, "openvino_pad_token_id": int | null}
"""
import json
import os
import sys

import openvino as ov
import openvino_tokenizers  # noqa: F401  registers the tokenizer ops
from transformers import AutoTokenizer


def main():
    request = json.load(sys.stdin)
    folder = request["tokenizer_dir"]
    prompts = request["prompts"]
    tokenizer = AutoTokenizer.from_pretrained(folder)
    hf = tokenizer(prompts, padding="max_length", max_length=request.get("max_length", 77), truncation=True).input_ids
    response = {"class": type(tokenizer).__name__, "vocab_size": len(tokenizer), "bos_token_id": tokenizer.bos_token_id,
                "eos_token_id": tokenizer.eos_token_id, "pad_token_id": tokenizer.pad_token_id,
                "pad_token": tokenizer.pad_token, "hf": hf, "openvino": None, "openvino_pad_token_id": None}
    xml = os.path.join(folder, "openvino_tokenizer.xml")
    if os.path.exists(xml):
        model = ov.Core().read_model(xml)
        compiled = ov.compile_model(model, "CPU")
        response["openvino"] = [compiled([prompt])["input_ids"][0].tolist() for prompt in prompts]
        rt_info = model.get_rt_info()
        if "pad_token_id" in rt_info:
            response["openvino_pad_token_id"] = int(rt_info["pad_token_id"].astype(str))
    json.dump(response, sys.stdout)


if __name__ == "__main__":
    main()
