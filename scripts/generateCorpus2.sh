#!/usr/bin/env bash
# Regenerates test/fixtures/go1.{19,23,27}/meteohub/: captures of the second
# corpus service, test/go/meteohub, under test/go/meteocapture's load (t0
# baseline, t1 under load, t2 after the load, t3 after the held clients left)
# with a per-goroutine GROUND_TRUTH.json that the driver checks before
# writing it.
# Idempotent: each version is captured into a temporary directory and
# replaces its meteohub/ only when every check passed (3 attempts).
# Usage: scripts/generateCorpus2.sh [go1.19] [go1.23] [go1.27]   (default: all)
# Heavy job: run it under `flock /tmp/gi-heavy.lock` on a shared machine.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$repo/test/fixtures"
# The offline build environment and the toolchains of go1.19, go1.23, go1.27.
source "$repo/scripts/lib/goToolchains.sh"

# go1.27 is built without -trimpath from a copy under this path, so its
# stacks carry absolute paths of "another developer's machine"; the others
# use -trimpath and run from /home/ci/bin (the path their proto mappings name).
untrimmed_root=/home/dev/src

goVersions "$@"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The driver only needs to run here; any toolchain builds it.
(cd "$repo/test/go/meteocapture" && /usr/bin/go build -o "$work/meteocapture" .)

for v in "${versions[@]}"; do
  go="$(toolchainFor generateCorpus2 "$v")"
  echo "== $v ($("$go" version))"
  if [ "$v" = go1.27 ]; then
    mkdir -p "$untrimmed_root"
    rm -rf "$untrimmed_root/meteohub"
    cp -r "$repo/test/go/meteohub" "$untrimmed_root/meteohub"
    src="$untrimmed_root/meteohub"; trim=(); bin="$src/meteohub"
    build_note="$v, CGO_ENABLED=0 go build (no -trimpath) in $src; GODEBUG=tracebacklabels=1"
    leak_flags=(-goroutineleak); env_extra=(GODEBUG=tracebacklabels=1)
  else
    src="$repo/test/go/meteohub"; trim=(-trimpath); bin=/home/ci/bin/meteohub
    build_note="$v, CGO_ENABLED=0 go build -trimpath"
    leak_flags=(); env_extra=()
  fi
  mkdir -p "$(dirname "$bin")"
  (cd "$src" && "$go" vet ./... && "$go" build "${trim[@]}" -o "$bin" .)

  out="$work/$v/meteohub"
  ok=
  for attempt in 1 2 3; do
    rm -rf "$out"; mkdir -p "$out"
    if env "${env_extra[@]}" "$work/meteocapture" -bin "$bin" -dir "$src" -out "$out" \
         -build "$build_note" "${leak_flags[@]}"; then ok=1; break; fi
    echo "generateCorpus2: $v capture attempt $attempt failed its checks, retrying" >&2
  done
  [ -n "$ok" ] || { echo "generateCorpus2: $v capture failed 3 times" >&2; exit 1; }

  mkdir -p "$fixtures/$v"
  rm -rf "${fixtures:?}/$v/meteohub"
  mv "$out" "$fixtures/$v/meteohub"
  echo "== $v done: $(du -sh "$fixtures/$v/meteohub" | cut -f1)"
done
du -shc "$fixtures"/go1.*/meteohub
