#!/usr/bin/env bash
# Regenerates the third held-out corpus test/fixtures/go1.{19,23,27}/holdout-flagd/:
# captures of test/go/holdout-flagd (a feature-flag server whose clients
# talk HTTP/2 over TLS, written blind: its author read no analysis rule,
# and the rule writers have not seen it) under
# test/go/holdout-flagd-driver's load, at three
# moments (t1 under load, t2 after the load, t3 after the healthy clients
# left), with GROUND_TRUTH.json. Heavy: run it under the shared lock,
#   flock /tmp/gi-heavy.lock scripts/generateHoldoutFlagd.sh
# Idempotent: each version is captured from scratch in a temporary
# directory and swapped in only when every ground-truth check passed.
# Usage: scripts/generateHoldoutFlagd.sh [go1.19] [go1.23] [go1.27]   (default: all)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$repo/test/fixtures"
# The offline build environment and the toolchains of go1.19, go1.23, go1.27.
source "$repo/scripts/lib/goToolchains.sh"

# go1.27 is built without -trimpath from a copy of the sources under this
# path ("another machine": absolute foreign paths in every stack); the
# others are built with -trimpath and run from trimmed_bin, the path their
# proto mappings name.
untrimmed_src=/home/ci/work/flagd
trimmed_bin=/usr/local/lib/flagd/flagd

goVersions "$@"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The driver only runs here; any toolchain builds it.
(cd "$repo/test/go/holdout-flagd-driver" && /usr/bin/go build -o "$work/flagd-driver" .)

for v in "${versions[@]}"; do
  go="$(toolchainFor generateHoldoutFlagd "$v")"
  echo "== $v ($("$go" version))"
  start=$SECONDS
  if [ "$v" = go1.27 ]; then
    rm -rf "$untrimmed_src"
    mkdir -p "$(dirname "$untrimmed_src")"
    cp -r "$repo/test/go/holdout-flagd" "$untrimmed_src"
    src="$untrimmed_src"; bin="$untrimmed_src/flagd"; trim=()
    note="$v, CGO_ENABLED=0 go build (no -trimpath) in $src; GODEBUG=tracebacklabels=1"
    extra_env=(GODEBUG=tracebacklabels=1); extra_flags=(-goroutineleak)
  else
    src="$repo/test/go/holdout-flagd"; bin="$trimmed_bin"; trim=(-trimpath)
    note="$v, CGO_ENABLED=0 go build -trimpath, run from $trimmed_bin"
    extra_env=(); extra_flags=()
  fi
  mkdir -p "$(dirname "$bin")"
  (cd "$src" && "$go" build ${trim[@]+"${trim[@]}"} -o "$bin" .)

  out="$work/$v"
  ok=
  for attempt in 1 2 3; do
    rm -rf "$out"; mkdir -p "$out"
    if env ${extra_env[@]+"${extra_env[@]}"} "$work/flagd-driver" -bin "$bin" -dir "$src" -out "$out" \
         -build "$note" ${extra_flags[@]+"${extra_flags[@]}"}; then ok=1; break; fi
    echo "generateHoldoutFlagd: $v attempt $attempt failed its checks, retrying" >&2
  done
  [ -n "$ok" ] || { echo "generateHoldoutFlagd: $v failed 3 times" >&2; exit 1; }

  rm -rf "${fixtures:?}/$v/holdout-flagd"
  mkdir -p "$fixtures/$v"
  mv "$out" "$fixtures/$v/holdout-flagd"
  echo "== $v done in $((SECONDS - start)) s: $(du -sh "$fixtures/$v/holdout-flagd" | cut -f1)"
done
du -ch "$fixtures"/go1.*/holdout-flagd | tail -1
