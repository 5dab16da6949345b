#!/usr/bin/env bash
# Registers this checkout's Jupyter kernel: kernel "melab" in <checkout>/.jupyter/kernels/melab, running
# <checkout>/node_modules/.bin/tslab, display name "melab (<checkout>)". The folder is this checkout's own
# Jupyter data directory: melab's executor (`melab notebook`, the tests, the benchmark) puts it first on
# JUPYTER_PATH, so a notebook's kernel "melab" always runs the code of the checkout that runs it, and
# no machine-wide kernel (tslab's own, another clone's) is written or read. In the Jupyter UI:
#   JUPYTER_PATH=$PWD/.jupyter jupyter notebook notebooks/
# Usage: scripts/register-kernel.sh [CHECKOUT]   (default: the checkout holding this script)
set -euo pipefail
CHECKOUT="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
KERNEL_DIR="$CHECKOUT/.jupyter/kernels/melab"
# scripts/melab-kernel.js, preloaded through NODE_OPTIONS, gives a failing cell's reply its error name and
# message (tslab sends neither, so nbconvert said only "<Error>:").
want="$(/usr/bin/python3 -c 'import json, os, sys
spec = {"argv": [sys.argv[1] + "/node_modules/.bin/tslab", "kernel", "--config-path", "{connection_file}"],
        "display_name": "melab (" + sys.argv[1] + ")", "language": "typescript"}
hook = sys.argv[1] + "/scripts/melab-kernel.js"
if os.path.isfile(hook):
    spec["env"] = {"NODE_OPTIONS": "--require " + json.dumps(hook)}
print(json.dumps(spec))' "$CHECKOUT")"
if [ "$(cat "$KERNEL_DIR/kernel.json" 2>/dev/null || true)" != "$want" ]; then
  mkdir -p "$KERNEL_DIR"
  printf '%s\n' "$want" > "$KERNEL_DIR/kernel.json"
  printf 'melab setup: registered the Jupyter kernel "melab (%s)" in %s\n' "$CHECKOUT" "$KERNEL_DIR" >&2
fi
