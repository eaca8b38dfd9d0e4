#!/usr/bin/env bash
# How much of a worker's slowdown at --workers 2 the hardware (two cores computing at once) and the
# halved batch (2 x 32 against 64) explain, inside one JVM so that the host's speed phases fall on
# both sides (see CnnContentionRun). Diagnostics, not a comparison with an anchor.
#   bench/cnn-contention.sh [ROUNDS] [CALLS]     JAVA_OPTS=... for JVM options
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_test_class org.actorgrad.model.bench.CnnContentionRun "$@"
