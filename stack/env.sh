# Defaults for the local stack. Every value can be overridden from the environment
# (or on the make command line: `make up KAFKA_PORT=19092`). Sourced by every stack script.
# shellcheck shell=bash

: "${STACK_DIR:=$PWD/.stack}"          # data, logs, pids and downloaded jars live here
: "${STACK_HOST:=127.0.0.1}"

# Kafka (KRaft). Node n of an N-node cluster listens on KAFKA_PORT+n-1 (clients) and
# KAFKA_CONTROLLER_PORT+n-1 (controller quorum).
: "${KAFKA_NODES:=1}"
: "${KAFKA_PORT:=9092}"
: "${KAFKA_CONTROLLER_PORT:=9192}"
: "${KAFKA_HEAP:=1g}"
: "${KAFKA_PARTITIONS:=12}"
: "${KAFKA_CLUSTER_ID:=Q29udmV5b3JMb2NhbEE}"   # fixed so a re-run of `make up` reuses the data

# Kafka Connect (distributed mode, one worker).
: "${CONNECT_PORT:=8083}"
: "${CONNECT_HEAP:=1g}"

# PostgreSQL: a cluster of our own under STACK_DIR, run as the `postgres` OS user.
: "${POSTGRES_PORT:=5432}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_PASSWORD:=password}"     # local stack only; see README "Security"
: "${POSTGRES_DB:=postgres}"

# ClickHouse (Debian's clickhouse-server 18.16).
: "${CLICKHOUSE_HTTP_PORT:=8123}"
: "${CLICKHOUSE_TCP_PORT:=9000}"

# Prometheus and the services it scrapes.
: "${PROMETHEUS_PORT:=9090}"
: "${RECEIVER_PORT:=8001}"
: "${PROCESSOR_PORT:=8002}"
: "${CONVERTER_PORT:=8003}"
: "${INFORMER_PORT:=8004}"

# Seconds to wait for a component to become ready, and for a graceful stop.
: "${STACK_READY_TIMEOUT:=120}"
: "${STACK_STOP_TIMEOUT:=30}"
: "${INFORMER_READY_TIMEOUT:=900}"     # the Informer replays receiver-topic and processor-topic first

# Replication follows the cluster size: RF 3 and min ISR 2 on three nodes, as the fault tests need.
if [ "$KAFKA_NODES" -ge 3 ]; then
  : "${KAFKA_RF:=3}"; : "${KAFKA_MIN_ISR:=2}"
else
  : "${KAFKA_RF:=$KAFKA_NODES}"; : "${KAFKA_MIN_ISR:=1}"
fi

STACK_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STACK_LIB="$STACK_DIR/lib"
STACK_RUN="$STACK_DIR/run"
STACK_LOGS="$STACK_DIR/logs"
STACK_TOPICS="receiver-topic processor-topic postgres-topic clickhouse-topic"
STACK_DLQ_TOPICS="receiver-topic.dlq processor-topic.dlq postgres-topic.dlq"

kafka_bootstrap() {
  local n out=""
  for ((n = 1; n <= KAFKA_NODES; n++)); do out+="${out:+,}$STACK_HOST:$((KAFKA_PORT + n - 1))"; done
  printf '%s' "$out"
}
