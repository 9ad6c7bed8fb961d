#!/usr/bin/env bash
# End-to-end throughput on the whole co-located stack with the seed's job shape (sleep 100-200 ms,
# 1 KiB data): a max search for the highest rate with p99 accept <= 50 ms, then a 60 s
# confirmation run at that rate with every job accounted for, then 60 s at 1,000 jobs/s for the latency goals.
# Reports (JSON + HTML) go to reports/bench-e2e-<time>/. Usage: bash bench/e2e/run.sh [from] [to]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/.stack/node/bin:$PATH"
from=${1:-1000}; to=${2:-8000}
out="reports/bench-e2e-$(date +%Y%m%d-%H%M%S)"
echo "==> max search $from..$to jobs/s (15 s trials, p99 accept <= 50 ms; the confirmation run does the accounting)"
node src/loadgen/cli.ts --profile max --from "$from" --to "$to" --trial-duration 15 --max-trials 7 --trial-pause 15 \
  --p99-ms 50 --no-accounting --out "$out/max" || true
best=$(node -e "const r=JSON.parse(require('fs').readFileSync('$out/max/result.json','utf8')); console.log(r.search?.best ?? 0)")
echo "==> best passing rate: $best jobs/s; confirming for 60 s"
if [ "$best" -gt 0 ]; then
  node src/loadgen/cli.ts --profile constant --rate "$best" --duration 60 --p99-ms 50 --poll-interval 500 \
    --accounting-timeout 120 --out "$out/confirm-$best" || true
fi
echo "==> 1,000 jobs/s for 60 s (goals: p99 accept <= 10 ms, create -> visible p99 <= sleep + 1 s)"
node src/loadgen/cli.ts --profile constant --rate 1000 --duration 60 --p99-ms 10 --poll-interval 200 \
  --accounting-timeout 120 --out "$out/at-1000" || true
echo "reports in $out"
