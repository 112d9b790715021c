#!/usr/bin/env bash
# One-line install: Node >= 22.15 and pnpm (cached under ~/.cache/tskafka), Debian test peers,
# workspace dependencies, and the Kafka broker jars resolved by Maven (cached, offline afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=toolchain.sh
source scripts/toolchain.sh
scripts/install-system-deps.sh
if [ -n "${CI:-}" ]; then pnpm install --frozen-lockfile; else pnpm install; fi
pnpm turbo run build --filter=@tskafka/harness --output-logs=errors-only
node e2e/harness/dist/resolve-cli.js
