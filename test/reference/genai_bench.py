"""Times one OpenVINO GenAI image generation in a fresh process, for `npm run bench` (test/bench/genai-comparison.ts).

Usage: python genai_bench.py MODEL_DIR WIDTH HEIGHT STEPS SEED PROMPT OUT.png [--image IMG [--mask MASK]] [--strength S]
Text2ImagePipeline without --image, Image2ImagePipeline with it, InpaintingPipeline with --mask as well (the image
and mask as RGB, alpha dropped, as OVMS decodes uploads). Prints {"load_ms": pipeline construction and compile,
"generate_ms": one generate() call, "peak_rss_mb": the process's maximum resident set}; writes the first image to
OUT.png (for the pixel check).
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
import openvino as ov
import openvino_genai as ov_genai
from PIL import Image

from prepare_model import prepare


def rgb_tensor(path):
    return ov.Tensor(np.array(Image.open(path).convert("RGB"), dtype=np.uint8)[np.newaxis, ...])


def main():
    parser = argparse.ArgumentParser(usage=__doc__)
    for name in ("model_dir", "width", "height", "steps", "seed", "prompt", "out"):
        parser.add_argument(name)
    parser.add_argument("--image")
    parser.add_argument("--mask")
    parser.add_argument("--strength", type=float)
    args = parser.parse_args()
    prepare(args.model_dir)
    options = {"width": int(args.width), "height": int(args.height), "num_inference_steps": int(args.steps),
               "rng_seed": int(args.seed)}
    if args.strength is not None:
        options["strength"] = args.strength
    inputs = [rgb_tensor(path) for path in (args.image, args.mask) if path is not None]
    kind = (ov_genai.Text2ImagePipeline, ov_genai.Image2ImagePipeline, ov_genai.InpaintingPipeline)[len(inputs)]
    started = time.perf_counter()
    pipeline = kind(args.model_dir, "CPU")
    loaded = time.perf_counter()
    image = pipeline.generate(args.prompt, *inputs, **options)
    done = time.perf_counter()
    Image.fromarray(image.data[0], "RGB").save(args.out)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump({"load_ms": (loaded - started) * 1000, "generate_ms": (done - loaded) * 1000, "peak_rss_mb": peak_kb / 1024},
              sys.stdout)


if __name__ == "__main__":
    main()
