#!/usr/bin/env bash
# The evaluation module's tests (pytest on Debian's /usr/bin/python3, CPU), run by `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHONPATH=src/evaluation exec /usr/bin/python3 -m pytest -q -p no:cacheprovider src/evaluation/tests "$@"
