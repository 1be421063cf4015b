"""The OVMS demo's image generation with the official OpenAI Python SDK; writes the PNG to argv[1].

OVMS-only fields (rng_seed, num_inference_steps, size as WxH) go in extra_body. PICTOGRAPH_URL (default
http://localhost:8000), PICTOGRAPH_MODEL (default pictograph/tiny-sd15), SIZE, STEPS and PICTOGRAPH_API_KEY adapt it.
"""
import base64
import os
import sys

from openai import OpenAI

client = OpenAI(base_url=f"{os.environ.get('PICTOGRAPH_URL', 'http://localhost:8000')}/v3",
                api_key=os.environ.get("PICTOGRAPH_API_KEY", "unused"))
response = client.images.generate(
    model=os.environ.get("PICTOGRAPH_MODEL", "pictograph/tiny-sd15"),
    prompt="three cats",
    extra_body={"rng_seed": 409, "size": os.environ.get("SIZE", "512x512"),
                "num_inference_steps": int(os.environ.get("STEPS", "50"))},
)
out = sys.argv[1] if len(sys.argv) > 1 else "generated.png"
with open(out, "wb") as f:
    f.write(base64.b64decode(response.data[0].b64_json))
print(f"wrote {out}")
