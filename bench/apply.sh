#!/usr/bin/env bash
# The coordinator's serial apply per step (mean, finiteness check, optimiser update) at the default
# network's size, the old four passes against today's two, in thread CPU time (usable on a busy
# machine): bench/apply.sh [ROUNDS]. See src/test/java/org/actorgrad/training/bench/StepApplyBenchmark.java.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
echo "$(date -u '+%F %T UTC')  $(java -version 2>&1 | head -1)  nproc $(nproc)  load $(cut -d' ' -f1-3 /proc/loadavg)"
java --add-modules jdk.incubator.vector -cp "$cp" org.actorgrad.training.bench.StepApplyBenchmark "${1:-15}" 2>&1 \
  | grep -v "incubator"
