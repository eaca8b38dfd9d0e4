#!/usr/bin/env bash
# Whole-run benchmark: actorgrad against the PyTorch anchor, in the same run on the same machine
# (only ratios measured side by side count on a shared machine).
#
#   bench/epochs.sh [EPOCHS] [WORKER COUNTS...]      e.g. bench/epochs.sh 5 1 2 8
#
# A worker count may carry settings for its run, W:NAME=VALUE[,NAME=VALUE...], put in the
# trainer's environment, so that settings are compared in one run: e.g. 2 against
# 2:ACTORGRAD_COORDINATOR_DISPATCHER=actorgrad.compute-dispatcher,ACTORGRAD_SPIN=50us
# (config/local.conf says what they do). Variables set for the whole script reach every run.
#
# Trains the default network (784-128-10, SGD lr 0.1, batch 64) on Fashion-MNIST, all 60,000
# training images (--validation 0, as the anchor does), and prints per configuration the median
# epoch time (epoch 1 excluded as warm-up), the test accuracy, the ratio to PyTorch on one thread,
# and actorgrad's step overhead: time per step minus the gradient compute time of that step spread
# over the threads computing it.
# Needs Debian's python3-torch, python3-numpy and libopenblas0-pthread (see ../shared/anchors/README.md).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchors="${ANCHORS:-$home/../shared/anchors}"
data="${DATA:-$home/../shared/datasets/fashion-mnist}"
epochs="${1:-5}"
shift || true
workers=("$@")
[ ${#workers[@]} -eq 0 ] && workers=(1 2 8)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "PyTorch anchor, 1 and 2 threads..." >&2
(cd "$anchors" && OPENBLAS_NUM_THREADS=1 /usr/bin/python3 train_torch.py --threads 1 --batch 64 --epochs "$epochs" --data fashion) > "$out/torch-1.json"
(cd "$anchors" && OPENBLAS_NUM_THREADS=2 OMP_WAIT_POLICY=passive /usr/bin/python3 train_torch.py --threads 2 --batch 64 --epochs "$epochs" --data fashion) > "$out/torch-2.json"

i=0
for spec in "${workers[@]}"; do
  w="${spec%%:*}"
  settings=()
  [[ "$spec" == *:* ]] && IFS=',' read -r -a settings <<< "${spec#*:}"
  echo "actorgrad --workers $spec..." >&2
  env ${settings[@]+"${settings[@]}"} "$home/trainer" --data "$data" --dataset fashion-mnist --workers "$w" \
    --epochs "$epochs" --validation 0 --batch-size 64 --lr 0.1 --optimizer sgd --run-dir "$out/run$i" \
    --no-progress > "$out/run$i.log" 2>&1 || { echo "error: --workers $spec failed:" >&2; tail -3 "$out/run$i.log" >&2; exit 1; }
  i=$((i + 1))
done

/usr/bin/python3 - "$out" "${workers[@]}" <<'PY'
import json, os, statistics, sys
out, workers = sys.argv[1], sys.argv[2:]
rows = []
torch1 = None
for t in (1, 2):
    r = json.load(open(f"{out}/torch-{t}.json"))
    med = statistics.median(r["epoch_s"][1:])
    acc = r["acc"][str(r["epochs"])]
    torch1 = torch1 or med
    rows.append((f"PyTorch, {t} thread{'s' if t > 1 else ''}", med, acc, "", ""))
for i, spec in enumerate(workers):
    w, _, settings = spec.partition(":")
    lines = [json.loads(l) for l in open(f"{out}/run{i}/metrics.jsonl")]
    epochs = [l for l in lines if "epoch" in l]
    final = lines[-1]
    med = statistics.median(e["seconds"] for e in epochs[1:])
    threads = min(int(w), os.cpu_count())
    over = statistics.median((e["seconds"] - e["compute_seconds"] / threads) / e["steps"] * 1e3 for e in epochs[1:])
    name = f"actorgrad --workers {w}" + (f" {settings.replace(',', ' ')}" if settings else "")
    rows.append((name, med, final["test_accuracy"], f"{over:.3f} ms", final["weights_sha256"][:12]))
width = max(28, max(len(r[0]) for r in rows))
print(f"{'':{width}} {'s/epoch':>8} {'x PyTorch-1':>11} {'test acc':>9} {'overhead/step':>14} {'weights':>13}")
for name, med, acc, over, sha in rows:
    print(f"{name:{width}} {med:8.3f} {med / torch1:11.2f} {acc:9.4f} {over:>14} {sha:>13}")
PY
