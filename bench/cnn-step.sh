#!/usr/bin/env bash
# A CNN training step as a worker thread runs it, per window of steps: thread CPU and bytes
# allocated per step (see CnnStepRun). For where a step's time goes beyond the kernels.
#   bench/cnn-step.sh [BATCH] [PARTITIONS] [STEPS] [WINDOW] [plain|run] [THREADS]     JAVA_OPTS=... for JVM options
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
java ${JAVA_OPTS:-} --add-modules jdk.incubator.vector ${ACTORGRAD_KERNEL:+-Dactorgrad.kernel=$ACTORGRAD_KERNEL} \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.actorgrad.model.bench.CnnStepRun "$@" 2>&1 \
  | grep -v 'incubator modules'
