#!/usr/bin/env bash
# Prints what runs where: component, pid, address, resident memory, log file.
set -uo pipefail
cd "$(dirname "$0")/.."
source stack/env.sh
source stack/lib.sh

row() { printf '%-16s %-6s %-8s %-22s %-8s %s\n' "$@"; }
row COMPONENT STATE PID ADDRESS RSS LOG
show() {
  local name=$1 addr=$2 pid
  if pid=$(running_pid "$name"); then
    row "$name" up "$pid" "$addr" "$(component_rss_mib "$pid")MiB" "$(log_file "$name")"
  else
    row "$name" down - "$addr" - "$(log_file "$name")"
  fi
}
show postgres "$STACK_HOST:$POSTGRES_PORT"
shopt -s nullglob
kafka_pids=("$STACK_RUN"/kafka-*.pid)
if [ ${#kafka_pids[@]} -eq 0 ]; then show kafka-1 "$STACK_HOST:$KAFKA_PORT"; fi
for f in "${kafka_pids[@]}"; do
  n=$(basename "$f" .pid); n=${n#kafka-}
  show "kafka-$n" "$STACK_HOST:$((KAFKA_PORT + n - 1))"
done
show clickhouse "$STACK_HOST:$CLICKHOUSE_HTTP_PORT,$CLICKHOUSE_TCP_PORT"
show connect "$STACK_HOST:$CONNECT_PORT"
show prometheus "$STACK_HOST:$PROMETHEUS_PORT"
for f in "$STACK_RUN"/svc-*.pid; do
  n=$(basename "$f" .pid)
  show "$n" "$(cat "$STACK_RUN/$n.addr" 2>/dev/null || echo '?')"
done
printf 'data and logs: %s\n' "$STACK_DIR"
