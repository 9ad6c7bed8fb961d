#!/usr/bin/env bash
# `make test`: starts the stack and the services (installing what is missing), type-checks, then
# runs every test against the real components. The lifecycle test runs last: it restarts the stack.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.stack/node/bin:$PATH"

echo "==> make up (install what is missing, start the stack and the services)"
T0=$SECONDS
bash stack/up.sh
echo "    stack up in $((SECONDS - T0))s"

echo "==> type check"
npx --no-install tsc --noEmit -p tsconfig.json

shopt -s globstar nullglob
files=(test/unit/**/*.test.ts test/integration/**/*.test.ts test/issues/**/*.test.ts test/lifecycle/**/*.test.ts)
echo "==> node --test (${#files[@]} files)"
node --test --test-concurrency=1 --test-timeout=600000 "${files[@]}"
