#!/usr/bin/env bash
# CNN benchmark (issue 17): actorgrad against PyTorch in the same run on the same machine (only
# ratios measured side by side count on a shared machine).
#
#   bench/cnn.sh [EPOCHS] [SETS] [OPTIMIZERS]      e.g. bench/cnn.sh 5 mnist,fashion sgd,adam
#                                                        bench/cnn.sh 2 mnist sgd   (a quick run)
# SETS: mnist (the 10k training digits of ../shared/datasets/mnist) and/or fashion (Fashion-MNIST,
# 60k); OPTIMIZERS: sgd (lr 0.1) and/or adam (lr 0.001). Defaults: 5 epochs, mnist,fashion, sgd,adam.
# CLUSTER=0 skips the coordinator + 2 worker JVMs row. ROUNDS=R (default 1) runs the local rows R
# times, interleaved (PyTorch 1 and 2 threads, actorgrad 1, 2, 2o, then again): each row then shows
# its median over rounds, and each ratio is the median of the rounds' ratios, with the rounds'
# ratios listed (epochs here vary 10-15% from run to run, the anchor's as much).
#
# The network is the classic MNIST CNN of ../shared/anchors/train_torch_cnn.py, as actorgrad's exact
# spec conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax; batch 64,
# all training images (--validation 0, as the anchor does). Per set and optimiser: PyTorch with 1
# and 2 threads, actorgrad --workers 1 and --workers 2, each printing the median epoch (epoch 1
# excluded as warm-up), the test accuracy, the ratio to PyTorch with 2 threads, and for actorgrad
# the process's CPU seconds (user + sys, start-up and test evaluation included) and its peak heap.
# Then each worker's gradient compute and its share of the epoch, the scaling --workers 1 /
# --workers 2 (also with the coordinator on a pool of its own, row "o"), and (first set, first
# optimiser, global batch 128)
# a coordinator + 2 worker JVMs on 127.0.0.1 against PyTorch DDP gloo with 2 processes x 64
# (bench/ddp_cnn.py), with each worker JVM's peak heap.
#
# Peak heap: from the JVM's own GC log (-Xlog:gc and -Xlog:gc+heap+exit): the largest heap
# occupancy before a collection or at exit, so the figure includes garbage not yet collected (an
# upper bound on what the JVM needed); "live" is the largest occupancy after a collection. A local
# run's workers are threads of one JVM: its figure is for the whole run (coordinator included).
# Needs Debian's python3-torch, python3-numpy and libopenblas0-pthread (see ../shared/anchors/README.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
epochs="${1:-5}"
IFS=, read -r -a sets <<< "${2:-mnist,fashion}"
IFS=, read -r -a optimizers <<< "${3:-sgd,adam}"
cluster="${CLUSTER:-1}"
rounds="${ROUNDS:-1}"
port="${PORT:-25530}"
out="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$out"
}
trap cleanup EXIT

require_sets "${sets[@]}"
require_optimizers "${optimizers[@]}"
require_positive EPOCHS "$epochs"
require_positive ROUNDS "$rounds"
[ "$epochs" -ge 2 ] || echo "warning: with 1 epoch there is no epoch after the warm-up; the median is epoch 1's" >&2

timed=()
[ -x /usr/bin/time ] && timed=(/usr/bin/time -f "cpu %U %S")
gclog() { echo "-Xlog:gc:file=$1 -Xlog:gc+heap+exit:file=$1.exit"; }

build_trainer

for s in "${sets[@]}"; do
  for o in "${optimizers[@]}"; do
    for r in $(seq 1 "$rounds"); do
      tag="$s-$o-r$r"
      for t in 1 2; do
        echo "PyTorch CNN, $s, $o, $t thread(s), round $r..." >&2
        (cd "$anchors" && OPENBLAS_NUM_THREADS=$t OMP_WAIT_POLICY=passive /usr/bin/python3 train_torch_cnn.py \
          --threads "$t" --batch 64 --epochs "$epochs" --data "$s" --opt "$o" --lr "$(lr_of "$o")") > "$out/torch-$tag-$t.json"
      done
      # w2o: --workers 2 with the coordinator on a pool of its own (the default until 2026-12-07: see
      # config/local.conf).
      for w in 1 2 2o; do
        echo "actorgrad CNN, $s, $o, --workers $w, round $r..." >&2
        setting=(ACTORGRAD_JAVA_OPTS="$(gclog "$out/gc-$tag-w$w.log")")
        [ "$w" = 2o ] && setting+=(ACTORGRAD_COORDINATOR_DISPATCHER=pekko.actor.default-dispatcher)
        env "${setting[@]}" "${timed[@]}" "$home/trainer" --data "$(data_dir "$s")" \
          --dataset "$(data_name "$s")" --layers "$cnn_layers" --workers "${w%o}" --epochs "$epochs" --validation 0 \
          --batch-size 64 --optimizer "$o" --lr "$(lr_of "$o")" --run-dir "$out/$tag-w$w" --no-progress \
          > "$out/$tag-w$w.log" 2>&1 || { cat "$out/$tag-w$w.log" >&2; exit 1; }
      done
    done
  done
