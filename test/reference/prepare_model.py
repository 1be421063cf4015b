"""Adds what OpenVINO GenAI needs to a generated model directory: openvino_tokenizer.xml/.bin and
openvino_detokenizer.xml/.bin in every tokenizer*/ folder, converted from the HF tokenizer files with
openvino-tokenizers, as `optimum-cli export openvino` does. Idempotent: folders that already have both IRs are kept.

Usage: python prepare_model.py MODEL_DIR [MODEL_DIR ...]   (prints one JSON line per directory)
"""
import json
import os
import sys

TOKENIZER_FILES = ("openvino_tokenizer.xml", "openvino_tokenizer.bin", "openvino_detokenizer.xml", "openvino_detokenizer.bin")


def prepare(model_dir):
    converted, kept = [], []
    folders = sorted(name for name in os.listdir(model_dir)
                     if name.startswith("tokenizer") and os.path.isdir(os.path.join(model_dir, name)))
    if not folders:
        raise SystemExit(f"{model_dir}: no tokenizer*/ folder")
    for name in folders:
        folder = os.path.join(model_dir, name)
        if all(os.path.exists(os.path.join(folder, f)) for f in TOKENIZER_FILES):
            kept.append(name)
            continue
        # Imported here: the conversion stack is slow to import and not needed for kept folders.
        import openvino as ov
        from openvino_tokenizers import convert_tokenizer
        from transformers import AutoTokenizer

        hf_tokenizer = AutoTokenizer.from_pretrained(folder)
        tokenizer, detokenizer = convert_tokenizer(hf_tokenizer, with_detokenizer=True)
        # Write next to the final names, then rename, so an interrupted run never leaves half a tokenizer.
        for model, stem in ((tokenizer, "openvino_tokenizer"), (detokenizer, "openvino_detokenizer")):
            ov.save_model(model, os.path.join(folder, f"{stem}.partial.xml"))
        for stem in ("openvino_tokenizer", "openvino_detokenizer"):
            for ext in ("xml", "bin"):
                os.replace(os.path.join(folder, f"{stem}.partial.{ext}"), os.path.join(folder, f"{stem}.{ext}"))
        converted.append(name)
    return {"model_dir": model_dir, "converted": converted, "kept": kept}


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for model_dir in sys.argv[1:]:
        print(json.dumps(prepare(model_dir)), flush=True)


if __name__ == "__main__":
    main()
