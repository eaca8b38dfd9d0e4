#!/usr/bin/env bash
# Cluster benchmark: a coordinator and 2 worker JVMs on 127.0.0.1 against PyTorch
# DistributedDataParallel (gloo, 2 processes on 127.0.0.1), in the same run on the same machine.
#
#   bench/cluster.sh [EPOCHS] [TRANSPORT...]
#
# TRANSPORTs (default: link): link is the default set-up (Artery tcp for membership, the data link
# for the steps); aeron-udp is Artery's own aeron-udp transport (an embedded Aeron media driver per
# JVM) with the data link off, so every step goes through Aeron; tcp is Artery tcp alone. Several
# run one after the other against the same DDP run, each a row (issue 16, goal 4). Aeron carries at
# most 16 MiB a message, less than a Fashion-MNIST half (23.7 MB): compare with PARTITIONS=4 (the
# environment variable sets --partitions for every transport, so the math is the same).
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
[ "$epochs" -ge 2 ] || echo "warning: with 1 epoch there is no epoch after the warm-up; the median is epoch 1's" >&2
shift || true
transports=("$@")
[ ${#transports[@]} -eq 0 ] && transports=(link)
for t in "${transports[@]}"; do
  case "$t" in link|aeron-udp|tcp) ;; *) echo "cluster.sh: unknown transport $t (link, aeron-udp, tcp)" >&2; exit 2 ;; esac
done
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
cluster() { # transport: a coordinator and 2 workers, logs and run folder in $out/<transport>/
  local t="$1" dir="$out/$1" p
  local env=()
  case "$t" in
    aeron-udp) env=(ACTORGRAD_TRANSPORT=aeron-udp ACTORGRAD_DATA_LINK=off) ;;
    tcp) env=(ACTORGRAD_TRANSPORT=tcp ACTORGRAD_DATA_LINK=off) ;;
  esac
  mkdir -p "$dir"
  echo "actorgrad ($t): coordinator + 2 worker JVMs on 127.0.0.1:$port..." >&2
  env ${env[@]+"${env[@]}"} "${timed[@]}" "$home/trainer" worker --join "127.0.0.1:$port" > "$dir/worker-1.log" 2>&1 & pids+=($!)
  env ${env[@]+"${env[@]}"} "${timed[@]}" "$home/trainer" worker --join "127.0.0.1:$port" > "$dir/worker-2.log" 2>&1 & pids+=($!)
  env ${env[@]+"${env[@]}"} "${timed[@]}" "$home/trainer" coordinator --data "$data" --dataset fashion-mnist --min-workers 2 \
    --bind "127.0.0.1:$port" --epochs "$epochs" --validation 0 --batch-size 128 --lr 0.1 --optimizer sgd \
    ${PARTITIONS:+--partitions "$PARTITIONS"} \
    --run-dir "$dir/run" --no-progress > "$dir/coordinator.log" 2>&1 || { cat "$dir"/*.log >&2; exit 1; }
  for p in "${pids[@]}"; do wait "$p" || { cat "$dir"/*.log >&2; exit 1; }; done
  pids=()
}
for t in "${transports[@]}"; do cluster "$t"; done

/usr/bin/python3 - "$out" "${transports[@]}" <<'PY'
import json, re, statistics, sys
out, transports = sys.argv[1], sys.argv[2:]

def median_epoch(seconds):  # bench/cnn.sh's rule: epoch 1 is warm-up, unless it is the only one
    return statistics.median(seconds[1:] if len(seconds) > 1 else seconds)

names = {"link": "actorgrad coordinator + 2 workers", "aeron-udp": "actorgrad, Artery aeron-udp, no link",
         "tcp": "actorgrad, Artery tcp, no link"}
ddp = json.load(open(f"{out}/ddp.json"))
ddp_s = median_epoch(ddp["epoch_s"])
print(f"{'':38} {'s/epoch':>8} {'x DDP':>6} {'test acc':>9}")
print(f"{'PyTorch DDP gloo, 2 x 64':38} {ddp_s:8.3f} {1:6.2f} {ddp['acc'][str(len(ddp['epoch_s']))]:9.4f}")
details = []
for t in transports:
    d = f"{out}/{t}"
    lines = [json.loads(l) for l in open(f"{d}/run/metrics.jsonl")]
    epochs = [l for l in lines if "epoch" in l]
    ag_s = median_epoch([e["seconds"] for e in epochs])
    print(f"{names[t]:38} {ag_s:8.3f} {ag_s / ddp_s:6.2f} {lines[-1]['test_accuracy']:9.4f}")
    log = open(f"{d}/coordinator.log").read()
    wire = re.search(r"per step ([\d,]+) bytes of weights and positions out, ([\d,]+) bytes of gradients in", log)
    if wire:
        out_b, in_b = (int(g.replace(",", "")) for g in wire.groups())
        details.append(f"{t}: bytes per step: {out_b:,} out (weights + positions to 2 workers), {in_b:,} in "
                       f"(2 gradients); {out_b + in_b:,} total")
    sha = re.search(r"weights sha256: ([0-9a-f]+)", log)
    details.append(f"{t}: epoch seconds {[round(e['seconds'], 3) for e in epochs]}; weights {sha.group(1)[:12] if sha else '-'}")
    cpu = {}
    for name in ("coordinator", "worker-1", "worker-2"):
        found = re.findall(r"^cpu ([\d.]+) ([\d.]+)$", open(f"{d}/{name}.log").read(), re.M)
        if found:
            cpu[name] = sum(map(float, found[-1]))
    if cpu:
        steps = sum(e["steps"] for e in epochs)
        details.append(f"{t}: CPU seconds (user + sys, whole process, start-up included): "
                       + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()) + f" ({steps} steps)")
print("DDP epoch seconds", ddp["epoch_s"])
print("\n".join(details))
PY
