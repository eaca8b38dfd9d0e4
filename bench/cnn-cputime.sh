#!/usr/bin/env bash
# Where a CNN training step's time goes, by thread CPU time (for loaded, shared machines): the
# issue-17 MNIST CNN at batch 64, a whole gradient step and each kernel (see CnnCpuTimeRun).
#   bench/cnn-cputime.sh [JAVA_HOME] [BATCH]     ACTORGRAD_KERNEL=scalar for the scalar path
# BATCH (default 64) is one engine's share of a step: 32 is a worker's at --workers 2.
set -euo pipefail
cd "$(dirname "$0")/.."
java_bin=java
if [[ $# -gt 0 && -d "$1" ]]; then
  java_bin="$1/bin/java"
  shift
fi
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
"$java_bin" --add-modules jdk.incubator.vector ${ACTORGRAD_KERNEL:+-Dactorgrad.kernel=$ACTORGRAD_KERNEL} \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.actorgrad.kernel.bench.CnnCpuTimeRun "$@" 2>&1 \
  | grep -v 'incubator modules'
