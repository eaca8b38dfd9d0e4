#!/usr/bin/env bash
# Runs the kernel JMH benchmarks on one thread and prints GFLOP/s next to JMH's times.
#   bench/jmh.sh [JAVA_HOME] [JMH options...]     e.g. bench/jmh.sh /usr/lib/jvm/temurin-25-jdk-amd64 -f 1 -wi 3 -i 5
# Test classes are compiled with the default JDK (./mvnw test-compile); the benchmark runs on the
# given JDK (default: the java on PATH, Java 17 here). Set ACTORGRAD_KERNEL=scalar to time the scalar path.
set -euo pipefail
cd "$(dirname "$0")/.."

java_bin=java
if [[ $# -gt 0 && -d "$1" ]]; then
  java_bin="$1/bin/java"
  shift
fi
jmh_opts=("$@")
if [[ ${#jmh_opts[@]} -eq 0 ]]; then
  jmh_opts=(-f 1 -wi 3 -i 5)
fi

./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"

kernel_prop=()
if [[ -n "${ACTORGRAD_KERNEL:-}" ]]; then
  kernel_prop=(-jvmArgsAppend "-Dactorgrad.kernel=$ACTORGRAD_KERNEL")
fi
csv=target/jmh-result.csv
"$java_bin" --add-modules jdk.incubator.vector -cp "$cp" org.openjdk.jmh.Main \
  'org.actorgrad.kernel.bench.*' -rf csv -rff "$csv" "${kernel_prop[@]}" "${jmh_opts[@]}"

# GFLOP/s from the measured microseconds per operation. Two counts for the training step:
# "nominal" is 3 x forward, 2*B*(784*128 + 128*10) per forward (backward counted as twice forward);
# "executed" is what the step really multiplies: the first layer's backward skips dx.
echo
echo "GFLOP/s ($("$java_bin" -version 2>&1 | head -1))"
awk -F, 'NR > 1 {
  gsub(/"/, "");
  name = $1; sub(/.*\./, "", name); us = $5; b = $8;
  fwd = 2 * b * (784 * 128 + 128 * 10);
  if (name == "trainingStep") {
    nominal = 3 * fwd; executed = fwd + 2 * b * 784 * 128 + 2 * b * 2 * 128 * 10;
    printf "%-14s batch %3d  %9.1f us/op  %6.1f GFLOP/s nominal  %6.1f GFLOP/s executed\n", name, b, us, nominal / us / 1e3, executed / us / 1e3;
  } else if (name == "forwardGemm") {
    printf "%-14s batch %3d  %9.1f us/op  %6.1f GFLOP/s\n", name, b, us, 2 * b * 784 * 128 / us / 1e3;
  } else if (name == "backwardGemm") {
    printf "%-14s batch %3d  %9.1f us/op  %6.1f GFLOP/s (dW and dx)\n", name, b, us, 4 * b * 784 * 128 / us / 1e3;
  }
}' "$csv"
