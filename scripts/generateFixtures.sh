#!/usr/bin/env bash
# Regenerates test/fixtures/go1.{19,23,27}/ from the programs in test/go/:
#   leakyapi/   captures of test/go/leakyapi under test/go/capture's load
#               (t0 baseline, t1, t2 = t1 + 15 s) with GROUND_TRUTH.json
#   tracebacks/ crash-style dumps of test/go/crashers with GROUND_TRUTH.json
# Idempotent: each version's output is rebuilt from scratch in a temporary
# directory and swapped in only when every ground-truth check passed; other
# folders under go1.*/ (meteohub/, pasted/) are left alone.
# Usage: scripts/generateFixtures.sh [go1.19] [go1.23] [go1.27]   (default: all)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$repo/test/fixtures"
# The offline build environment and the toolchains of go1.19, go1.23, go1.27.
source "$repo/scripts/lib/goToolchains.sh"

# go1.27 is built without -trimpath from a copy of the sources under this
# path, so its stacks carry absolute paths of "another machine" and the
# path mapping gets tested; the others use -trimpath (their binary runs from
# /home/ci/bin, the path the proto mappings then name).
untrimmed_root=/home/ci/src

goVersions "$@"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The driver only needs to run here; any toolchain builds it.
(cd "$repo/test/go/capture" && /usr/bin/go build -o "$work/capture" .)

for v in "${versions[@]}"; do
  go="$(toolchainFor generateFixtures "$v")"
  echo "== $v ($("$go" version))"
  out="$work/$v"
  mkdir -p "$out/leakyapi" "$out/tracebacks"

  if [ "$v" = go1.27 ]; then
    mkdir -p "$untrimmed_root"
    rm -rf "$untrimmed_root/leakyapi" "$untrimmed_root/crashers"
    cp -r "$repo/test/go/leakyapi" "$untrimmed_root/leakyapi"
    cp -r "$repo/test/go/crashers" "$untrimmed_root/crashers"
    api_src="$untrimmed_root/leakyapi"; crash_src="$untrimmed_root/crashers"; trim=()
    build_note="$v, CGO_ENABLED=0 go build (no -trimpath) in $api_src; GODEBUG=tracebacklabels=1"
  else
    api_src="$repo/test/go/leakyapi"; crash_src="$repo/test/go/crashers"; trim=(-trimpath)
    build_note="$v, CGO_ENABLED=0 go build -trimpath"
  fi

  # --- leakyapi captures -----------------------------------------------------
  # The runtime records the executable's absolute path in proto mappings:
  # keep it fixed (and not this checkout's) so regenerated files only differ
  # in ids, addresses and timings.
  if [ "$v" = go1.27 ]; then api_bin="$api_src/leakyapi"; else api_bin=/home/ci/bin/leakyapi; fi
  mkdir -p "$(dirname "$api_bin")"
  (cd "$api_src" && "$go" build "${trim[@]}" -o "$api_bin" .)
  leak_flags=(); env_extra=()
  if [ "$v" = go1.27 ]; then leak_flags=(-goroutineleak); env_extra=(GODEBUG=tracebacklabels=1); fi
  ok=
  for attempt in 1 2 3; do
    rm -rf "$out/leakyapi"; mkdir -p "$out/leakyapi"
    if env "${env_extra[@]}" "$work/capture" -bin "$api_bin" -dir "$api_src" -out "$out/leakyapi" \
         -build "$build_note" "${leak_flags[@]}"; then ok=1; break; fi
    echo "generateFixtures: $v capture attempt $attempt failed its checks, retrying" >&2
  done
  [ -n "$ok" ] || { echo "generateFixtures: $v capture failed 3 times" >&2; exit 1; }

  # --- crash-style dumps -----------------------------------------------------
  tb="$out/tracebacks"
  bin="$work/crashers-$v"
  (cd "$crash_src" && "$go" build "${trim[@]}" -o "$bin" .)
  # dump FILE CMD...: run CMD in the crashers module with stdout+stderr into
  # FILE; it must crash with a traceback (retried: a rare run ends without
  # one, seen once with go run).
  dump() {
    local file="$1"; shift
    for attempt in 1 2 3; do
      (cd "$crash_src" && "$@" >"$tb/$file" 2>&1) || true
      grep -q '^goroutine [0-9]' "$tb/$file" && return 0
      echo "generateFixtures: $v $file: no traceback on attempt $attempt" >&2
    done
    cat "$tb/$file" >&2; return 1
  }
  dump panic.txt "$bin" panic
  dump nil_dereference.txt "$bin" nilderef
  dump gotraceback_all.txt env GOTRACEBACK=all "$bin" busy
  dump gotraceback_system.txt env GOTRACEBACK=system "$bin" busy
  dump deadlock.txt "$bin" deadlock
  dump deep_panic.txt "$bin" deep
  dump locked_to_thread.txt env GOTRACEBACK=all "$bin" locked
  (cd "$crash_src" && "$bin" deepdump >"$tb/deep_stack_dump.txt")

  # SIGQUIT to a running program: the runtime's dump on stderr.
  fifo="$work/ready-$v"; mkfifo "$fifo"
  (cd "$crash_src" && exec "$bin" sigquit >"$fifo" 2>"$tb/sigquit.txt") &
  pid=$!
  read -r line <"$fifo"
  [ "$line" = ready ] || { echo "generateFixtures: sigquit scenario said '$line'" >&2; exit 1; }
  kill -QUIT "$pid"; wait "$pid" || true

  # A go test binary killed by -timeout (test output before and after the dump).
  dump test_timeout.txt "$go" test "${trim[@]}" -count=1 -timeout 2s ./testtimeout
  # Log lines before the panic, and go run's "exit status 2" after it.
  dump logs_around_panic.txt "$go" run "${trim[@]}" . logs

  for f in "$tb"/*.txt; do
    grep -q '^goroutine [0-9]' "$f" || { echo "generateFixtures: $f has no goroutine" >&2; cat "$f" >&2; exit 1; }
  done
  "$work/capture" -summarize "$tb/GROUND_TRUTH.json" \
    panic="$tb/panic.txt" nilderef="$tb/nil_dereference.txt" busy_all="$tb/gotraceback_all.txt" \
    busy_system="$tb/gotraceback_system.txt" deadlock="$tb/deadlock.txt" deep_panic="$tb/deep_panic.txt" \
    locked="$tb/locked_to_thread.txt" deep_stack_dump="$tb/deep_stack_dump.txt" sigquit="$tb/sigquit.txt" \
    test_timeout="$tb/test_timeout.txt" logs="$tb/logs_around_panic.txt"

  # Replace only what this script makes: go1.XX/holdout-relayd/ comes from
  # scripts/generateHoldout.sh, meteohub/ from generateCorpus2.sh, pasted/ and profiles/ from
  # generateParseFixtures.sh, and they stay.
  mkdir -p "$fixtures/$v"
  for d in leakyapi tracebacks; do
    rm -rf "${fixtures:?}/$v/$d"
    mv "$out/$d" "$fixtures/$v/$d"
  done
  echo "== $v done: $(du -sh "$fixtures/$v" | cut -f1)"
done
du -sh "$fixtures"
