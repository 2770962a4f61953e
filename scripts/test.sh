#!/usr/bin/env bash
# "Test it": sets up what is missing (scripts/setup.sh), provisions the real VS Code
# (scripts/provisionVscode.sh, cached), then runs every test -- unit, integration inside the
# extension host, UI in Chromium -- through one node:test run whose summary ends the output.
# Arguments pass through to scripts/runTests.mjs (e.g. `unit`, `e2e`, or test files).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
bash scripts/provisionVscode.sh >/dev/null
exec node scripts/runTests.mjs "$@"
