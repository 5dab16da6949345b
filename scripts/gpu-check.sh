#!/usr/bin/env bash
# One prepared GPU session for the evaluation module (issue "The evaluation module on the GPU"): environment,
# flow GPU vs OpenCV, 10-fold shallow baselines on the DFME-scale synthetic set, the batched published STSTNet
# LOSO vs fold-by-fold, R3D-18/I3D speed switches and training, LBP-TOP/MDMO GPU vs CPU, a torchrun DDP smoke
# test. Self-timed: never more than 8 minutes (--budget, default 480 s); steps that do not fit are skipped and
# the JSON says why. Writes OUT/gpu-check.json (after every step) and the exports under OUT/exports.
#
#   bash scripts/gpu-check.sh [--out DIR] [--budget SECONDS]     # on the GPU machine
#   bash scripts/gpu-check.sh --tiny [--out DIR]                 # the same steps at toy sizes on the CPU (CI)
#
# Python: $PYTHON, else the first of python3 and /usr/bin/python3 that imports torch.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=""
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
if [ -z "$OUT" ]; then OUT="${OUT_DIR:-${OUT:-gpu-check-out}}"; fi
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for cand in python3 /usr/bin/python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c "import torch" >/dev/null 2>&1; then PY="$cand"; break; fi
  done
fi
if [ -z "$PY" ]; then echo "gpu-check: no Python with torch found (set PYTHON)" >&2; exit 2; fi
export PYTHONPATH="src/evaluation${PYTHONPATH:+:$PYTHONPATH}"
exec "$PY" -m melab_eval.gpu_check --out "$OUT" ${ARGS[@]+"${ARGS[@]}"}
