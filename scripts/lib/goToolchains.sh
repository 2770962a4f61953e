# shellcheck shell=bash
# What the capture scripts (scripts/generate*.sh) share, sourced after
# `set -euo pipefail`: the offline build environment (no module proxy, no
# toolchain download, no cgo, two cores like CI), the Go toolchains the
# fixtures are made with, and the versions a run asks for.
#   source "$repo/scripts/lib/goToolchains.sh"
#   goVersions "$@"                       # sets versions (default: all three)
#   go="$(toolchainFor SCRIPT "$v")"      # the version's go, or fails naming SCRIPT

export GOTOOLCHAIN=local GOPROXY=off GOFLAGS= CGO_ENABLED=0 GOMAXPROCS=2
unset GODEBUG GOTRACEBACK

declare -A toolchain=(
  [go1.19]=/usr/bin/go
  [go1.23]=/usr/lib/go-1.23/bin/go
  [go1.27]=/usr/lib/go-1.27/bin/go
)

# goVersions ARGS...: the versions named on the command line, or all.
goVersions() {
  versions=("$@")
  [ ${#versions[@]} -gt 0 ] || versions=(go1.19 go1.23 go1.27)
}

# toolchainFor SCRIPT VERSION: prints the go command of VERSION; an unknown
# version or a missing toolchain is an error that names the script.
toolchainFor() {
  local go="${toolchain[$2]:-}"
  [ -x "$go" ] || { echo "$1: no toolchain for $2 at '${go}'" >&2; return 1; }
  echo "$go"
}
