#!/usr/bin/env bash
# A CNN training step as a worker thread runs it, per window of steps: thread CPU and bytes
# allocated per step (see CnnStepRun). For where a step's time goes beyond the kernels.
#   bench/cnn-step.sh [BATCH] [PARTITIONS] [STEPS] [WINDOW] [plain|run] [THREADS]     JAVA_OPTS=... for JVM options
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_test_class org.actorgrad.model.bench.CnnStepRun "$@"
