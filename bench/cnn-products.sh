#!/usr/bin/env bash
# The floor of a CNN step on this kernel: issue 17's MNIST CNN's matrix products alone (the shapes
# Conv2d and Dense use, with their GFLOP/s) beside a whole gradient step, by thread CPU time; the
# step's time beyond their sum is lowering, pooling, activations and copies (see CnnProductsRun).
#   bench/cnn-products.sh [BATCH]     ACTORGRAD_KERNEL=scalar for the scalar path, JAVA_OPTS=...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_test_class org.actorgrad.kernel.CnnProductsRun "$@"
