#!/usr/bin/env bash
# "Run it": sets up what is missing, packages the extension and serves it in a real VS Code
# (code-server) on http://127.0.0.1:${PORT:-8080} with the leaky demo Go service running.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
bash scripts/provisionVscode.sh >/dev/null
mkdir -p .tmp/demo
vsix="$root/.tmp/demo/goroutine-inspector.vsix"
echo "demo: packaging the extension" >&2
npx --no-install vsce package --no-dependencies --out "$vsix" >/dev/null
exec node --import tsx scripts/demo.ts "$vsix"
