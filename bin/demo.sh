#!/usr/bin/env bash
# `npm run demo`: sets up a fresh checkout if needed (venv + build), makes the tiny demo model on first start, prints
# how to call the server, and starts it the way OVMS is started. PORT (default 8000) picks the REST port, MODELS_DIR
# (default models) the model repository; extra arguments go to the server (e.g. --log_level DEBUG).
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-8000}
served=pictograph/tiny-sd15
repository=${MODELS_DIR:-models}

if [ ! -x .venv/bin/python ] || [ ! -f dist/bin/cli.js ]; then
  bash bin/setup.sh
fi
if [ ! -f "$repository/$served/model_index.json" ]; then
  echo "demo: making the tiny demo model in $repository/$served (random weights: the images are noise)"
  node bin/pictograph.js make-model --arch sd15 --size tiny --out "$repository/$served"
fi

cat <<USAGE
demo: serving $served on http://localhost:$port (Ctrl-C stops it). Try, from another terminal:

  curl http://localhost:$port/v3/images/generations -H "Content-Type: application/json" \\
    -d '{"model": "$served", "prompt": "three cats", "rng_seed": 409, "num_inference_steps": 10, "size": "64x64"}'

  PICTOGRAPH_URL=http://localhost:$port SIZE=64x64 STEPS=10 examples/curl/generate.sh cats.png
  PICTOGRAPH_URL=http://localhost:$port SIZE=64x64 STEPS=10 .venv/bin/python examples/python/generate.py cats.png
      (the Python SDK comes with the test wheels: npm run setup -- --test)
  PICTOGRAPH_URL=http://localhost:$port SIZE=64x64 STEPS=10 node examples/node/generate.mjs cats.png
  curl http://localhost:$port/v3/models

USAGE
exec node bin/pictograph.js --rest_port "$port" --source_model "$served" --model_repository_path "$repository" \
  --task image_generation "$@"
