#!/usr/bin/env bash
# melab's one-time set-up, run by `npm test`, `npm run report` and `npm run bench` before they work.
# Each step is skipped when already done: Debian packages (installed when running as root),
# node packages, this checkout's Jupyter kernel, and the TypeScript build in dist/ that notebooks import.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf 'melab setup: %s\n' "$*" >&2; }

# Debian packages: Chromium for figure export, Jupyter for notebooks (jupyter-client: `jupyter kernelspec`),
# PyTorch for the evaluation module, the reference tools (scikit-learn, statsmodels, pandas) the tests compare against,
# jsonschema (the evaluation module's tests validate its exports with the JSON Schema), and pdflatex
# and pdfinfo (the tests compile every LaTeX table and open every PDF figure), and a C compiler (STSTNet's fused
# CPU training kernel, models/ststnet_kernel.c).
APT_PACKAGES="chromium jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-notebook jupyter-client \
python3-torch python3-torchvision python3-opencv python3-pytest python3-tqdm \
python3-sklearn python3-statsmodels python3-pandas python3-scipy python3-jsonschema \
texlive-latex-base texlive-latex-recommended texlive-latex-extra poppler-utils gcc libc6-dev"
missing=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    log "installing Debian packages:$missing"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
  else
    log "missing Debian packages:$missing — install them as root (apt-get install$missing); tests that need them will fail"
  fi
fi

# Node packages (package-lock.json pins them; overrides in package.json keep the install offline-safe).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing node packages"
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# The TypeScript build that notebooks import as `import * as melab from '..'`.
if [ ! -f dist/index.js ] || [ -n "$(find src/analysis -newer dist/index.js -name '*.ts' -print -quit)" ]; then
  log "building dist/"
  npx tsc -p tsconfig.json >&2
  touch dist/index.js
fi

# This checkout's Jupyter kernel "melab" (scripts/register-kernel.sh): in ./.jupyter, never machine-wide,
# so two clones on one machine never run each other's code; registered again when it points elsewhere.
if [ -x /usr/bin/python3 ]; then
  bash scripts/register-kernel.sh "$PWD"
fi
