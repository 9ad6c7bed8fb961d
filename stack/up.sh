#!/usr/bin/env bash
# Starts the local stack (and, once they exist, the services), each only if it is not running.
# On failure it names the component, prints its log tail and stops what this run started.
set -uo pipefail
cd "$(dirname "$0")/.."
source stack/env.sh
source stack/lib.sh
for c in stack/components/*.sh; do source "$c"; done

STARTED=()
cleanup_on_failure() {
  local i
  fail "make up failed; stopping what this run started: ${STARTED[*]:-nothing}"
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do "${STARTED[$i]}_stop"; done
  exit 1
}

run_step() {
  local comp=$1 title=$2
  step "$title"
  STEP_START=$SECONDS
  local was_running=0
  component_running "$comp" && was_running=1
  # A component that was running before this run is left running even if it is not ready now.
  "${comp}_start" || { [ $was_running -eq 1 ] || STARTED+=("$comp"); cleanup_on_failure; }
  [ $was_running -eq 1 ] || STARTED+=("$comp")
}

component_running() {
  case $1 in
    kafka) running_pid kafka-1 >/dev/null ;;
    services) running_pid svc-receiver-0 >/dev/null ;;
    *) running_pid "$1" >/dev/null ;;
  esac
}

T0=$SECONDS
bash stack/install.sh || { fail "installation failed"; exit 1; }
mkdir -p "$STACK_RUN" "$STACK_LOGS"
# ONLY=kafka starts just the Kafka cluster and its topics (used by the cluster test), ONLY=postgres
# just PostgreSQL (used by a regression test).
[ "${ONLY:-}" = kafka ] || run_step postgres "PostgreSQL on $STACK_HOST:$POSTGRES_PORT"
if [ "${ONLY:-}" = postgres ]; then step "done in $((SECONDS - T0))s"; exit 0; fi
run_step kafka "Kafka ($KAFKA_NODES node(s), KRaft) on $(kafka_bootstrap)"
step "Kafka topics"
kafka_create_topics $STACK_TOPICS $STACK_DLQ_TOPICS || cleanup_on_failure
if [ "${ONLY:-}" = kafka ]; then bash stack/status.sh; exit 0; fi
run_step clickhouse "ClickHouse on $STACK_HOST:$CLICKHOUSE_HTTP_PORT (HTTP), :$CLICKHOUSE_TCP_PORT (native)"
run_step connect "Kafka Connect on $STACK_HOST:$CONNECT_PORT with the JDBC sink"
run_step prometheus "Prometheus on $STACK_HOST:$PROMETHEUS_PORT"
if [ "${SERVICES:-1}" = "1" ]; then
  run_step services "Conveyor services (receiver :$RECEIVER_PORT, processor :$PROCESSOR_PORT, converter :$CONVERTER_PORT, informer :$INFORMER_PORT)"
fi
step "done in $((SECONDS - T0))s"
bash stack/status.sh
