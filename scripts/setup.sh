#!/usr/bin/env bash
# Install everything citegraph needs into the repository: .venv/ (Python 3.11 and pinned
# packages), the bundled Neo4j (built by Maven), the web explorer (npm) and, with --test,
# the headless Chromium the explorer test drives. Re-running skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WITH_TEST=0
[ "${1:-}" = "--test" ] && WITH_TEST=1

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required ($2)" >&2; exit 1; }; }

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3 || true)}
[ -n "$PYTHON" ] || { echo "error: Python 3.11 is required" >&2; exit 1; }
"$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' 2>/dev/null \
  || { echo "error: $PYTHON is not Python 3.11; set PYTHON=/path/to/python3.11" >&2; exit 1; }
need java "Java 17 runs the bundled Neo4j"
need mvn "Maven builds the bundled Neo4j"
need npm "npm builds the web explorer"

# 1. Python packages (pinned in pyproject.toml); a stamp skips the install when nothing changed.
STAMP=.venv/.citegraph-installed
WANT=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ]; then
  step "creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  step "installing Python packages into .venv (first time: several minutes, torch is large)"
  .venv/bin/python -m pip install --disable-pip-version-check -q --upgrade pip==25.3
  .venv/bin/python -m pip install --disable-pip-version-check -q -e ".[test]"
  echo "$WANT" > "$STAMP"
else
  echo "Python packages: up to date"
fi

# 2. The bundled Neo4j (Java, Maven Central); cached by a digest of its sources.
step "bundled Neo4j 5.26 (Maven build, cached)"
.venv/bin/python -c 'from graph.server import build_server; print("built:", build_server())'

# 3. The web explorer (npm), rebuilt when its sources change.
EXPLORER=api/explorer
if [ ! -d "$EXPLORER/node_modules" ] || [ "$EXPLORER/package.json" -nt "$EXPLORER/node_modules/.package-lock.json" ]; then
  step "installing the explorer's npm packages"
  npm --prefix "$EXPLORER" ci --no-audit --no-fund
fi
if [ ! -f "$EXPLORER/dist/index.html" ] || [ -n "$(find "$EXPLORER/src" "$EXPLORER/build.mjs" -newer "$EXPLORER/dist/index.html" 2>/dev/null | head -n1)" ]; then
  step "building the explorer"
  npm --prefix "$EXPLORER" run build
fi

# 4. Tests drive a headless Chromium (Debian package) for the explorer.
if [ "$WITH_TEST" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  step "installing Chromium for the explorer test (Debian package)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
echo "setup done in $ROOT"
