#!/usr/bin/env bash
# Stops some components gracefully and leaves the rest running: `bash stack/stop.sh clickhouse`.
# Components: postgres kafka clickhouse connect prometheus services. `make up` starts them again.
# Used by the fault suite to take a sink away and bring it back.
set -uo pipefail
cd "$(dirname "$0")/.."
source stack/env.sh
source stack/lib.sh
for c in stack/components/*.sh; do source "$c"; done

[ $# -gt 0 ] || { fail "usage: stack/stop.sh component..."; exit 2; }
for comp in "$@"; do
  case $comp in
    postgres | kafka | clickhouse | connect | prometheus | services) step "stopping $comp"; "${comp}_stop" ;;
    *) fail "unknown component '$comp' (postgres kafka clickhouse connect prometheus services)"; exit 2 ;;
  esac
done
