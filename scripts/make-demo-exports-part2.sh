#!/usr/bin/env bash
# Part 2 demo exports in data/predictions/: R3D-18, I3D, LBP-TOP and MDMO on the synthetic clips of
# data/dfme-synthetic-labels.csv, subject-independent 10-fold (DFME Sec. 4.3), emotion and AU tasks, real
# runner output (schema 1.0, <model>-<task>.csv + .manifest.json). Called by scripts/make-demo-exports.sh;
# alone:   bash scripts/make-demo-exports-part2.sh [OUT_DIR]
#
# Reduced for a 2-core CPU machine (~20 min in all); every reduction is recorded in each manifest
# (input.labels, config.clip_frames/input_size with config_file_geometry, epochs) and in BENCHMARKS.md:
#  - mdmo:    all 7,275 clips; onset->apex TV-L1 flow at 48x48, "fast" preset (about 5 min on 2 cores the
#             first time, then read from the flow cache); 6x6 grid ROIs; SVM 300 steps.
#  - lbp_top: the first 300 participants (sub001-sub300, the rows where the synthetic table reproduces the
#             paper's Table 6); 16 frames at 48x48; 5x5 blocks; SVM 100 steps.
#  - r3d, i3d: 10 participants (the first ten in file order with exactly four clips of the seven emotions),
#             16 frames at 32x32 instead of 224x224, 1 epoch, batch 32: a smoke-scale run whose numbers
#             show the pipeline works end to end, not what the models can learn.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-data/predictions}"
SUB=src/evaluation/demo
mkdir -p "$OUT" "$SUB"
LABELS=data/dfme-synthetic-labels.csv
head -1 "$LABELS" > "$SUB/labels-sub001-sub300.csv"
awk -F, 'NR>1 { n = substr($1, 4) + 0; if (n <= 300) print }' "$LABELS" >> "$SUB/labels-sub001-sub300.csv"
subjects=$(awk -F, 'NR>1 && $6!="others" { c[$1]++; if (!($1 in first)) { first[$1]=NR; order[++k]=$1 } }
  END { m=0; for (i=1; i<=k && m<10; i++) if (c[order[i]]==4) { printf "%s ", order[i]; m++ } }' "$LABELS")
head -1 "$LABELS" > "$SUB/labels-10-participants.csv"
awk -F, -v s="$subjects" 'BEGIN { n=split(s, a, " "); for (i=1;i<=n;i++) keep[a[i]]=1 } NR>1 && ($1 in keep)' "$LABELS" >> "$SUB/labels-10-participants.csv"
run() { PYTHONPATH=src/evaluation /usr/bin/python3 -m melab_eval run --synthetic --splits kfold10 --out "$OUT" --seed 0 --quiet "$@"; }
start=$(date +%s)
for task in emotion au; do
  run --model mdmo --task "$task" --frame-size 48 --flow-preset fast
  run --model lbp_top --task "$task" --labels "$SUB/labels-sub001-sub300.csv" --input-size 48 --epochs 100
  run --model r3d --task "$task" --labels "$SUB/labels-10-participants.csv" --input-size 32 --clip-frames 16 --epochs 1
  run --model i3d --task "$task" --labels "$SUB/labels-10-participants.csv" --input-size 32 --clip-frames 16 --epochs 1
done
echo "make-demo-exports-part2: 8 exports in $OUT, $(( $(date +%s) - start )) s" >&2
