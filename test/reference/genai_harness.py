"""The OpenVINO GenAI reference: runs Text2ImagePipeline / Image2ImagePipeline / InpaintingPipeline on a model
directory and writes the images (PNG) and, when asked, the latent the callback sees after every step.

Usage: python genai_harness.py REQUEST.json   (or `-` to read the request from stdin)
       python genai_harness.py BATCH.json     ({"requests": [REQUEST, ...]}: one process, one pipeline per model)

Request (JSON): {"model_dir": DIR, "out_dir": DIR, "mode": "text2image" | "image2image" | "inpainting",
  "prompt": str, "negative_prompt": str?, "width": int?, "height": int?, "num_inference_steps": int?,
  "guidance_scale": float?, "strength": float?, "rng_seed": int? (0 .. 2**64-1), "num_images_per_prompt": int?,
  "image": PNG path? (image2image, inpainting), "mask": PNG path? (inpainting), "latents": bool?, "device": "CPU",
  "reshape": [N, H, W, guidance_scale]?}
Omitted parameters keep GenAI's per-model defaults. With "reshape" the pipeline is constructed without a device,
reshaped to static shapes with pipeline.reshape(N, H, W, guidance_scale) (what OVMS does for one static resolution),
then compiled on the device. The model directory gets its OpenVINO tokenizer first
(prepare_model.py).

Batch mode prints {"results": [manifest or {"error": str}, ...]}: a request GenAI refuses does not stop the others.
Pipelines are kept per (model_dir, mode, device, reshape) and get a fresh scheduler from scheduler_config.json before each
request, as OVMS's per-request clone() does (GenAI's PNDM keeps step state across generate() calls otherwise).

Output in out_dir: image_<i>.png (RGB, 8 bit), latents/step_<k>.f32 (raw little-endian float32, C order) and
manifest.json, which is also printed: {"genai_version", "openvino_version", "request", "images": [{"file", "width",
"height"}], "latents": [{"step", "num_steps", "file", "shape"}]}.
"""
import json
import os
import sys

import numpy as np
import openvino as ov
import openvino_genai as ov_genai
from PIL import Image

from prepare_model import prepare

GENERATION_KEYS = ("negative_prompt", "width", "height", "num_inference_steps", "guidance_scale", "strength",
                   "rng_seed", "num_images_per_prompt")
PIPELINES = {"text2image": ov_genai.Text2ImagePipeline, "image2image": ov_genai.Image2ImagePipeline,
             "inpainting": ov_genai.InpaintingPipeline}


def read_rgb(path, what):
    if path is None:
        raise SystemExit(f"{what} is required for this mode")
    pixels = np.array(Image.open(path).convert("RGB"), dtype=np.uint8)
    return ov.Tensor(pixels[np.newaxis, ...])


def generate(request, pipelines=None):
    mode = request["mode"]
    if mode not in PIPELINES:
        raise SystemExit(f"mode must be one of {sorted(PIPELINES)}, got {mode!r}")
    model_dir = request["model_dir"]
    out_dir = request["out_dir"]
    os.makedirs(out_dir, exist_ok=True)
    reshape = tuple(request["reshape"]) if request.get("reshape") is not None else None
    key = (model_dir, mode, request.get("device", "CPU"), reshape)
    if pipelines is not None and key in pipelines:
        pipeline = pipelines[key]
        pipeline.set_scheduler(ov_genai.Scheduler.from_config(os.path.join(model_dir, "scheduler", "scheduler_config.json")))
    else:
        prepare(model_dir)
        if reshape is None:
            pipeline = PIPELINES[mode](model_dir, key[2])
        else:
            pipeline = PIPELINES[mode](model_dir)
            pipeline.reshape(int(reshape[0]), int(reshape[1]), int(reshape[2]), float(reshape[3]))
            pipeline.compile(key[2])
        if pipelines is not None:
            pipelines[key] = pipeline

    latents = []

    def on_step(step, num_steps, latent):
        # GenAI calls this on a worker thread with the step's latent (`denoised` for SD-family pipelines).
        latents.append((step, num_steps, np.array(latent.data, dtype=np.float32, copy=True)))
        return False

    kwargs = {key: request[key] for key in GENERATION_KEYS if request.get(key) is not None}
    if kwargs.get("rng_seed", 0) >= 2**63:
        # The Python binding converts ints through a signed C++ long; GenAI keeps rng_seed as size_t. Passing the
        # same 64 bits as a negative long gives GenAI the same size_t value (which it then narrows to uint32).
        kwargs["rng_seed"] -= 2**64
    if request.get("latents"):
        kwargs["callback"] = on_step
    args = [request["prompt"]]
    if mode in ("image2image", "inpainting"):
        args.append(read_rgb(request.get("image"), "image"))
    if mode == "inpainting":
        args.append(read_rgb(request.get("mask"), "mask"))
    result = np.array(pipeline.generate(*args, **kwargs).data)

    images = []
    for index, pixels in enumerate(result):
        name = f"image_{index}.png"
        Image.fromarray(pixels, "RGB").save(os.path.join(out_dir, name))
        images.append({"file": name, "width": int(pixels.shape[1]), "height": int(pixels.shape[0])})
    latent_entries = []
    if latents:
        os.makedirs(os.path.join(out_dir, "latents"), exist_ok=True)
    for step, num_steps, data in latents:
        name = os.path.join("latents", f"step_{step:03d}.f32")
        np.ascontiguousarray(data).tofile(os.path.join(out_dir, name))
        latent_entries.append({"step": step, "num_steps": num_steps, "file": name, "shape": list(data.shape)})
    manifest = {"genai_version": ov_genai.__version__, "openvino_version": ov.get_version(), "request": request,
                "images": images, "latents": latent_entries}
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    return manifest


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    source = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1])
    with source:
        request = json.load(source)
    if "requests" not in request:
        json.dump(generate(request), sys.stdout)
        return
    pipelines = {}
    results = []
    for item in request["requests"]:
        try:
            results.append(generate(item, pipelines))
        except (RuntimeError, SystemExit) as error:
            results.append({"error": str(error)})
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
