#!/usr/bin/env bash
# Chaos soak: a coordinator and 4 worker JVMs on 127.0.0.1 train on Fashion-MNIST while workers and
# the coordinator are killed (kill -9) and restarted at moments drawn from a seeded schedule; the
# coordinator comes back with --resume. Passes when the run completes, its final weights equal an
# undisturbed run with the same settings bit for bit, every checkpoint on disk and model.agc (which
# must exist) pass `trainer inspect`, and no process it started is left behind. Kills are timed by
# training progress (the step of the newest checkpoint), not by the clock.
#
#   bench/soak.sh [--short] [--epochs N] [--limit N] [--seed S] [--worker-kills N] [--coordinator-kills N]
#
#   --short              what .ci/run can afford: 2 epochs on 12,000 images, 2 worker kills, 2 coordinator kills
#   --epochs N           epochs to train (default 8)
#   --limit N            training images (default 0: all 60,000)
#   --seed S             seed of the kill schedule (default 1); the training seed is fixed
#   --worker-kills N     default 6
#   --coordinator-kills N  default 2
#
# Environment: DATA (default ../shared/datasets/fashion-mnist), PORT (default 25560; the reference
# run uses PORT, the chaos run PORT+1), ACTORGRAD_JAVA_OPTS (default -Xmx1g), KEEP=1 keeps the logs.
# Prints the kills survived, the slowdown against the undisturbed run, and each JVM's peak
# resident memory (VmHWM from /proc, sampled twice a second).
set -uo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DATA:-$home/../shared/datasets/fashion-mnist}"
port="${PORT:-25560}"
export ACTORGRAD_JAVA_OPTS="${ACTORGRAD_JAVA_OPTS:--Xmx1g}"

epochs=8 limit=0 seed=1 worker_kills=6 coordinator_kills=2
while [ $# -gt 0 ]; do
  case "$1" in
    --short) epochs=2 limit=12000 worker_kills=2 coordinator_kills=2 ;;
    --epochs) epochs="$2"; shift ;;
    --limit) limit="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    --worker-kills) worker_kills="$2"; shift ;;
    --coordinator-kills) coordinator_kills="$2"; shift ;;
    *) echo "soak: unknown argument $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
  shift
done
[ -d "$data" ] || { echo "soak: no data set at $data (set DATA)" >&2; exit 2; }

