#!/bin/sh
# Stand-in for the VS Code executable that @vscode/test-electron's runTests spawns (passed as
# vscodeExecutablePath): runs codeServerLauncher.ts, which takes the same flags.
root="$(cd "$(dirname "$0")/../../.." && pwd)"
exec node --import "$root/node_modules/tsx/dist/loader.mjs" "$root/test/integration/launcher/codeServerLauncher.ts" "$@"
