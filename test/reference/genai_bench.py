"""Times OpenVINO GenAI's Text2ImagePipeline once, in a fresh process, for `npm run bench` (test/bench/text2image.bench.ts).

Usage: python genai_bench.py MODEL_DIR WIDTH HEIGHT STEPS SEED PROMPT OUT.png
Prints {"load_ms": pipeline construction and compile, "generate_ms": one generate() call, "peak_rss_mb": the
process's maximum resident set}; writes the image to OUT.png (for the pixel check).
"""
import json
import resource
import sys
import time

import openvino_genai as ov_genai
from PIL import Image

from prepare_model import prepare


def main():
    if len(sys.argv) != 8:
        raise SystemExit(__doc__)
    model_dir, width, height, steps, seed, prompt, out = sys.argv[1:]
    prepare(model_dir)
    started = time.perf_counter()
    pipeline = ov_genai.Text2ImagePipeline(model_dir, "CPU")
    loaded = time.perf_counter()
    image = pipeline.generate(prompt, width=int(width), height=int(height), num_inference_steps=int(steps), rng_seed=int(seed))
    done = time.perf_counter()
    Image.fromarray(image.data[0], "RGB").save(out)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump({"load_ms": (loaded - started) * 1000, "generate_ms": (done - loaded) * 1000, "peak_rss_mb": peak_kb / 1024},
              sys.stdout)


if __name__ == "__main__":
    main()