work="$(mktemp -d /tmp/actorgrad-soak.XXXXXX)"
all_pids=()     # every JVM this script started, to prove none is left behind
declare -A peak # label -> highest VmHWM seen, kB
declare -A label_of
cleanup() {
  for p in "${all_pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  if [ "${KEEP:-0}" = 1 ]; then echo "soak: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$home/trainer" --version >/dev/null || { echo "soak: the build failed" >&2; exit 1; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

start_jvm() { # label logfile args... ; sets $last_pid
  local label="$1" log="$2"
  shift 2
  "$home/trainer" "$@" >>"$log" 2>&1 &
  last_pid=$!
  all_pids+=("$last_pid")
  label_of[$last_pid]="$label"
}

sample_memory() {
  local p hwm
  for p in "${all_pids[@]}"; do
    hwm="$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null)"
    if [ -n "$hwm" ] && [ "$hwm" -gt "${peak[${label_of[$p]}]:-0}" ]; then
      peak[${label_of[$p]}]="$hwm"
    fi
  done
}

coordinator_args() { # run-dir port; sets the array cargs
  cargs=(coordinator --data "$data" --dataset fashion-mnist --min-workers 4 --partitions 4
    --bind "127.0.0.1:$2" --epochs "$epochs" --limit "$limit" --batch-size 128 --lr 0.1
    --optimizer momentum --seed 7 --run-dir "$1" --checkpoint-every "$ckpt_every steps" --keep 3 --no-progress)
}
ckpt_every=40

# Training progress of a run folder: the step of its newest checkpoint (0 before the first). Kills
# are timed by it, not by the clock: most of a short run's time is start-up, and kills timed from
# the undisturbed run's duration landed after training had ended.
progress() {
  local newest
  newest="$(ls "$1"/checkpoints/ckpt-*.agc 2>/dev/null | sort | tail -1)"
  [ -n "$newest" ] || { echo 0; return; }
  newest="${newest##*/ckpt-}"
  echo $(( 10#${newest%.agc} ))
}

fingerprint() { grep -o 'weights sha256: [0-9a-f]*' "$1" | tail -1 | cut -d' ' -f3; }

# ---- 1. the undisturbed run -------------------------------------------------------------------
echo "soak: undisturbed run: coordinator + 4 workers, $epochs epochs, limit $limit" >&2
t0=$(now_ms)
coordinator_args "$work/ref" "$port"
start_jvm reference-coordinator "$work/ref-coordinator.log" "${cargs[@]}"
ref_coordinator=$last_pid
ref_workers=()
for w in 1 2 3 4; do
  start_jvm "reference-worker-$w" "$work/ref-worker-$w.log" worker --join "127.0.0.1:$port" --join-timeout 2m
  ref_workers+=("$last_pid")
done
while kill -0 "$ref_coordinator" 2>/dev/null; do
  sample_memory
  sleep 0.5
done
wait "$ref_coordinator"; ref_code=$?
if [ $ref_code -ne 0 ]; then kill -9 "${ref_workers[@]}" 2>/dev/null; fi
for p in "${ref_workers[@]}"; do wait "$p"; done
ref_ms=$(( $(now_ms) - t0 ))
ref_weights="$(fingerprint "$work/ref-coordinator.log")"
if [ $ref_code -ne 0 ] || [ -z "$ref_weights" ]; then
  echo "soak: FAIL: the undisturbed run failed (exit $ref_code):" >&2
  tail -5 "$work/ref-coordinator.log" >&2
  exit 1
fi
ref_steps="$(grep -o 'after [0-9]* steps' "$work/ref-coordinator.log" | tail -1 | grep -o '[0-9]*')"
if [ -z "$ref_steps" ] || [ "$ref_steps" -le "$ckpt_every" ]; then
  echo "soak: FAIL: the undisturbed run's step count is missing or below one checkpoint ($ref_steps)" >&2
  exit 1
fi
echo "soak: undisturbed: $(( ref_ms / 1000 )) s, $ref_steps steps, weights sha256: $ref_weights" >&2

# ---- 2. the kill schedule, from the seed ------------------------------------------------------
# Training steps between the first checkpoint and 85% of the run's steps: a kill is due once the
# disturbed run has checkpointed that far, plus a random 0-3 s so that it does not always land
# just after a checkpoint. Which of them kill the coordinator, and which worker the others kill.
RANDOM=$seed
events=$(( worker_kills + coordinator_kills ))
lo=$ckpt_every
span=$(( ref_steps * 85 / 100 - lo ))
[ $span -ge 1 ] || span=1
schedule=()
for (( i = 0; i < events; i++ )); do
  schedule+=( $(( lo + (RANDOM * 32768 + RANDOM) % span )) )
done
IFS=$'\n' schedule=($(sort -n <<<"${schedule[*]}")); unset IFS
delays=()
for (( i = 0; i < events; i++ )); do delays+=( $(( RANDOM % 3000 )) ); done
kinds=()
for (( i = 0; i < events; i++ )); do kinds+=("worker"); done
placed=0
while [ $placed -lt "$coordinator_kills" ]; do
  i=$(( RANDOM % events ))
  if [ "${kinds[$i]}" = worker ]; then kinds[$i]=coordinator; placed=$(( placed + 1 )); fi
done
targets=()
for (( i = 0; i < events; i++ )); do targets+=( $(( RANDOM % 4 + 1 )) ); done

# ---- 3. the disturbed run ---------------------------------------------------------------------
chaos_port=$(( port + 1 ))
run="$work/chaos"
echo "soak: disturbed run, seed $seed: $worker_kills worker kills, $coordinator_kills coordinator kills" >&2
t0=$(now_ms)
coordinator_args "$run" "$chaos_port"
start_jvm "coordinator" "$work/coordinator.log" "${cargs[@]}"
coordinator=$last_pid
declare -A worker   # index -> pid
declare -A finished # index -> 1 once that worker exited 0 (the run is over)
for w in 1 2 3 4; do
  start_jvm "worker-$w" "$work/worker-$w.log" worker --join "127.0.0.1:$chaos_port" --join-timeout 3m
  worker[$w]=$last_pid
done

armed_at=0 # when the next kill is due, once its step was reached (0: not yet)
next=0 worker_kills_done=0 coordinator_kills_done=0 skipped=0 unexpected=0 hung=0 code=1 coordinator_since=0
restarts=() # "due_ms kind index"
log_event() { echo "soak: $(( ($(now_ms) - t0) / 1000 )) s: $*" >&2; }
coordinator_done=0
while [ $coordinator_done -eq 0 ]; do
  sample_memory
  elapsed=$(( $(now_ms) - t0 ))
  # due restarts
  pending=()
  for r in "${restarts[@]}"; do
    read -r due kind w <<<"$r"
    if [ "$elapsed" -lt "$due" ]; then pending+=("$r"); continue; fi
    if [ "$kind" = worker ]; then
      start_jvm "worker-$w" "$work/worker-$w.log" worker --join "127.0.0.1:$chaos_port" --join-timeout 3m
      worker[$w]=$last_pid
      log_event "worker $w restarted (pid $last_pid)"
    else
      coordinator_args "$run" "$chaos_port"
      start_jvm "coordinator" "$work/coordinator.log" "${cargs[@]}" --resume
      coordinator=$last_pid coordinator_since=$elapsed
      log_event "coordinator restarted with --resume (pid $last_pid)"
    fi
  done
  restarts=("${pending[@]}")
  # a worker that died without being killed is a failure; it is restarted so the run can finish
  for w in 1 2 3 4; do
    if [ -z "${finished[$w]:-}" ] && ! kill -0 "${worker[$w]}" 2>/dev/null \
        && ! printf '%s\n' "${restarts[@]}" | grep -q "worker $w\$" && kill -0 "$coordinator" 2>/dev/null; then
      wait "${worker[$w]}"; died=$?
      if [ $died -eq 0 ]; then
        finished[$w]=1 # the coordinator told it the run is over
      else
        unexpected=$(( unexpected + 1 ))
        log_event "FAIL: worker $w died by itself (exit $died): $(grep -m1 error: "$work/worker-$w.log")"
        restarts+=("$elapsed worker $w")
      fi
    fi
  done
  if [ "$elapsed" -gt $(( ref_ms * 10 + 300000 )) ]; then
    log_event "FAIL: the disturbed run takes more than 10 times the undisturbed one plus 5 minutes; giving up"
    hung=1
    break
  fi
  # the next kill, if due: its step reached (by the newest checkpoint), then its delay passed
  if [ $next -lt $events ] && [ $armed_at -eq 0 ] && [ "$(progress "$run")" -ge "${schedule[$next]}" ]; then
    armed_at=$(( elapsed + ${delays[$next]} ))
  fi
  if [ $next -lt $events ] && [ $armed_at -gt 0 ] && [ "$elapsed" -ge $armed_at ]; then
    if [ "${kinds[$next]}" = coordinator ]; then
      # Only a coordinator that is up and has checkpointed can be resumed, and one that has run
      # for 3 s at least (not one still starting): otherwise the kill waits for that.
      if kill -0 "$coordinator" 2>/dev/null && [ $(( elapsed - coordinator_since )) -ge 3000 ] \
          && compgen -G "$run/checkpoints/ckpt-*.agc" >/dev/null; then
        kill -9 "$coordinator"; wait "$coordinator" 2>/dev/null
        coordinator_kills_done=$(( coordinator_kills_done + 1 ))
        log_event "kill -9 coordinator"
        restarts+=("$(( elapsed + 1000 + RANDOM % 3000 )) coordinator 0")
        next=$(( next + 1 )) armed_at=0
      fi
    else
      w=${targets[$next]}
      # that worker may be down already, waiting for its restart: then the next live one
      for (( k = 0; k < 4; k++ )); do
        kill -0 "${worker[$w]}" 2>/dev/null && break
        w=$(( w % 4 + 1 ))
      done
      if kill -0 "${worker[$w]}" 2>/dev/null; then
        kill -9 "${worker[$w]}"; wait "${worker[$w]}" 2>/dev/null
        worker_kills_done=$(( worker_kills_done + 1 ))
        log_event "kill -9 worker $w"
        restarts+=("$(( elapsed + 1000 + RANDOM % 5000 )) worker $w")
      else
        skipped=$(( skipped + 1 )) # every worker is down, waiting for its restart
      fi
      next=$(( next + 1 )) armed_at=0
    fi
  fi
  # the run is over when the coordinator exits by itself and no restart of it is pending
  if ! kill -0 "$coordinator" 2>/dev/null && ! printf '%s\n' "${restarts[@]}" | grep -q coordinator; then
    wait "$coordinator"; code=$?
    coordinator_done=1
  fi
  sleep 0.5
done
chaos_ms=$(( $(now_ms) - t0 ))
fail=0
[ $unexpected -eq 0 ] || { echo "soak: FAIL: $unexpected worker(s) died without being killed" >&2; fail=1; }
[ $hung -eq 0 ] || fail=1
chaos_weights="$(fingerprint "$work/coordinator.log")"
[ $code -eq 0 ] || { echo "soak: FAIL: the coordinator exited with $code" >&2; tail -5 "$work/coordinator.log" >&2; fail=1; }
[ $next -ge $events ] || echo "soak: note: $(( events - next )) scheduled kills fell after the end of the run" >&2

# Workers exit 0 when the coordinator finishes; restarts still pending are started never.
for w in 1 2 3 4; do
  for (( s = 0; s < 60; s++ )); do kill -0 "${worker[$w]}" 2>/dev/null || break; sleep 1; done
done
left=()
for p in "${all_pids[@]}"; do kill -0 "$p" 2>/dev/null && left+=("$p (${label_of[$p]})"); done
if [ ${#left[@]} -gt 0 ]; then
  echo "soak: FAIL: processes left behind 60 s after the run: ${left[*]}" >&2
  fail=1
fi

# ---- 4. verification --------------------------------------------------------------------------
if [ "$chaos_weights" != "$ref_weights" ]; then
  echo "soak: FAIL: final weights differ: disturbed $chaos_weights, undisturbed $ref_weights" >&2
  fail=1
fi
checked=0
for f in "$run"/checkpoints/*.agc; do
  [ -e "$f" ] || continue
  if ! "$home/trainer" inspect "$f" >"$work/inspect.log" 2>&1; then
    echo "soak: FAIL: $f does not verify: $(grep error: "$work/inspect.log")" >&2
    fail=1
  fi
  checked=$(( checked + 1 ))
done
# The model is the run's product: missing, it is a failure (it used to be skipped like a checkpoint).
if [ ! -f "$run/model.agc" ]; then
  echo "soak: FAIL: $run/model.agc is missing" >&2
  fail=1
elif ! "$home/trainer" inspect "$run/model.agc" >"$work/inspect-model.log" 2>&1; then
  echo "soak: FAIL: model.agc does not verify: $(grep error: "$work/inspect-model.log")" >&2
  fail=1
elif [ "$(fingerprint "$work/inspect-model.log")" != "$ref_weights" ]; then
  echo "soak: FAIL: model.agc does not hold the expected weights" >&2
  fail=1
else
  checked=$(( checked + 1 ))
fi

echo "soak: $worker_kills_done worker kills and $coordinator_kills_done coordinator kills survived (seed $seed; $skipped kills skipped because every worker was down)"
echo "soak: undisturbed $(( ref_ms / 1000 )) s, disturbed $(( chaos_ms / 1000 )) s: slowdown x$(awk "BEGIN {printf \"%.2f\", $chaos_ms / $ref_ms}")"
echo "soak: final weights sha256: $chaos_weights ($( [ "$chaos_weights" = "$ref_weights" ] && echo "equal to" || echo "DIFFERENT from") the undisturbed run)"
echo "soak: $checked checkpoint files verified by trainer inspect"
printf 'soak: peak resident memory (VmHWM):'
for l in $(printf '%s\n' "${!peak[@]}" | sort); do printf ' %s %d MB,' "$l" $(( peak[$l] / 1024 )); done
echo
[ $fail -eq 0 ] && echo "soak: PASS" || echo "soak: FAIL"
exit $fail
