#!/usr/bin/env bash
# The test command: lint, layering, build, typecheck, unit and real-broker e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=toolchain.sh
source scripts/toolchain.sh
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
pnpm verify
