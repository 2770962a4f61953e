#!/usr/bin/env bash
# Regenerates the held-out corpus test/fixtures/go1.{19,23,27}/holdout-relayd/:
# captures of test/go/holdout-relayd (a chat relay the analysis rules were
# not written against) under test/go/holdout-relayd-driver's load, at three
# moments (t1 under load, t2 after the load, t3 after the healthy clients
# left), with GROUND_TRUTH.json. Heavy: run it under the shared lock,
#   flock /tmp/gi-heavy.lock scripts/generateHoldout.sh
# Idempotent: each version is captured from scratch in a temporary
# directory and swapped in only when every ground-truth check passed.
# Usage: scripts/generateHoldout.sh [go1.19] [go1.23] [go1.27]   (default: all)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
# The offline build environment and the toolchains of go1.19, go1.23, go1.27.
source "$repo/scripts/lib/goToolchains.sh"
source "$repo/scripts/lib/holdoutCapture.sh"

# go1.27 is built from a copy at the first path; the others run from the second.
captureHoldout generateHoldout holdout-relayd /srv/build/relayd /opt/relayd/bin/relayd "$@"
