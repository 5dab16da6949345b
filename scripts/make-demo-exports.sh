#!/usr/bin/env bash
# Regenerates the demo prediction exports in data/predictions/: real outputs of the evaluation module
# (src/evaluation/melab_eval) on the synthetic clips of data/dfme-synthetic-labels.csv, subject-independent
# 10-fold cross-validation (DFME paper Sec. 4.3), the three shallow baselines (STSTNet, Off-ApexNet, RCN-A),
# emotion and AU tasks: <model>-<task>.csv + <model>-<task>.manifest.json (schema 1.0).
#
#   bash scripts/make-demo-exports.sh [OUT_DIR]      (default data/predictions)
#
# CPU settings: the first 150 subjects of the table, 48×48 synthetic frames and the "fast" TV-L1 preset (see
# src/evaluation/README.md), so the six
# runs finish in minutes on a 2-core machine; flow is computed by the first run and read from the cache
# (~/.cache/melab_eval, or $MELAB_EVAL_CACHE) by the other five. Each manifest records the machine and timings.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-data/predictions}"
mkdir -p "$OUT"
start=$(date +%s)
for model in ststnet offapexnet rcn_a; do
  for task in emotion au; do
    PYTHONPATH=src/evaluation /usr/bin/python3 -m melab_eval run --model "$model" --synthetic --splits kfold10 \
      --task "$task" --out "$OUT" --seed 0 --frame-size 48 --flow-preset fast --subjects 150
  done
done
echo "make-demo-exports: 6 exports in $OUT, $(( $(date +%s) - start )) s" >&2

# Part 2 (R3D-18, I3D, LBP-TOP, MDMO; reduced sizes for CPU, see that script).
bash scripts/make-demo-exports-part2.sh "$OUT"
