#!/usr/bin/env bash
# Shows the log of one component (`make logs C=kafka-1`), or the last lines of all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
source stack/env.sh
shopt -s nullglob
if [ -n "${1:-}" ]; then
  f="$STACK_LOGS/$1.log"
  [ -f "$f" ] || { echo "no log for '$1'; have: $(ls "$STACK_LOGS" | sed 's/\.log$//' | tr '\n' ' ')" >&2; exit 1; }
  tail -n "${LINES:-200}" "$f"
  exit 0
fi
for f in "$STACK_LOGS"/*.log; do
  printf '\n==> %s <==\n' "$f"
  tail -n "${LINES:-20}" "$f"
done
