#!/usr/bin/env bash
# What a step costs besides its gradients, measured so that a loaded machine disturbs it little:
# the trainer's CPU time and its threads' context switches per step, read from /proc between the
# end of epoch 1 (JIT warm-up excluded) and the end of the last epoch, beside the wall-clock epoch
# and the step overhead bench/epochs.sh reports. Settings are compared in interleaved rounds (A B A
# B ...), each run a fresh JVM, and the load average is printed beside every run.
#
#   bench/handoff.sh [EPOCHS] [ROUNDS] [WORKERS] [SETTING...]
#     e.g. bench/handoff.sh 4 3 1 - ACTORGRAD_SPIN=50us
#          bench/handoff.sh 4 3 2 - "ACTORGRAD_COORDINATOR_DISPATCHER=actorgrad.compute-dispatcher ACTORGRAD_SPIN=50us"
#
# A SETTING is one quoted word list: NAME=VALUE words go into the trainer's environment (any
# variable ./trainer or config/local.conf reads, ACTORGRAD_JAVA_OPTS included), the others are
# added to its command line (e.g. "--threads 1"), and TRAINER=PATH runs another build's launcher
# (a checkout of the commit before, say); "-" for none. DETAIL=1 adds the switches per thread name.
# Fashion-MNIST 60k, 784-128-10, SGD 0.1, batch 64, --validation 0 (bench/epochs.sh's run).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DATA:-$home/../shared/datasets/fashion-mnist}"
epochs="${1:-4}"
rounds="${2:-3}"
workers="${3:-2}"
shift $(($# < 3 ? $# : 3))
settings=("$@")
[ ${#settings[@]} -eq 0 ] && settings=("-")
[ "$epochs" -ge 2 ] || { echo "error: EPOCHS must be at least 2 (epoch 1 is the warm-up)" >&2; exit 2; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
ticks=$(getconf CLK_TCK)

# One line per live thread, "tid voluntary nonvoluntary", then "cpu TICKS": the whole process's
# user and system ticks (fields 14 and 15 of /proc/PID/stat). Threads come and go (Pekko's
# default pool, the JIT), so the figures are differenced per thread: a thread born between two
# snapshots counts from zero, one that ended loses only what it did since the first.
snapshot() { # only shell built-ins: a fork per thread would take long on a loaded machine
  local pid=$1 f tid key value v n comm stat rest
  for f in /proc/"$pid"/task/*/status; do
    tid=${f%/status}; tid=${tid##*/}
    v=""; n=""; comm="?"
    { while read -r key value; do
        case "$key" in
          voluntary_ctxt_switches:) v=$value ;;
          nonvoluntary_ctxt_switches:) n=$value ;;
        esac
      done < "$f"; read -r comm < "/proc/$pid/task/$tid/comm"; } 2>/dev/null || true
    [ -n "$v" ] && [ -n "$n" ] && echo "$tid $v $n ${comm// /_}"
  done
  read -r stat < /proc/"$pid"/stat || return 0
  rest=${stat##*) }
  set -- $rest
  echo "cpu $(( ${12} + ${13} ))"
}

epoch_lines() { # sets lines to the epoch lines in metrics file $1; built-ins only, as above
  local line
  lines=0
  if [ -f "$1" ]; then
    while read -r line; do [[ "$line" == *'"epoch"'* ]] && lines=$((lines + 1)); done < "$1"
  fi
  return 0
}

run_one() { # setting, tag
  local setting=$1 tag=$2 env=() args=() word trainer="$home/trainer"
  if [ "$setting" != "-" ]; then
    for word in $setting; do
      if [[ "$word" == TRAINER=* ]]; then trainer="${word#TRAINER=}"
      elif [[ "$word" != --* && "$word" == *=* ]]; then env+=("$word")
      else args+=("$word"); fi
    done
  fi
  local dir="$out/$tag" metrics="$out/$tag/metrics.jsonl"
  env ${env[@]+"${env[@]}"} "$trainer" --data "$data" --dataset fashion-mnist --workers "$workers" \
    --epochs "$epochs" --validation 0 --batch-size 64 --lr 0.1 --optimizer sgd --run-dir "$dir" \
    --no-progress ${args[@]+"${args[@]}"} > "$out/$tag.log" 2>&1 &
  local launcher=$!
  local pid="" first="" last=""
  while kill -0 "$launcher" 2>/dev/null; do
    # the launcher execs java, so its pid is the JVM's
    pid=$launcher
    epoch_lines "$metrics"
    local n=$lines
    if [ -z "$first" ] && [ "$n" -ge 1 ]; then first=$(snapshot "$pid" 2>/dev/null || true); fi
    if [ -z "$last" ] && [ "$n" -ge "$epochs" ]; then last=$(snapshot "$pid" 2>/dev/null || true); fi
    sleep 0.01
  done
  wait "$launcher" || { echo "error: the run $tag failed:" >&2; tail -3 "$out/$tag.log" >&2; exit 1; }
  echo "$first" > "$out/$tag.first"
  echo "$last" > "$out/$tag.last"
}

printf '%-34s %5s %8s %9s %9s %8s %8s %13s\n' setting load s/epoch over/step cpu/step vol/step inv/step weights
for r in $(seq 1 "$rounds"); do
  i=0
  for s in "${settings[@]}"; do
    tag="r${r}s$i"
    load=$(cut -d' ' -f1 /proc/loadavg)
    run_one "$s" "$tag"
    /usr/bin/python3 - "$out" "$tag" "$s" "$load" "$ticks" "$workers" <<'PY'
import json, os, statistics, sys
out, tag, setting, load, ticks, workers = sys.argv[1:]
lines = [json.loads(l) for l in open(f"{out}/{tag}/metrics.jsonl")]
epochs = [l for l in lines if "epoch" in l]
final = lines[-1]
steps = sum(e["steps"] for e in epochs[1:])
med = statistics.median(e["seconds"] for e in epochs[1:])
threads = min(int(workers), os.cpu_count())
over = statistics.median((e["seconds"] - e["compute_seconds"] / threads) / e["steps"] * 1e3 for e in epochs[1:])
def threads_and_cpu(path):
    threads, cpu = {}, None
    for line in open(path):
        f = line.split()
        if len(f) == 2 and f[0] == "cpu":
            cpu = int(f[1])
        elif len(f) >= 3:
            threads[f[0]] = (int(f[1]), int(f[2]), f[3] if len(f) > 3 else "?")
    return threads, cpu
(ta, ca), (tb, cb) = threads_and_cpu(f"{out}/{tag}.first"), threads_and_cpu(f"{out}/{tag}.last")
if ca is not None and cb is not None:
    cpu = (cb - ca) / int(ticks) / steps * 1e3
    vol = sum(v - ta.get(t, (0, 0))[0] for t, (v, n, _) in tb.items()) / steps
    inv = sum(n - ta.get(t, (0, 0))[1] for t, (v, n, _) in tb.items()) / steps
    if os.environ.get("DETAIL"):
        by_name = {}
        for t, (v, n, name) in tb.items():
            a = ta.get(t, (0, 0))
            d = by_name.setdefault(name, [0, 0])
            d[0] += v - a[0]
            d[1] += n - a[1]
        for name, (v, n) in sorted(by_name.items(), key=lambda kv: -kv[1][0]):
            if v + n:
                print(f"    {name:20} voluntary {v / steps:6.3f}/step, non-voluntary {n / steps:6.3f}/step")
    figures = f"{cpu:7.3f}ms {vol:8.2f} {inv:8.2f}"
else:
    figures = f"{'?':>9} {'?':>8} {'?':>8}"
print(f"{setting:34} {float(load):5.1f} {med:8.3f} {over:7.3f}ms {figures} {final['weights_sha256'][:12]:>13}", flush=True)
PY
    i=$((i + 1))
  done
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
