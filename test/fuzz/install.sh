#!/usr/bin/env bash
# Installs schemathesis (test/fuzz/requirements.txt) into .stack/venv for the HTTP fuzz test.
# Idempotent: a second run only checks. The venv is rebuilt when it is broken and re-filled when
# requirements.txt changes (a hash of it is kept in the venv).
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV="${FUZZ_VENV:-$PWD/.stack/venv}"
REQS="test/fuzz/requirements.txt"
STAMP="$VENV/.requirements.sha256"
# Debian's python3 (the one stack/install.sh's machines have) unless told otherwise; a pyenv or
# other python3 earlier in PATH would make the venv depend on something the stack does not install.
PYTHON="${FUZZ_PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 || true)}"

say() { echo "fuzz-install: $*"; }

if [ -z "$PYTHON" ]; then
  say "no python3 found: install Debian's python3 and python3-venv"; exit 1
fi

if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
  say "venv $VENV is broken (its python no longer runs): recreating"
  rm -rf "$VENV"
fi

if [ ! -x "$VENV/bin/python" ]; then
  # Debian splits ensurepip (needed by `python3 -m venv`) into python3-venv.
  if ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
      say "$PYTHON lacks ensurepip: apt-get install python3-venv"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv
    else
      say "$PYTHON lacks ensurepip: install Debian's python3-venv"; exit 1
    fi
  fi
  say "creating venv $VENV with $PYTHON ($("$PYTHON" --version 2>&1))"
  mkdir -p "$(dirname "$VENV")"
  "$PYTHON" -m venv "$VENV"
fi

want=$(sha256sum "$REQS" | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/st" ]; then
  say "schemathesis present: $("$VENV/bin/st" --version)"
  exit 0
fi

say "pip install -r $REQS into $VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQS"
echo "$want" > "$STAMP"
say "installed: $("$VENV/bin/st" --version)"
