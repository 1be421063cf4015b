#!/usr/bin/env bash
# The OVMS demo's image generation request, with curl: writes the PNG to $1 (default generated.png).
# PICTOGRAPH_URL (default http://localhost:8000), PICTOGRAPH_MODEL (default pictograph/tiny-sd15), SIZE, STEPS and
# PICTOGRAPH_API_KEY (when the server was started with --api_key_file or API_KEY) adapt it to your server.
set -euo pipefail
url=${PICTOGRAPH_URL:-http://localhost:8000}
model=${PICTOGRAPH_MODEL:-pictograph/tiny-sd15}
out=${1:-generated.png}
auth=()
if [ -n "${PICTOGRAPH_API_KEY:-}" ]; then auth=(-H "Authorization: Bearer $PICTOGRAPH_API_KEY"); fi

response=$(curl -sS --fail-with-body "$url/v3/images/generations" "${auth[@]}" -H "Content-Type: application/json" \
  -d "{\"model\": \"$model\", \"prompt\": \"three cats\", \"rng_seed\": 409, \"num_inference_steps\": ${STEPS:-50}, \"size\": \"${SIZE:-512x512}\"}")
# The body is {"created": ..., "data": [{"b64_json": "<png>"}]}: keep the first image.
printf '%s' "$response" | sed -E 's/.*"b64_json":"([^"]*)".*/\1/' | base64 -d > "$out"
echo "wrote $out"
