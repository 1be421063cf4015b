"""GenAI's AutoencoderKL.encode(image, generator): the image latent of a model directory's VAE encoder, sampled with
a CppStdGenerator, plus the generator's next value afterwards (how many draws the encoding consumed).

Usage: python vae_encode_oracle.py < REQUEST.json
Request: {"model_dir", "image": B64 (f32 NCHW [1,3,H,W]), "height", "width", "seed"}
Prints {"shape", "latent": B64 (f32), "next": float}.
"""
import base64
import json
import os
import sys

import numpy as np
import openvino as ov
import openvino_genai as ov_genai


def main():
    request = json.load(sys.stdin)
    model_dir = request["model_dir"]
    vae = ov_genai.AutoencoderKL(os.path.join(model_dir, "vae_encoder"), os.path.join(model_dir, "vae_decoder"), "CPU")
    image = np.frombuffer(base64.b64decode(request["image"]), dtype=np.float32).reshape(1, 3, request["height"], request["width"])
    generator = ov_genai.CppStdGenerator(request["seed"])
    latent = np.array(vae.encode(ov.Tensor(np.ascontiguousarray(image)), generator).data, dtype=np.float32)
    json.dump({"shape": list(latent.shape), "latent": base64.b64encode(latent.tobytes()).decode(),
               "next": float(generator.next())}, sys.stdout)


if __name__ == "__main__":
    main()
