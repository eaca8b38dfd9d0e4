#!/usr/bin/env bash
# Every row of the speed table (issue 16) in one run, both sides started here: the dense products
# against OpenBLAS (bench/kernel.sh), whole local epochs against PyTorch (bench/epochs.sh), and a
# coordinator with 2 worker JVMs against PyTorch DDP (bench/cluster.sh), a small CNN run against
# PyTorch and DDP (bench/cnn.sh; the full one is bench/cnn.sh 5), preceded by the date, the
# JDKs, the core count and the load average, and the load again at the end. The whole-process row
# (bench/startup.sh) times start-up, data load and JIT warm-up too: issue 16's time to a result.
# Only a ratio measured in one run counts: the machines drift 1.5-2x between days. README's table is this output, pasted
# whole from a quiet machine (load average below 1 at the start and the end).
#   bench/compare.sh [EPOCHS]     EPOCHS for the whole-run rows (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-5}
java25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "java:  $(java -version 2>&1 | head -1); $("$java25/bin/java" -version 2>&1 | head -1)"
echo "cpu:   $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"
echo
echo "== dense products, one thread, thread CPU time (bench/kernel.sh 3) =="
bench/kernel.sh 3
echo
# The step's dispatch (config/local.conf) beside the default (the coordinator beside the workers on
# the compute pool, nothing spins): the coordinator on a pool of its own (the default until
# 2026-12-07, better on a machine kept busy by other work), and idle compute threads spinning 50 us.
own=ACTORGRAD_COORDINATOR_DISPATCHER=pekko.actor.default-dispatcher
spin=ACTORGRAD_SPIN=50us
echo "== Fashion-MNIST 60k, 784-128-10, SGD 0.1, batch 64, $epochs epochs (bench/epochs.sh $epochs 1 2 8, then step dispatch settings) =="
bench/epochs.sh "$epochs" 1 2 8 "1:$own" "2:$own" "2:$spin"
echo
echo "== time to a result: whole ./trainer --workers 2 vs whole PyTorch script, $epochs epochs (bench/startup.sh 3 $epochs warmup cds) =="
bench/startup.sh 3 "$epochs" warmup cds
echo
echo "== coordinator + 2 worker JVMs on 127.0.0.1 vs PyTorch DDP gloo, global batch 128 (bench/cluster.sh $epochs) =="
bench/cluster.sh "$epochs"
echo
echo "== CNN (issue 17) on MNIST 10k, SGD 0.1, batch 64, 3 epochs, against PyTorch and DDP (bench/cnn.sh 3 mnist sgd) =="
bench/cnn.sh 3 mnist sgd
echo
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
