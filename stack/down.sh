#!/usr/bin/env bash
# Stops everything gracefully (SIGTERM, then SIGKILL after STACK_STOP_TIMEOUT); keeps the data.
set -uo pipefail
cd "$(dirname "$0")/.."
source stack/env.sh
source stack/lib.sh
shopt -s nullglob

step "stopping the services and the stack (data kept in $STACK_DIR)"
# Services first (they flush to Kafka), then the consumers of Kafka, then Kafka, then storage.
for f in "$STACK_RUN"/svc-*.pid; do stop_component "$(basename "$f" .pid)" & done
wait   # this shell spawned nothing else, so a bare wait is only these stops
stop_component prometheus
stop_component connect
stop_component clickhouse
for f in "$STACK_RUN"/kafka-*.pid; do stop_component "$(basename "$f" .pid)" & done
wait
STOP_SIGNAL=INT stop_component postgres
