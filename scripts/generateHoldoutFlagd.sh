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
# The offline build environment and the toolchains of go1.19, go1.23, go1.27.
source "$repo/scripts/lib/goToolchains.sh"
source "$repo/scripts/lib/holdoutCapture.sh"

# go1.27 is built from a copy at the first path; the others run from the second.
captureHoldout generateHoldoutFlagd holdout-flagd /home/ci/work/flagd /usr/local/lib/flagd/flagd "$@"
