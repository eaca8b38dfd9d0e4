#!/usr/bin/env bash
# How often a local CNN run's kernels end up compiled with boxed vectors (issue 17): RUNS short
# runs (MNIST 3,000, 2 epochs, batch 64, each a fresh JVM; bench/cnn-run-cpu.sh's CnnRunCpu), each
# reported by its last epoch's compute-thread CPU per step and the bytes those threads allocated
# per step. A healthy run allocates almost nothing per step; one whose Vector API tiles were
# compiled with boxed accumulators allocates megabytes per step (tile4x4: ~15 MB at batch 64), and
# one caught by the tile6x4 add-branch deoptimisation (recompiled with every accumulator boxed)
# ~2 GB and runs ~7x slower: "trapped" below (more than 3x the fastest run's CPU per step). JFR
# tells which tile: JAVA_OPTS=-XX:StartFlightRecording=filename=x.jfr,settings=profile, then
# jfr print --events jdk.ObjectAllocationSample.
#   bench/cnn-jit-trap.sh [RUNS] [WORKERS]      defaults: 10 runs, 1 worker
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
workers=${2:-1}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "error: RUNS must be a positive integer, found '$runs'" >&2; exit 2; }
[[ "$workers" =~ ^[1-9][0-9]*$ ]] || { echo "error: WORKERS must be a positive integer, found '$workers'" >&2; exit 2; }
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
echo "# $(date -u '+%F %T UTC'), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs at --workers $workers"
results=()
for r in $(seq 1 "$runs"); do
  line=$(java ${JAVA_OPTS:-} --add-modules jdk.incubator.vector -cp "$cp" org.actorgrad.model.bench.CnnRunCpu \
    "$workers" 2 64 3000 2>&1 | grep -E '^2 ' || true)
  [ -n "$line" ] || { echo "error: run $r printed no second epoch" >&2; exit 1; }
  cpu=$(awk '{print $5}' <<<"$line")
  kb=$(grep -oE 'compute [0-9]+' <<<"$line" | awk '{print $2}')
  echo "run $r: compute $cpu ms/step, allocated $kb KB/step"
  results+=("$cpu")
done
printf '%s\n' "${results[@]}" | awk '{v[NR]=$1; if (NR==1 || $1<min) min=$1} END {n=0; for (i in v) if (v[i] > 3*min) n++; printf "trapped: %d of %d runs (above 3x the fastest, %.2f ms/step)\n", n, NR, min}'