done

if [ "$cluster" != 0 ]; then
  s="${sets[0]}"; o="${optimizers[0]}"
  echo "PyTorch DDP (gloo) CNN, $s, $o, 2 processes x 64..." >&2
  OPENBLAS_NUM_THREADS=1 GLOO_SOCKET_IFNAME=lo ANCHORS="$anchors" /usr/bin/python3 "$home/bench/ddp_cnn.py" \
    --batch 64 --epochs "$epochs" --data "$s" --opt "$o" --lr "$(lr_of "$o")" > "$out/ddp.json"
  echo "actorgrad CNN: coordinator + 2 worker JVMs on 127.0.0.1:$port..." >&2
  for k in 1 2; do
    ACTORGRAD_JAVA_OPTS="$(gclog "$out/gc-worker-$k.log")" "${timed[@]}" "$home/trainer" worker \
      --join "127.0.0.1:$port" > "$out/worker-$k.log" 2>&1 & pids+=($!)
  done
  ACTORGRAD_JAVA_OPTS="$(gclog "$out/gc-coordinator.log")" "${timed[@]}" "$home/trainer" coordinator \
    --data "$(data_dir "$s")" --dataset "$(data_name "$s")" --layers "$cnn_layers" --min-workers 2 --bind "127.0.0.1:$port" \
    --epochs "$epochs" --validation 0 --batch-size 128 --optimizer "$o" --lr "$(lr_of "$o")" \
    --run-dir "$out/cluster" --no-progress > "$out/coordinator.log" 2>&1 || { cat "$out"/*.log >&2; exit 1; }
  for p in "${pids[@]}"; do wait "$p" || { cat "$out"/*.log >&2; exit 1; }; done
  pids=()
fi

/usr/bin/python3 - "$out" "$cluster" "${sets[0]}" "${optimizers[0]}" "${sets[*]}" "${optimizers[*]}" "$rounds" <<'PY'
import glob, json, os, re, statistics, sys
out, cluster, first_set, first_opt = sys.argv[1:5]
sets, optimizers = sys.argv[5].split(), sys.argv[6].split()
rounds = int(sys.argv[7])
LABEL = {"mnist": "MNIST 10k", "fashion": "Fashion-MNIST 60k"}
OPT = {"sgd": "SGD lr 0.1", "adam": "Adam lr 0.001"}

def median_epoch(seconds):
    return statistics.median(seconds[1:] if len(seconds) > 1 else seconds)

def cpu(log):
    found = re.findall(r"^cpu ([\d.]+) ([\d.]+)$", open(log).read(), re.M)
    return sum(map(float, found[-1])) if found else None

def heap(log):
    """(peak MB, live MB): largest occupancy before a collection or at exit, largest after one."""
    text = open(log).read() if os.path.exists(log) else ""
    pairs = [(int(a), int(b)) for a, b in re.findall(r"(\d+)M->(\d+)M\(\d+M\)", text)]
    peak = max((a for a, _ in pairs), default=0)
    live = max((b for _, b in pairs), default=None)
    if os.path.exists(log + ".exit"):  # G1: "garbage-first heap total ..., used NK"; Serial: two generations
        at_exit = sum(int(u) for u in re.findall(r"(?:heap|generation)\s+total \d+K, used (\d+)K", open(log + ".exit").read()))
        peak = max(peak, at_exit // 1024)
    return peak or None, live

def metrics(run):
    lines = [json.loads(l) for l in open(f"{run}/metrics.jsonl")]
    epochs = [l for l in lines if "epoch" in l]
    return median_epoch([e["seconds"] for e in epochs]), lines[-1]

def compute_share(run, workers):
    """Seconds per worker spent computing gradients (the engines' wall clock), median over epochs as
    median_epoch takes them, and that over the median epoch: the rest is the step's apply and hand-offs."""
    lines = [json.loads(l) for l in open(f"{run}/metrics.jsonl")]
    epochs = [l for l in lines if "epoch" in l]
    compute = median_epoch([e["compute_seconds"] / workers for e in epochs])
    return compute, compute / median_epoch([e["seconds"] for e in epochs])

def mb(v):
    return "-" if v is None else f"{v} MB"

def med(values):
    return statistics.median(values)

def per_round(ratios):
    return "" if rounds == 1 else "  " + " ".join(f"{x:.2f}" for x in ratios)

for s in sets:
    for o in optimizers:
        tags = [f"{s}-{o}-r{r}" for r in range(1, rounds + 1)]
        torch = {t: [json.load(open(f"{out}/torch-{tag}-{t}.json")) for tag in tags] for t in (1, 2)}
        torch2 = [median_epoch(j["epoch_s"]) for j in torch[2]]
        epochs = torch[2][0]["epochs"]
        print(f"== {LABEL[s]}, CNN, {OPT[o]}, batch 64, {epochs} epochs"
              + ("" if rounds == 1 else f", {rounds} interleaved rounds: medians, the rounds' ratios after") + " ==")
        print(f"{'':24} {'s/epoch':>8} {'x PyTorch-2':>11} {'test acc':>9} {'CPU s':>7} {'peak heap':>10} {'live':>7} {'weights':>13}")
        for t in (1, 2):
            secs = [median_epoch(j["epoch_s"]) for j in torch[t]]
            ratios = [a / b for a, b in zip(secs, torch2)]
            name = f"PyTorch, {t} thread{'s' if t > 1 else ''}"
            print(f"{name:24} {med(secs):8.3f} {med(ratios):11.2f} {torch[t][0]['acc']:9.4f} {'':>7} {'':>10} {'':>7} {'':>13}"
                  + per_round(ratios))
        ag = {}
        for w in (1, 2, "2o"):
            runs = [metrics(f"{out}/{tag}-w{w}") for tag in tags]
            ag[w] = [m for m, _ in runs]
            final = runs[0][1]
            ratios = [a / b for a, b in zip(ag[w], torch2)]
            cpus = [c for c in (cpu(f"{out}/{tag}-w{w}.log") for tag in tags) if c is not None]
            heaps = [heap(f"{out}/gc-{tag}-w{w}.log") for tag in tags]
            peak = max((p for p, _ in heaps if p is not None), default=None)
            live = max((l for _, l in heaps if l is not None), default=None)
            c = med(cpus) if cpus else None
            name = "actorgrad --workers 2, o" if w == "2o" else f"actorgrad --workers {w}"
            print(f"{name:24} {med(ag[w]):8.3f} {med(ratios):11.2f} {final['test_accuracy']:9.4f} "
                  f"{'-' if c is None else f'{c:.1f}':>7} {mb(peak):>10} {mb(live):>7} {final['weights_sha256'][:12]:>13}"
                  + per_round(ratios))
        shares = [[compute_share(f"{out}/{tag}-w{w}", w) for tag in tags] for w in (1, 2)]
        print("gradients' compute per worker in an epoch: "
              + ", ".join(f"--workers {w} {med([c for c, _ in sh]):.3f} s ({100 * med([f for _, f in sh]):.0f}%)"
                          for w, sh in zip((1, 2), shares))
              + "; the rest is the step's apply and hand-offs")
        print("(o: the coordinator on a pool of its own, "
              "ACTORGRAD_COORDINATOR_DISPATCHER=pekko.actor.default-dispatcher; same weights)")
        scaling = [a / b for a, b in zip(ag[1], ag[2])]
        scaling_o = [a / b for a, b in zip(ag[1], ag["2o"])]
        print(f"scaling: --workers 1 / --workers 2 = {med(scaling):.2f}x ({med(scaling_o):.2f}x with o)"
              + ("" if rounds == 1 else f", rounds {' '.join(f'{x:.2f}' for x in scaling)}")
              + f"; test accuracy actorgrad - PyTorch-2 = "
              f"{100 * (metrics(f'{out}/{tags[0]}-w2')[1]['test_accuracy'] - torch[2][0]['acc']):+.2f} points")
        print()

if cluster != "0":
    ddp = json.load(open(f"{out}/ddp.json"))
    ddp_s = median_epoch(ddp["epoch_s"])
    med, final = metrics(f"{out}/cluster")
    print(f"== coordinator + 2 worker JVMs on 127.0.0.1 vs PyTorch DDP gloo, {LABEL[first_set]}, CNN, "
          f"{OPT[first_opt]}, global batch 128 (64 per worker / process) ==")
    print(f"{'':34} {'s/epoch':>8} {'x DDP':>6} {'test acc':>9}")
    print(f"{'PyTorch DDP gloo, 2 x 64':34} {ddp_s:8.3f} {1:6.2f} {list(ddp['acc'].values())[0]:9.4f}")
    print(f"{'actorgrad coordinator + 2 workers':34} {med:8.3f} {med / ddp_s:6.2f} {final['test_accuracy']:9.4f}")
    parts = []
    for n in ("coordinator", "worker-1", "worker-2"):
        c = cpu(f"{out}/{n}.log")
        peak, live = heap(f"{out}/gc-{n}.log")
        parts.append(f"{n} {'-' if c is None else f'{c:.1f}'} s CPU, peak heap {mb(peak)} (live {mb(live)})")
    print("per JVM: " + "; ".join(parts))
PY
