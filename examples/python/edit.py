"""The OVMS demo's image edit with the official OpenAI Python SDK: image-to-image (no mask) with strength 0.67, OVMS's
fields in extra_body (the SDK sends a multipart form: the image as a file, the rest as form fields); writes the PNG
to argv[1]. IMAGE defaults to the OVMS demo's cat.png; PICTOGRAPH_URL, PICTOGRAPH_MODEL, SIZE, STEPS and
PICTOGRAPH_API_KEY as in generate.py. For inpainting, add mask=open(...) next to image.
"""
import base64
import os
import sys

from openai import OpenAI

here = os.path.dirname(os.path.abspath(__file__))
client = OpenAI(base_url=f"{os.environ.get('PICTOGRAPH_URL', 'http://localhost:8000')}/v3",
                api_key=os.environ.get("PICTOGRAPH_API_KEY", "unused"))
with open(os.environ.get("IMAGE", os.path.join(here, "..", "..", "..", "shared", "data", "cat.png")), "rb") as image:
    response = client.images.edit(
        model=os.environ.get("PICTOGRAPH_MODEL", "pictograph/tiny-sd15"),
        image=image,
        prompt="a tiger sitting on a bench",
        extra_body={"rng_seed": 409, "size": os.environ.get("SIZE", "512x512"),
                    "num_inference_steps": int(os.environ.get("STEPS", "50")), "strength": 0.67},
    )
out = sys.argv[1] if len(sys.argv) > 1 else "edited.png"
with open(out, "wb") as f:
    f.write(base64.b64decode(response.data[0].b64_json))
print(f"wrote {out}")
