#!/usr/bin/env bash
# Receiver alone (HTTP -> Kafka acknowledged, acks=all) against a hello-world Node HTTP server,
# same machine, same client (wrk, closed loop, 1 thread), same run. Each server is measured at
# 64 and 256 connections and its best is kept: a closed loop is capped by concurrency/latency, and
# the Receiver's latency includes Kafka's acknowledgement, so it needs more connections to peak.
# The Processor, Converter and Informer are stopped meanwhile so they do not share the cores,
# and started again at the end. Usage: bash bench/receiver/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/.stack/node/bin:$PATH"
secs=${1:-15}
command -v wrk >/dev/null || { echo "installing wrk"; DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
lua=$(mktemp); echo 'wrk.method = "POST"' > "$lua"
for s in processor converter informer; do kill "$(cat .stack/run/svc-$s-0.pid)" 2>/dev/null || true; done
node bench/receiver/hello-server.ts 18999 & hello=$!
trap 'kill $hello 2>/dev/null; bash stack/up.sh >/dev/null' EXIT
sleep 1
measure_at() { wrk -t1 -c"$2" -d"${secs}s" --latency -s "$lua" "$1" | awk -v c="$2" '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {printf "%s %s %s c=%s\n", r, p50, p99, c}'; }
measure() { { measure_at "$1" 64; measure_at "$1" 256; } | sort -rn | head -n1; }
echo "warming up"; wrk -t1 -c64 -d3s -s "$lua" http://127.0.0.1:8001/api/v1/create/job >/dev/null
read -r hello_rps hello_p50 hello_p99 hello_c < <(measure http://127.0.0.1:18999/)
read -r recv_rps recv_p50 recv_p99 recv_c < <(measure http://127.0.0.1:8001/api/v1/create/job)
printf '%-10s %10s %8s %8s %s\n' server req/s p50 p99 connections
printf '%-10s %10s %8s %8s %s\n' hello "$hello_rps" "$hello_p50" "$hello_p99" "$hello_c"
printf '%-10s %10s %8s %8s %s\n' receiver "$recv_rps" "$recv_p50" "$recv_p99" "$recv_c"
awk -v a="$recv_rps" -v b="$hello_rps" 'BEGIN {printf "ratio receiver/hello: %.2f (goal >= 0.5)\n", a/b}'
