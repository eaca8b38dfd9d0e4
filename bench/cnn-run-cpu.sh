#!/usr/bin/env bash
# A whole local CNN run in one JVM, its CPU per step split by thread group per epoch, and the bytes
# each group allocated per step (see CnnRunCpu): where a step's time goes beyond the kernels.
#   bench/cnn-run-cpu.sh [WORKERS] [EPOCHS] [BATCH] [LIMIT] [THREADS]     JAVA_OPTS=... for JVM options
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
java ${JAVA_OPTS:-} --add-modules jdk.incubator.vector ${ACTORGRAD_KERNEL:+-Dactorgrad.kernel=$ACTORGRAD_KERNEL} \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.actorgrad.model.bench.CnnRunCpu "$@" 2>&1 \
  | grep -v 'incubator modules'
