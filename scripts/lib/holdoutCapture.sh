# shellcheck shell=bash
# The capture loop of the held-out corpora (scripts/generateHoldout*.sh), sourced after
# `set -euo pipefail` and scripts/lib/goToolchains.sh:
#   captureHoldout SCRIPT NAME UNTRIMMED_SRC TRIMMED_BIN [go1.19] [go1.23] [go1.27]
# builds test/go/NAME-driver, then per version builds test/go/NAME and lets the driver capture it
# into a temporary directory (up to 3 attempts, each checked against its ground truth), and only
# then swaps it in as test/fixtures/<version>/NAME. go1.27 is built without -trimpath from a copy
# of the sources at UNTRIMMED_SRC ("another machine": foreign absolute paths in every stack),
# with GODEBUG=tracebacklabels=1 and the goroutineleak profile; the others are built with
# -trimpath and run from TRIMMED_BIN, the path their proto mappings name.
captureHoldout() {
  local script=$1 name=$2 untrimmed_src=$3 trimmed_bin=$4
  shift 4
  local fixtures="$repo/test/fixtures" work
  goVersions "$@"
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand $work now: the function's locals are gone at exit
  trap "rm -rf '$work'" EXIT

  # The driver only runs here; any toolchain builds it.
  (cd "$repo/test/go/$name-driver" && /usr/bin/go build -o "$work/driver" .)

  local v go start src bin note out ok attempt
  local -a trim extra_env extra_flags
  for v in "${versions[@]}"; do
    go="$(toolchainFor "$script" "$v")"
    echo "== $v ($("$go" version))"
    start=$SECONDS
    if [ "$v" = go1.27 ]; then
      rm -rf "$untrimmed_src"
      mkdir -p "$(dirname "$untrimmed_src")"
      cp -r "$repo/test/go/$name" "$untrimmed_src"
      src="$untrimmed_src"; bin="$untrimmed_src/$(basename "$trimmed_bin")"; trim=()
      note="$v, CGO_ENABLED=0 go build (no -trimpath) in $src; GODEBUG=tracebacklabels=1"
      extra_env=(GODEBUG=tracebacklabels=1); extra_flags=(-goroutineleak)
    else
      src="$repo/test/go/$name"; bin="$trimmed_bin"; trim=(-trimpath)
      note="$v, CGO_ENABLED=0 go build -trimpath, run from $trimmed_bin"
      extra_env=(); extra_flags=()
    fi
    mkdir -p "$(dirname "$bin")"
    (cd "$src" && "$go" build ${trim[@]+"${trim[@]}"} -o "$bin" .)

    out="$work/$v"
    ok=
    for attempt in 1 2 3; do
      rm -rf "$out"; mkdir -p "$out"
      if env ${extra_env[@]+"${extra_env[@]}"} "$work/driver" -bin "$bin" -dir "$src" -out "$out" \
           -build "$note" ${extra_flags[@]+"${extra_flags[@]}"}; then ok=1; break; fi
      echo "$script: $v attempt $attempt failed its checks, retrying" >&2
    done
    [ -n "$ok" ] || { echo "$script: $v failed 3 times" >&2; return 1; }

    rm -rf "${fixtures:?}/$v/$name"
    mkdir -p "$fixtures/$v"
    mv "$out" "$fixtures/$v/$name"
    echo "== $v done in $((SECONDS - start)) s: $(du -sh "$fixtures/$v/$name" | cut -f1)"
  done
  du -ch "$fixtures"/go1.*/"$name" | tail -1
}
