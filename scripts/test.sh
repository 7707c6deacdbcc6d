#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what the tests need, lints, type-checks
# and runs the whole suite. Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not slow"`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

# Debian packages for the browser test: Chromium and a CJK font (Chinese renders as boxes without it).
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wenquanyi"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium and fonts-wqy-microhei (apt-get)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium fonts-wqy-microhei fontconfig >/dev/null
  else
    echo "note: chromium or fonts-wqy-microhei is missing and this is not root: the browser test will skip" >&2
  fi
fi

"$PY" -m pip install -q --disable-pip-version-check torch==2.13.0 -e '.[test]'
"$PY" -m ruff check .
"$PY" -m mypy
"$PY" -m pytest "$@"
