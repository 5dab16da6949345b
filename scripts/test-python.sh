#!/usr/bin/env bash
# The evaluation module's tests (pytest, CPU, Debian's python3-torch / python3-opencv / python3-pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHONPATH=src/evaluation exec /usr/bin/python3 -m pytest -q src/evaluation/tests "$@"
