#!/usr/bin/env bash
# The test command behind `make test` (and .ci/run). Runs from the repo root.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

# Debian's chromium for the brief-rendering test (no browser download: playwright drives /usr/bin/chromium).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: chromium could not be installed; browser tests will be skipped"
  fi
fi

export PYTHONHASHSEED=0
# unit and integration tests, then every notebook with nbval (lax) in the same run
"$BIN/python" -m pytest -p no:cacheprovider "$@" tests
"$BIN/python" -m pytest -p no:cacheprovider --nbval-lax notebooks
