#!/usr/bin/env bash
# Stops everything gracefully (SIGTERM, then SIGKILL after STACK_STOP_TIMEOUT); keeps the data.
set -uo pipefail
cd "$(dirname "$0")/.."
source stack/env.sh
source stack/lib.sh
for c in stack/components/*.sh; do source "$c"; done

step "stopping the services and the stack (data kept in $STACK_DIR)"
# Services first (they flush to Kafka), then the consumers of Kafka, then Kafka, then storage.
services_stop
prometheus_stop
connect_stop
clickhouse_stop
kafka_stop
postgres_stop
