#!/usr/bin/env bash
# Receiver alone (HTTP -> Kafka acknowledged, acks=all) against a hello-world Node HTTP server,
# same machine, same client (wrk, closed loop, 1 thread), same run. Each server is measured at
# 64 and 256 connections and its best is kept: a closed loop is capped by concurrency/latency, and
# the Receiver's latency includes Kafka's acknowledgement, so it needs more connections to peak.
# The measured Receiver is a separate instance on port 18001 writing to a scratch topic
# (bench-receiver, deleted afterwards), so the benchmark does not feed the pipeline hundreds of
# thousands of jobs. The stack's Kafka must be up. Usage: bash bench/receiver/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/.stack/node/bin:$PATH"
secs=${1:-15}
command -v wrk >/dev/null || { echo "installing wrk"; DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
lua=$(mktemp); echo 'wrk.method = "POST"' > "$lua"
source stack/env.sh; source stack/lib.sh
topic_cmd() { kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$(kafka_bootstrap)" "$@"; }
topic_cmd --create --if-not-exists --topic bench-receiver --partitions "$KAFKA_PARTITIONS" --replication-factor "$KAFKA_RF" >/dev/null
node bench/receiver/hello-server.ts 18999 & hello=$!
RECEIVER_PORT=18001 RECEIVER_TOPIC=bench-receiver KAFKA_BROKERS="$(kafka_bootstrap)" LOG_LEVEL=warn \
  node src/services/receiver/main.ts & receiver=$!
trap 'kill $hello $receiver 2>/dev/null; topic_cmd --delete --topic bench-receiver >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:18001/readyz >/dev/null && break; sleep 0.2; done
measure_at() { wrk -t1 -c"$2" -d"${secs}s" --latency -s "$lua" "$1" | awk -v c="$2" '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {printf "%s %s %s c=%s\n", r, p50, p99, c}'; }
measure() { { measure_at "$1" 64; measure_at "$1" 256; } | sort -rn | head -n1; }
echo "warming up"; wrk -t1 -c64 -d3s -s "$lua" http://127.0.0.1:18001/api/v1/create/job >/dev/null
read -r hello_rps hello_p50 hello_p99 hello_c < <(measure http://127.0.0.1:18999/)
read -r recv_rps recv_p50 recv_p99 recv_c < <(measure http://127.0.0.1:18001/api/v1/create/job)
printf '%-10s %10s %8s %8s %s\n' server req/s p50 p99 connections
printf '%-10s %10s %8s %8s %s\n' hello "$hello_rps" "$hello_p50" "$hello_p99" "$hello_c"
printf '%-10s %10s %8s %8s %s\n' receiver "$recv_rps" "$recv_p50" "$recv_p99" "$recv_c"
awk -v a="$recv_rps" -v b="$hello_rps" 'BEGIN {printf "ratio receiver/hello: %.2f (goal >= 0.5)\n", a/b}'
