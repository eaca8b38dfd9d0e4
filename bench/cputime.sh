#!/usr/bin/env bash
# Times the benchmark's operations by thread CPU time (for loaded, shared machines; see CpuTimeRun).
#   bench/cputime.sh [JAVA_HOME]
set -euo pipefail
cd "$(dirname "$0")/.."
java_bin=java
if [[ $# -gt 0 && -d "$1" ]]; then
  java_bin="$1/bin/java"
fi
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
"$java_bin" --add-modules jdk.incubator.vector ${ACTORGRAD_KERNEL:+-Dactorgrad.kernel=$ACTORGRAD_KERNEL} \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.actorgrad.kernel.bench.CpuTimeRun 2>&1 \
  | grep -v 'incubator modules'
