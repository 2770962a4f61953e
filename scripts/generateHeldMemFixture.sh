#!/usr/bin/env bash
# Regenerates test/fixtures/heldmem/<version>/ with test/go/heldmem: a capture (goroutine debug=2
# and proto, heap after a GC) of leaked goroutines that each keep an allocation of a known size,
# and truth.json. Built with -trimpath (stack paths read example.com/heldmem/main.go) by Debian's
# Go 1.23 and 1.27, GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=0 GOMAXPROCS=2. A version's folder
# is replaced only when its run succeeded.
# Usage: scripts/generateHeldMemFixture.sh [go1.23] [go1.27]   (default: both)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
export GOTOOLCHAIN=local GOPROXY=off GOFLAGS= CGO_ENABLED=0 GOMAXPROCS=2
unset GODEBUG GOTRACEBACK
declare -A toolchain=([go1.23]=/usr/lib/go-1.23/bin/go [go1.27]=/usr/lib/go-1.27/bin/go)
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(go1.23 go1.27)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for v in "${versions[@]}"; do
  go="${toolchain[$v]:-}"
  [ -x "$go" ] || { echo "generateHeldMemFixture: no toolchain for $v" >&2; exit 1; }
  (cd "$repo/test/go/heldmem" && "$go" build -trimpath -o "$work/heldmem-$v" .)
  "$work/heldmem-$v" -out "$work/$v"
  rm -rf "$repo/test/fixtures/heldmem/$v"
  mkdir -p "$repo/test/fixtures/heldmem"
  mv "$work/$v" "$repo/test/fixtures/heldmem/$v"
done
