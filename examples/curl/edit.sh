#!/usr/bin/env bash
# The OVMS demo's image edit requests, with curl: the image and mask as files, the other fields as form fields;
# writes the PNG to $1 (default edited.png).
#   inpainting (default):  IMAGE and MASK default to the OVMS demo's cat.png and cat_mask.png (white = repaint);
#   outpainting:           IMAGE=.../outpaint_input.png MASK=.../outpaint_mask.png (the canvas with the border marked);
#   image-to-image:        MASK= (empty: no mask part sent), optionally STRENGTH=0.67 (the server's default is 0.8).
# PICTOGRAPH_URL, PICTOGRAPH_MODEL, SIZE, STEPS and PICTOGRAPH_API_KEY as in generate.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=${PICTOGRAPH_URL:-http://localhost:8000}
model=${PICTOGRAPH_MODEL:-pictograph/tiny-sd15}
image=${IMAGE:-$here/../../../shared/data/cat.png}
mask=${MASK-$here/../../../shared/data/cat_mask.png}
out=${1:-edited.png}
fields=(-F "model=$model" -F "prompt=a tiger sitting on a bench" -F "image=@$image"
  -F "size=${SIZE:-512x512}" -F "num_inference_steps=${STEPS:-50}" -F "rng_seed=409")
if [ -n "$mask" ]; then fields+=(-F "mask=@$mask"); fi
if [ -n "${STRENGTH:-}" ]; then fields+=(-F "strength=$STRENGTH"); fi
auth=()
if [ -n "${PICTOGRAPH_API_KEY:-}" ]; then auth=(-H "Authorization: Bearer $PICTOGRAPH_API_KEY"); fi

response=$(curl -sS --fail-with-body "$url/v3/images/edits" "${auth[@]}" "${fields[@]}")
printf '%s' "$response" | sed -E 's/.*"b64_json":"([^"]*)".*/\1/' | base64 -d > "$out"
echo "wrote $out"
