#!/usr/bin/env bash
# Regenerates test/fixtures/go1.{19,23,27}/pasted/ and profiles/ from the programs in test/go/crashers.
# pasted/:
# real runtime output (a runtime.Stack dump, a GOTRACEBACK=all crash, `go test -race`
# reports, a `go test -timeout` dump of hanging parallel tests, GODEBUG=tracebackancestors,
# a dump logged by t.Logf under `go test -v`) and what test/go/pastekit derives from the dump
# and the crash (expanded tabs, indentation, quoting, CRLF, kubectl/journalctl/timestamp
# prefixes, damaged and cut lines), with GROUND_TRUTH.json written by pastekit's own parser.
# profiles/: a CPU profile and block and mutex profiles (nanoseconds and counts) of `crashers
# profiles`, each with `go tool pprof -top` of every sample type as `NAME.TYPE.top.txt`.
# Idempotent: each version is built in a temporary directory and replaces only its pasted/ and
# profiles/ folders, and only once every check passed. Heavy: run it under `flock /tmp/gi-heavy.lock`.
# Usage: scripts/generateParseFixtures.sh [go1.19] [go1.23] [go1.27]   (default: all)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$repo/test/fixtures"
# The offline build environment and the toolchains of go1.19, go1.23, go1.27.
source "$repo/scripts/lib/goToolchains.sh"

# As in generateFixtures.sh: go1.27 builds without -trimpath from a copy under this path
# (absolute paths of "another machine"), the others with -trimpath.
untrimmed_root=/home/ci/src

goVersions "$@"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$repo/test/go/pastekit" && /usr/bin/go build -o "$work/pastekit" .)

# expect FILE PATTERN COUNT: FILE has at least COUNT lines matching PATTERN.
expect() {
  local n; n=$(grep -c -- "$2" "$1" || true)
  [ "$n" -ge "$3" ] || { echo "generateParseFixtures: $1 has $n lines matching '$2', want >= $3" >&2; cat "$1" >&2; return 1; }
}

for v in "${versions[@]}"; do
  go="$(toolchainFor generateParseFixtures "$v")"
  echo "== $v ($("$go" version))"
  out="$work/$v"; raw="$work/raw-$v"
  mkdir -p "$out" "$raw"
  if [ "$v" = go1.27 ]; then
    mkdir -p "$untrimmed_root"
    rm -rf "$untrimmed_root/crashers"
    cp -r "$repo/test/go/crashers" "$untrimmed_root/crashers"
    src="$untrimmed_root/crashers"; trim=(); labels=(GODEBUG=tracebacklabels=1)
  else
    src="$repo/test/go/crashers"; trim=(-trimpath); labels=()
  fi
  bin="$work/crashers-$v"
  (cd "$src" && "$go" build "${trim[@]}" -o "$bin" .)

  (cd "$src" && env "${labels[@]}" "$bin" dump >"$raw/dump.txt")
  (cd "$src" && env GOTRACEBACK=all "$bin" busy >"$raw/crash.txt" 2>&1) || true
  (cd "$src" && env GODEBUG=tracebackancestors=5 "$bin" ancestors >"$raw/ancestors.txt")
  # The race detector needs cgo (and gcc): for this build only.
  (cd "$src" && CGO_ENABLED=1 "$go" test "${trim[@]}" -race -v -count=1 ./racy >"$raw/race.txt" 2>&1) || true
  (cd "$src" && "$go" test "${trim[@]}" -count=1 -timeout 2s ./hangingtests >"$raw/hang.txt" 2>&1) || true
  (cd "$src" && "$go" test "${trim[@]}" -v -count=1 ./logdump >"$raw/logdump.txt" 2>&1)

  expect "$raw/dump.txt" '^goroutine [0-9]' 8
  expect "$raw/crash.txt" '^panic: ' 1
  expect "$raw/ancestors.txt" '^\[originating from goroutine' 6
  expect "$raw/race.txt" '^WARNING: DATA RACE' 2
  expect "$raw/race.txt" '^--- FAIL: Test' 2
  expect "$raw/hang.txt" '^panic: test timed out after 2s' 1
  expect "$raw/logdump.txt" 'goroutine [0-9]* \[running\]:' 1

  "$work/pastekit" -out "$out" dump="$raw/dump.txt" crash="$raw/crash.txt" race="$raw/race.txt" \
    hang="$raw/hang.txt" ancestors="$raw/ancestors.txt" logdump="$raw/logdump.txt"

  # Profiles in nanoseconds, and pprof's own -top of each sample type (offline: -symbolize=none).
  prof="$work/profiles-$v"; mkdir -p "$prof"
  (cd "$src" && "$bin" profiles "$prof" >/dev/null)
  # `go tool pprof` (Go 1.27 builds it on first use, from GOROOT: no network).
  pprof() { "$go" tool pprof "$@"; }
  for p in cpu block mutex; do
    [ -s "$prof/$p.pb.gz" ] || { echo "generateParseFixtures: $v $p.pb.gz is empty" >&2; exit 1; }
    types=$(pprof -raw -symbolize=none "$prof/$p.pb.gz" 2>/dev/null | sed -n '/^Samples:/{n;p;q}') || true
    [ -n "$types" ] || { echo "generateParseFixtures: $v: go tool pprof -raw printed no sample types for $p" >&2; exit 1; }
    for t in $types; do
      t=${t%%/*}
      pprof -top -nodefraction=0 -symbolize=none -sample_index="$t" "$prof/$p.pb.gz" >"$prof/$p.$t.top.txt" 2>/dev/null
      grep -q 'flat%' "$prof/$p.$t.top.txt" || { echo "generateParseFixtures: no pprof table for $v $p $t" >&2; exit 1; }
    done
  done

  mkdir -p "$fixtures/$v"
  rm -rf "${fixtures:?}/$v/pasted" "${fixtures:?}/$v/profiles"
  mv "$out" "$fixtures/$v/pasted"
  mv "$prof" "$fixtures/$v/profiles"
  echo "== $v done: $(du -sh "$fixtures/$v/pasted" "$fixtures/$v/profiles" | cut -f1 | tr '\n' ' ')"
done
