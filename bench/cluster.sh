#!/usr/bin/env bash
# Cluster benchmark: a coordinator and 2 worker JVMs on 127.0.0.1 against PyTorch
# DistributedDataParallel (gloo, 2 processes on 127.0.0.1), in the same run on the same machine.
#
#   bench/cluster.sh [EPOCHS]
#
# Fashion-MNIST, all 60,000 training images (--validation 0, as the anchor does), the default
# network (784-128-10), SGD lr 0.1, global batch 128: 64 per worker / per DDP process. Prints the
# median epoch time (epoch 1 excluded as warm-up), the test accuracy, and actorgrad's bytes per
# step on the wire (the coordinator's own count: weights out to the workers, gradients in), and,
# where /usr/bin/time exists, each JVM's CPU seconds: three JVMs on a 2-core machine are CPU-bound,
# so CPU per step is what the step overhead costs.
# Needs Debian's python3-torch, python3-numpy and libopenblas0-pthread (../shared/anchors/README.md).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchors="${ANCHORS:-$home/../shared/anchors}"
data="${DATA:-$home/../shared/datasets/fashion-mnist}"
epochs="${1:-5}"
port="${PORT:-25520}"
out="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$out"
}
trap cleanup EXIT

# Build the jar once, before three launchers race to build it.
"$home/trainer" --version > /dev/null

echo "PyTorch DDP (gloo), 2 processes x 64..." >&2
(cd "$anchors" && OPENBLAS_NUM_THREADS=1 GLOO_SOCKET_IFNAME=lo /usr/bin/python3 ddp_gloo.py --batch 64 --epochs "$epochs" --data fashion) > "$out/ddp.json"

timed=()
[ -x /usr/bin/time ] && timed=(/usr/bin/time -f "cpu %U %S")
echo "actorgrad: coordinator + 2 worker JVMs on 127.0.0.1:$port..." >&2
"${timed[@]}" "$home/trainer" worker --join "127.0.0.1:$port" > "$out/worker-1.log" 2>&1 & pids+=($!)
"${timed[@]}" "$home/trainer" worker --join "127.0.0.1:$port" > "$out/worker-2.log" 2>&1 & pids+=($!)
"${timed[@]}" "$home/trainer" coordinator --data "$data" --dataset fashion-mnist --min-workers 2 --bind "127.0.0.1:$port" \
  --epochs "$epochs" --validation 0 --batch-size 128 --lr 0.1 --optimizer sgd --run-dir "$out/run" \
  --no-progress > "$out/coordinator.log" 2>&1 || { cat "$out"/*.log >&2; exit 1; }
for p in "${pids[@]}"; do wait "$p" || { cat "$out"/*.log >&2; exit 1; }; done
pids=()

/usr/bin/python3 - "$out" <<'PY'
import json, re, statistics, sys
out = sys.argv[1]
ddp = json.load(open(f"{out}/ddp.json"))
ddp_s = statistics.median(ddp["epoch_s"][1:])
lines = [json.loads(l) for l in open(f"{out}/run/metrics.jsonl")]
epochs = [l for l in lines if "epoch" in l]
ag_s = statistics.median(e["seconds"] for e in epochs[1:])
log = open(f"{out}/coordinator.log").read()
wire = re.search(r"per step ([\d,]+) bytes of weights and positions out, ([\d,]+) bytes of gradients in", log)
out_b, in_b = (int(g.replace(",", "")) for g in wire.groups())
print(f"{'':34} {'s/epoch':>8} {'x DDP':>6} {'test acc':>9}")
print(f"{'PyTorch DDP gloo, 2 x 64':34} {ddp_s:8.3f} {1:6.2f} {ddp['acc'][str(ddp_epochs := len(ddp['epoch_s']))]:9.4f}")
print(f"{'actorgrad coordinator + 2 workers':34} {ag_s:8.3f} {ag_s / ddp_s:6.2f} {lines[-1]['test_accuracy']:9.4f}")
print(f"actorgrad bytes per step: {out_b:,} out (weights + positions to 2 workers), {in_b:,} in (2 gradients); "
      f"{out_b + in_b:,} total")
print("epoch seconds: actorgrad", [round(e["seconds"], 3) for e in epochs], "DDP", ddp["epoch_s"])
cpu = {}
for name in ("coordinator", "worker-1", "worker-2"):
    found = re.findall(r"^cpu ([\d.]+) ([\d.]+)$", open(f"{out}/{name}.log").read(), re.M)
    if found:
        cpu[name] = sum(map(float, found[-1]))
if cpu:
    steps = sum(e["steps"] for e in epochs)
    print("CPU seconds (user + sys, whole process, start-up included):",
          ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()),
          f"({steps} steps)")
PY
