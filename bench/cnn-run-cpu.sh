#!/usr/bin/env bash
# A whole local CNN run in one JVM, its CPU per step split by thread group per epoch, and the bytes
# each group allocated per step (see CnnRunCpu): where a step's time goes beyond the kernels.
#   bench/cnn-run-cpu.sh [WORKERS] [EPOCHS] [BATCH] [LIMIT] [THREADS]     JAVA_OPTS=... for JVM options
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_test_class org.actorgrad.model.bench.CnnRunCpu "$@"
