#!/usr/bin/env bash
# Time to a result (issue 16, goal 3): a whole `./trainer` command against the whole PyTorch script
# for the same work, JVM and interpreter start, data load, JIT warm-up and the end-of-run test
# evaluation included, in interleaved pairs (the order alternates, so a load that drifts during
# the run falls on both sides alike).
#
#   bench/startup.sh [PAIRS] [EPOCHS] [VARIANT...]     default 3 pairs of 5 epochs
#
# Work: Fashion-MNIST, all 60,000 training images (--validation 0, as the anchor does), 784-128-10,
# SGD lr 0.1, batch 64; actorgrad --workers 2 against PyTorch with 2 threads (run as
# OPENBLAS_NUM_THREADS=2 OMP_WAIT_POLICY=passive train_torch.py --threads 2). Prints per side the
# median wall time and CPU time (user + sys) of the whole process and the ratio of the medians to
# PyTorch's wall time, then where each side's wall time goes: its epochs at their steady speed
# (the median epoch times the epoch count), the first epoch's excess over that median (warm-up:
# JIT compilation for actorgrad), and everything outside the epochs (interpreter or JVM start,
# imports and class loading, data load, thread and actor system start, test evaluation, saving).
# VARIANTs add actorgrad configurations to each round, to show what each
# start-up measure buys: cds (ACTORGRAD_CDS=on: the launcher's class archive, off by default, see
# ./trainer), warmup (-Dactorgrad.warmup.rounds=2000: the kernels warmed up on scratch buffers
# while the run starts, off by default, see cli.Warmups).
# Needs /usr/bin/time, Debian's python3-torch, python3-numpy, libopenblas0-pthread (../shared/anchors).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
data="${DATA:-$(data_dir fashion)}"
pairs="${1:-3}"
epochs="${2:-5}"
shift 2 2>/dev/null || shift $#
variants=(default "$@")
for v in "${variants[@]}"; do
  case "$v" in default|cds|warmup) ;; *) echo "startup.sh: unknown variant $v (cds, warmup)" >&2; exit 2 ;; esac
done
[ -x /usr/bin/time ] || { echo "startup.sh: needs /usr/bin/time (Debian package time)" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Build the jar (and record the class archive, for the cds variant) before anything is timed.
ACTORGRAD_CDS=on build_trainer 2> /dev/null

torch() {
  (cd "$anchors" && OPENBLAS_NUM_THREADS=2 OMP_WAIT_POLICY=passive /usr/bin/time -f "%e %U %S" -o "$1.time" \
    /usr/bin/python3 train_torch.py --threads 2 --batch 64 --epochs "$epochs" --data fashion) > "$1.log" 2> "$1.err" \
    || { echo "startup.sh: PyTorch (train_torch.py) failed:" >&2; cat "$1.log" "$1.err" >&2; exit 1; }
}

actorgrad() { # variant file
  local cds=off opts="${ACTORGRAD_JAVA_OPTS:-}"
  case "$1" in
    cds) cds=on ;;
    warmup) opts="$opts -Dactorgrad.warmup.rounds=2000" ;;
  esac
  rm -rf "$2.run"
  ACTORGRAD_CDS=$cds ACTORGRAD_JAVA_OPTS="$opts" /usr/bin/time -f "%e %U %S" -o "$2.time" \
    "$home/trainer" --data "$data" --dataset fashion-mnist --workers 2 --epochs "$epochs" --validation 0 \
    --batch-size 64 --lr 0.1 --optimizer sgd --run-dir "$2.run" --no-progress > "$2.log" 2>&1 \
    || { echo "startup.sh: actorgrad ($1) failed:" >&2; cat "$2.log" >&2; exit 1; }
  cp "$2.run/metrics.jsonl" "$2.metrics"
  rm -rf "$2.run"
}

for ((i = 1; i <= pairs; i++)); do
  echo "round $i of $pairs (load $(cut -d' ' -f1 /proc/loadavg))..." >&2
  if ((i % 2)); then torch "$out/torch-$i"; fi
  for v in "${variants[@]}"; do actorgrad "$v" "$out/$v-$i"; done
  if ! ((i % 2)); then torch "$out/torch-$i"; fi
done

/usr/bin/python3 - "$out" "$pairs" "$epochs" "${variants[@]}" <<'PY'
import json, re, statistics, sys
out, pairs, epochs, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
def times(name):
    rows = [list(map(float, open(f"{out}/{name}-{i}.time").read().split()[-3:])) for i in range(1, pairs + 1)]
    return [r[0] for r in rows], [r[1] + r[2] for r in rows]
def epochs_of(name, i):
    if name == "torch":
        lines = [l for l in open(f"{out}/torch-{i}.log") if l.startswith("{")]  # stdout: its JSON line
        return json.loads(lines[-1])["epoch_s"]
    return [json.loads(l)["seconds"] for l in open(f"{out}/{name}-{i}.metrics") if '"epoch"' in l]
def parts(name):
    """Median over rounds of (steady epochs, first-epoch excess, outside the epochs), seconds."""
    rows = []
    for i in range(1, pairs + 1):
        e = epochs_of(name, i)
        wall = float(open(f"{out}/{name}-{i}.time").read().split()[-3])
        steady = statistics.median(e[1:] or e)
        rows.append((steady * len(e), e[0] - steady, wall - sum(e)))
    return [statistics.median(c) for c in zip(*rows)]
def sha(name):
    m = re.search(r"weights sha256: ([0-9a-f]{12})", open(f"{out}/{name}-1.log").read())
    return m.group(1) if m else "-"
t_wall, t_cpu = times("torch")
t_med = statistics.median(t_wall)
print(f"whole process, {epochs} epochs, {pairs} interleaved round(s), medians:")
print(f"{'':46} {'wall s':>7} {'cpu s':>7} {'x PyTorch-2':>11}  per round (wall ratio)")
print(f"{'PyTorch, 2 threads (train_torch.py)':46} {t_med:7.2f} {statistics.median(t_cpu):7.2f} {1:11.2f}")
for v in variants:
    wall, cpu = times(v)
    label = "actorgrad --workers 2 (./trainer)" + ("" if v == "default" else f", {v}")
    ratios = " ".join(f"{w / t:.2f}" for w, t in zip(wall, t_wall))
    print(f"{label:46} {statistics.median(wall):7.2f} {statistics.median(cpu):7.2f} "
          f"{statistics.median(wall) / t_med:11.2f}  {ratios}   weights {sha(v)}")
print()
print("where the wall time goes, seconds (medians over rounds):")
print(f"{'':46} {'epochs':>7} {'warm-up':>8} {'outside':>8}")
for name in ["torch"] + variants:
    label = ("PyTorch, 2 threads" if name == "torch"
             else "actorgrad --workers 2" + ("" if name == "default" else f", {name}"))
    steady, excess, outside = parts(name)
    print(f"{label:46} {steady:7.2f} {excess:8.2f} {outside:8.2f}")
print("(epochs: the median epoch x the count; warm-up: the first epoch's excess over the median;")
print(" outside: the process's wall time outside its epochs: start-up, data load, test, saving)")
PY
