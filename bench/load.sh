#!/usr/bin/env bash
# Load held: a coordinator and N worker JVMs on 127.0.0.1 train one network; prints whether the run
# completed, its wall time, and each JVM's peak resident memory (VmHWM from /proc).
#
#   bench/load.sh LAYERS WORKERS [EPOCHS (1)] [LIMIT (12000)] [extra coordinator options...]
#   e.g. bench/load.sh 1024:relu,1024:relu,10:softmax 8
#
# Environment: DATA (default ../shared/datasets/fashion-mnist), PORT (default 25580),
# BATCH (default 256), ACTORGRAD_JAVA_OPTS (default -Xmx1g, for every JVM), KEEP=1 keeps the logs.
set -uo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DATA:-$home/../shared/datasets/fashion-mnist}"
port="${PORT:-25580}"
export ACTORGRAD_JAVA_OPTS="${ACTORGRAD_JAVA_OPTS:--Xmx1g}"
layers="${1:?layers, e.g. 1024:relu,1024:relu,10:softmax}"
workers="${2:?worker JVMs}"
epochs="${3:-1}"
limit="${4:-12000}"
shift $(( $# < 4 ? $# : 4 ))

work="$(mktemp -d /tmp/actorgrad-load.XXXXXX)"
pids=()
declare -A peak
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  if [ "${KEEP:-0}" = 1 ]; then echo "load: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"$home/trainer" --version >/dev/null || exit 1

t0=$(date +%s)
"$home/trainer" coordinator --data "$data" --dataset fashion-mnist --min-workers "$workers" \
  --bind "127.0.0.1:$port" --layers "$layers" --epochs "$epochs" --limit "$limit" --batch-size "${BATCH:-256}" \
  --run-dir "$work/run" --no-progress "$@" >"$work/coordinator.log" 2>&1 &
coordinator=$!
pids+=("$coordinator")
for (( w = 1; w <= workers; w++ )); do
  "$home/trainer" worker --join "127.0.0.1:$port" --join-timeout 2m >"$work/worker-$w.log" 2>&1 &
  pids+=("$!")
done
while kill -0 "$coordinator" 2>/dev/null; do
  for i in "${!pids[@]}"; do
    hwm="$(awk '/^VmHWM:/ {print $2}' "/proc/${pids[$i]}/status" 2>/dev/null)"
    [ -n "$hwm" ] && [ "$hwm" -gt "${peak[$i]:-0}" ] && peak[$i]=$hwm
  done
  sleep 0.5
done
wait "$coordinator"; code=$?
if [ $code -ne 0 ]; then kill -9 "${pids[@]:1}" 2>/dev/null; fi
for p in "${pids[@]:1}"; do wait "$p"; done
seconds=$(( $(date +%s) - t0 ))
echo "load: $layers, $workers worker JVMs, $epochs epoch(s) on $limit images: exit $code after $seconds s"
grep -E 'network|^epoch|wire:|weights sha256|error' "$work/coordinator.log" | sed 's/^/load:   /'
printf 'load: peak resident memory (VmHWM): coordinator %d MB, workers' $(( ${peak[0]:-0} / 1024 ))
for (( w = 1; w <= workers; w++ )); do printf ' %d' $(( ${peak[$w]:-0} / 1024 )); done
echo " MB"
exit $code
