#!/usr/bin/env bash
# Installs what the README's two commands need, skipping whatever is already there:
#   Debian packages chromium (UI tests, demo), golang-go (Go services), libkrb5-dev (code-server's
#   native modules) through apt-get when running as root; Go 1.27 (golang-1.27-go from Debian sid,
#   pinned low so nothing else leaves bookworm) for the quick-fix proof, which builds the patched
#   programs with Go 1.19 and 1.27; npm packages when node_modules is missing or older than
#   package-lock.json; then `npm run build`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { echo "setup: $*" >&2; }

major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if (( major < 20 )); then
  log "Node.js 20 or newer is needed (found: $(node -v 2>/dev/null || echo none))"
  exit 1
fi

missing=()
for pkg in chromium golang-go libkrb5-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if (( ${#missing[@]} > 0 )); then
  if [[ "$(id -u)" != 0 ]]; then
    log "missing Debian packages: ${missing[*]}"
    log "run this as root, or install them first: sudo apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
  log "installing ${missing[*]} with apt-get"
  apt_install() {
    # Another process (or person) may be using apt: wait for it rather than fail.
    flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
  }
  if ! apt_install "${missing[@]}" >/tmp/goroutine-inspector-apt.log 2>&1; then
    log "apt-get install failed; running apt-get update once and retrying"
    flock /tmp/apt.lock apt-get update -q >>/tmp/goroutine-inspector-apt.log 2>&1
    apt_install "${missing[@]}" >>/tmp/goroutine-inspector-apt.log 2>&1 || {
      log "apt-get install ${missing[*]} failed; see /tmp/goroutine-inspector-apt.log"
      exit 1
    }
  fi
fi

# Go 1.27 (/usr/lib/go-1.27/bin/go) from sid. The source and its pin are added only when no apt
# source lists sid yet; the pin (priority 50) keeps every other package on bookworm, and
# golang-1.27-go installs alone (no libc upgrade).
if [[ ! -x /usr/lib/go-1.27/bin/go ]]; then
  if [[ "$(id -u)" != 0 ]]; then
    log "Go 1.27 is missing (golang-1.27-go from Debian sid); run this as root to install it, or the fix proof test is skipped"
  else
    log "installing golang-1.27-go from Debian sid"
    if ! grep -rqsE '^[[:space:]]*Suites:.*[[:space:]]sid([[:space:]]|$)|^deb[[:space:]].*[[:space:]]sid([[:space:]]|$)' \
      /etc/apt/sources.list /etc/apt/sources.list.d/; then
      uri="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
      printf 'Types: deb\nURIs: %s\nSuites: sid\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "${uri:-http://deb.debian.org/debian}" >/etc/apt/sources.list.d/goroutine-inspector-sid.sources
      printf 'Package: *\nPin: release n=sid\nPin-Priority: 50\n' >/etc/apt/preferences.d/goroutine-inspector-sid.pref
    fi
    {
      flock /tmp/apt.lock apt-get update -q &&
        flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive \
          apt-get install -y -q --no-install-recommends -t sid golang-1.27-go
    } >>/tmp/goroutine-inspector-apt.log 2>&1 || {
      log "installing golang-1.27-go failed; see /tmp/goroutine-inspector-apt.log"
      exit 1
    }
  fi
fi

if [[ ! -d node_modules ]]; then
  log "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
elif [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  # Never npm ci over an existing node_modules: it deletes it first.
  log "package-lock.json changed: updating npm packages (npm install)"
  npm install --no-audit --no-fund --loglevel=error
fi

npm run --silent build
