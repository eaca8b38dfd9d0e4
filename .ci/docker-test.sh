#!/usr/bin/env bash
# CI: the docker-compose test. Builds the image (docker/Dockerfile) and starts the cluster of
# docker/docker-compose.yml (a coordinator and 3 workers, with the host-network override
# docker/docker-compose.ci.yml), trains 1 epoch of MNIST, SIGKILLs one worker mid-epoch, and
# checks that the run completes with weights bit-identical to the same run in one local JVM.
#
# Everything runs on a Docker daemon of its own (own socket, data root and pidfile in a temporary
# folder), started here and stopped by its PID at the end, also on failure. No image is pulled:
# the JRE base image is made with debootstrap from the Debian mirror apt uses, and cached as a
# tarball in $ACTORGRAD_CI_CACHE (default /var/cache/actorgrad-ci) so later runs skip that step.
# Test traffic goes to 127.0.0.1 only (host networking; no bridge network is created).
#
# Where Docker cannot be had (not root, no apt-get, no daemon) the test is skipped, loudly, with
# exit status 0; except on Debian 12 as root, the machines this test was made for, where it must
# run and any such problem fails it. ACTORGRAD_DOCKER_TEST=skip skips it, =require requires it.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
started=$SECONDS

# Time limits, in seconds, of each step (a fresh machine builds the base image once, slowly).
readonly APT_TIMEOUT=900 DEBOOTSTRAP_TIMEOUT=1200 DAEMON_TIMEOUT=60 IMPORT_TIMEOUT=300
readonly BUILD_TIMEOUT=600 LOCAL_RUN_TIMEOUT=600 JOIN_TIMEOUT=240 RUN_TIMEOUT=600 EXIT_TIMEOUT=120
readonly DOWN_TIMEOUT=120

readonly project=actorgrad-ci
readonly base_image=actorgrad-ci/debian-jre:17-bookworm
readonly image=actorgrad/trainer:latest
readonly workers=3
readonly mnist="$(cd .. && pwd)/shared/datasets/mnist"
# The run, in the cluster and locally: 1 epoch, 3 partitions, the config defaults otherwise.
readonly epochs=1 partitions=3 seed=42

say() { echo "docker-test: $*"; }
elapsed() { echo "$((SECONDS - started)) s"; }

required() {
  case "${ACTORGRAD_DOCKER_TEST:-}" in
    require) return 0 ;;
    skip) return 1 ;;
  esac
  [ "$(id -u)" = 0 ] && grep -q '^12\.' /etc/debian_version 2>/dev/null
}

# Docker cannot be had here: skip loudly, or fail where the test must run.
unavailable() {
  if required; then
    echo "docker-test: FAILED: $* (this machine is Debian 12 with root, where the test must run)" >&2
    exit 1
  fi
  echo "######################################################################################"
  echo "# SKIPPED: the docker-compose test did not run: $*"
  echo "# (it needs root, apt-get and a Docker daemon; it runs and must pass on Debian 12 as root)"
  echo "######################################################################################"
  exit 0
}

fail() {
  echo "docker-test: FAILED: $*" >&2
  exit 1
}

if [ "${ACTORGRAD_DOCKER_TEST:-}" = skip ]; then
  unavailable "ACTORGRAD_DOCKER_TEST=skip"
fi
[ -f target/trainer.jar ] || fail "target/trainer.jar is missing: build it first (./mvnw -B -q -DskipTests package)"
[ -d "$mnist" ] || fail "the MNIST data set is missing at $mnist"

# --- tools ------------------------------------------------------------------------------------
missing_tools() {
  local t missing=()
  for t in dockerd docker-compose debootstrap; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  echo "${missing[*]}"
}
if [ -n "$(missing_tools)" ]; then
  [ "$(id -u)" = 0 ] || unavailable "missing $(missing_tools), and not root to install them"
  command -v apt-get >/dev/null 2>&1 || unavailable "missing $(missing_tools), and no apt-get to install them"
  say "installing docker.io docker-compose debootstrap (missing: $(missing_tools))"
  install() {
    DEBIAN_FRONTEND=noninteractive timeout "$APT_TIMEOUT" \
      apt-get install -y -q docker.io docker-compose debootstrap >"${1}" 2>&1
  }
  apt_log="$(mktemp)"
  if ! install "$apt_log"; then
    say "apt-get install failed; updating the package lists and trying again"
    DEBIAN_FRONTEND=noninteractive timeout "$APT_TIMEOUT" apt-get update -q >>"$apt_log" 2>&1 || true
    if ! install "$apt_log"; then
      tail -20 "$apt_log" >&2
      rm -f "$apt_log"
      unavailable "apt-get install -y docker.io docker-compose debootstrap failed (output above)"
    fi
  fi
  rm -f "$apt_log"
  [ -z "$(missing_tools)" ] || unavailable "still missing after apt-get install: $(missing_tools)"
fi
# The client from the docker.io package matches the daemon; a newer one may come first on PATH.
docker_bin="$(command -v docker)"
[ -x /usr/bin/docker ] && docker_bin=/usr/bin/docker
docker() { "$docker_bin" "$@"; }

# --- the daemon, all of it in a temporary folder ------------------------------------------------
tmp="$(mktemp -d /tmp/actorgrad-docker.XXXXXX)"
dockerd_pid=""
compose_started=""
export DOCKER_HOST="unix://$tmp/docker.sock"
export DOCKER_CONFIG="$tmp/client-config" # no credential helpers or contexts from ~/.docker
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
mkdir -p "$DOCKER_CONFIG"

compose() {
  local limit="$1"
  shift
  # The host network publishes no ports (docker-compose 1.x refuses them): the CI's copy of the
  # compose file leaves out the lines marked "host-network: drop" (the live page's publishing);
  # the page itself listens on 127.0.0.1, on a free port (UI_BIND).
  grep -v 'host-network: drop' docker/docker-compose.yml >docker/docker-compose.host-network.yml
  CI_COORDINATOR_PORT="$coordinator_port" WORKERS="$workers" DATA="$mnist" UI_BIND=127.0.0.1:0 \
    ACTORGRAD_EPOCHS="$epochs" ACTORGRAD_PARTITIONS="$partitions" OPTIONS="--seed $seed" \
    timeout "$limit" docker-compose -p "$project" \
    -f docker/docker-compose.host-network.yml -f docker/docker-compose.ci.yml "$@"
}

unmount_under() {
  local m
  # Deepest first; debootstrap (when interrupted) or dockerd (when killed) may leave mounts.
  findmnt -rn -o TARGET | { grep -F "$1/" || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

cleanup() {
  local status=$?
  set +e
  if [ "$status" -ne 0 ] && [ -n "$compose_started" ]; then
    say "logs of the containers (the test failed):"
    compose "$DOWN_TIMEOUT" logs --no-color --tail=40 2>&1 | sed 's/^/  /'
  fi
  if [ -n "$compose_started" ]; then
    compose "$DOWN_TIMEOUT" down -v --remove-orphans >/dev/null 2>&1 || say "warning: docker-compose down failed"
  fi
  rm -f docker/docker-compose.host-network.yml
  if [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; then
    kill -TERM "$dockerd_pid"
    for _ in $(seq 1 30); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$dockerd_pid" 2>/dev/null; then
      say "dockerd (PID $dockerd_pid) did not stop in 30 s; killing it and the processes it started"
      kill -KILL "$dockerd_pid"
      # Its containerd and shims, found by our private folder in their command lines.
      for pid in $(pgrep -f "$tmp/"); do kill -KILL "$pid" 2>/dev/null; done
    fi
    wait "$dockerd_pid" 2>/dev/null
  fi
  if [ "$status" -ne 0 ] && [ -f "$tmp/dockerd.log" ]; then
    say "last lines of the dockerd log:"
    tail -15 "$tmp/dockerd.log" | sed 's/^/  /'
  fi
  unmount_under "$tmp"
  rm -rf --one-file-system "$tmp"
  if [ "$status" -ne 0 ]; then
    say "FAILED after $(elapsed)"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "starting dockerd ($("$(command -v dockerd)" --version))"
dockerd --bridge=none --iptables=false --ip-masq=false \
  --host "$DOCKER_HOST" --data-root "$tmp/data" --exec-root "$tmp/exec" --pidfile "$tmp/dockerd.pid" \
  >"$tmp/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 1 "$DAEMON_TIMEOUT"); do
  docker version >/dev/null 2>&1 && break
  kill -0 "$dockerd_pid" 2>/dev/null || { tail -15 "$tmp/dockerd.log" >&2; dockerd_pid=""; unavailable "dockerd exited at start (log above)"; }
  sleep 1
done
docker version >/dev/null 2>&1 || unavailable "dockerd did not answer within $DAEMON_TIMEOUT s"
say "dockerd is up (PID $dockerd_pid, storage driver $(docker info --format '{{.Driver}}'), $(elapsed))"

# --- the JRE base image: debootstrap once, then from the cache ---------------------------------
# The mirror apt uses for bookworm: one-line sources (sources.list, *.list) or deb822 (*.sources).
debian_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                       if ($(i + 1) == "bookworm") { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      { types = uris = suites = comps = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^#/ || !match($i, /^[A-Za-z-]+:/)) continue
          key = tolower(substr($i, 1, RLENGTH - 1)); value = substr($i, RLENGTH + 1)
          if (key == "types") types = value; else if (key == "uris") uris = value
          else if (key == "suites") suites = value; else if (key == "components") comps = value
          else if (key == "enabled") enabled = tolower(value)
        }
        if (enabled !~ /no/ && (types " ") ~ /(^| )deb /  && (suites " ") ~ /(^| )bookworm / \
            && (comps " ") ~ /(^| )main /) { split(uris, u, " "); print u[1]; exit } }' "$f"
  done
}

cache="${ACTORGRAD_CI_CACHE:-/var/cache/actorgrad-ci}"
rootfs_tar="$cache/debian-bookworm-openjdk-17-jre.tar"
mkdir -p "$cache"
(
  flock -w "$DEBOOTSTRAP_TIMEOUT" 9 || fail "another run holds $cache/lock for too long"
  if [ -f "$rootfs_tar" ]; then
    exit 0
  fi
  mirror="$(debian_mirror | head -1)"
  [ -n "$mirror" ] || { mirror="http://deb.debian.org/debian"; say "no bookworm mirror in apt's sources; using $mirror"; }
  say "building the JRE base image's root file system with debootstrap from $mirror (once; cached in $rootfs_tar)"
  t0=$SECONDS
  if ! timeout "$DEBOOTSTRAP_TIMEOUT" debootstrap --variant=minbase --include=openjdk-17-jre-headless \
      bookworm "$tmp/rootfs" "$mirror" >"$tmp/debootstrap.log" 2>&1; then
    tail -20 "$tmp/debootstrap.log" >&2
    fail "debootstrap failed (log above)"
  fi
  # The package cache and lists are of no use in the image (a third of its size).
  rm -rf "$tmp/rootfs/var/cache/apt/archives/"*.deb "$tmp/rootfs/var/lib/apt/lists/"* "$tmp/rootfs/dev/"*
  tar --numeric-owner -C "$tmp/rootfs" -cf "$rootfs_tar.partial" .
  echo "$mirror" >"$cache/mirror"
  mv "$rootfs_tar.partial" "$rootfs_tar"
  unmount_under "$tmp/rootfs"
  rm -rf --one-file-system "$tmp/rootfs"
  say "root file system built in $((SECONDS - t0)) s"
) 9>"$cache/lock"
say "importing the base image from $rootfs_tar ($(du -h "$rootfs_tar" | cut -f1))"
timeout "$IMPORT_TIMEOUT" docker import --message "debootstrap bookworm minbase + openjdk-17-jre-headless" \
  "$rootfs_tar" "$base_image" >/dev/null || fail "docker import failed"
say "base image $base_image ready ($(elapsed))"

# --- the image ---------------------------------------------------------------------------------
coordinator_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
say "building $image from docker/Dockerfile on $base_image"
compose "$BUILD_TIMEOUT" build --build-arg "BASE=$base_image" >"$tmp/build.log" 2>&1 \
  || { tail -30 "$tmp/build.log" >&2; fail "the image build failed (log above)"; }
say "image built ($(elapsed))"

# --- the reference: the same run in one local JVM ----------------------------------------------
say "local reference run: --workers $workers --partitions $partitions --epochs $epochs --seed $seed"
if ! timeout "$LOCAL_RUN_TIMEOUT" java --add-modules jdk.incubator.vector -jar target/trainer.jar \
    --workers "$workers" --partitions "$partitions" --epochs "$epochs" --seed "$seed" \
    --data "$mnist" --run-dir "$tmp/local-run" --no-progress >"$tmp/local.log" 2>&1; then
  cat "$tmp/local.log" >&2
  fail "the local reference run failed (output above)"
fi
expected="$(sed -n 's/^weights sha256: \([0-9a-f]\{64\}\)$/\1/p' "$tmp/local.log")"
[ -n "$expected" ] || { cat "$tmp/local.log" >&2; fail "no weights fingerprint in the local run's output"; }
say "local run: weights sha256 $expected ($(elapsed))"

# --- the cluster -------------------------------------------------------------------------------
say "starting the coordinator (127.0.0.1:$coordinator_port) and $workers workers (host network)"
compose_started=yes
compose "$BUILD_TIMEOUT" up -d --no-build --scale "worker=$workers" >"$tmp/up.log" 2>&1 \
  || { cat "$tmp/up.log" >&2; fail "docker-compose up failed (output above)"; }
bridges="$(docker network ls --filter driver=bridge --format '{{.Name}}')"
[ -z "$bridges" ] || fail "a bridge network exists ($bridges): the test must use the host network only"

coordinator="$(compose 30 ps -q coordinator)"
mapfile -t worker_ids < <(compose 30 ps -q worker)
[ -n "$coordinator" ] && [ "${#worker_ids[@]}" = "$workers" ] \
  || fail "expected 1 coordinator and $workers workers, found: coordinator '$coordinator', workers ${worker_ids[*]:-none}"

# Wait until the coordinator trains: it says "(3 of 3)" when the last worker is here. Its log is
# followed as it is written, so that the kill below lands early in the epoch (a warm epoch takes
# about a second on an idle machine).
exec {log_fd}< <(timeout "$JOIN_TIMEOUT" "$docker_bin" logs --follow "$coordinator" 2>&1)
log_follower=$!
grep -m 1 -q "($workers of $workers)" <&"$log_fd" \
  || fail "the $workers workers did not join within $JOIN_TIMEOUT s (or the coordinator stopped)"
exec {log_fd}<&-
kill "$log_follower" 2>/dev/null || true
say "$workers workers joined; training ($(elapsed))"

# Mid-epoch, for certain: let some steps run, then freeze the victim. The epoch cannot end without
# its gradients, so when the log still shows no "epoch 1" line after the freeze, the kill that
# follows is mid-epoch whatever the machine's speed. The freeze is SIGSTOP to every process in the
# container but its init (kill -- -1 skips PID 1 and the caller), not `docker pause`: the cgroup
# freezer behind pause failed intermittently on the CI host ("OCI runtime pause failed: unable to
# freeze", moby/moby#48205), and a signal needs no cgroup support.
sleep 0.5
victim="${worker_ids[0]}"
victim_name="$(docker inspect -f '{{.Name}}' "$victim" | tr -d /)"
docker exec "$victim" sh -c 'kill -s STOP -- -1' \
  || fail "could not stop the processes of worker $victim_name (SIGSTOP through docker exec)"
# Every thread of every process but init (and this check's shell) must show state T; a thread can
# take a moment to stop, so the check looks again for up to a second. Shell built-ins only: a
# child process would itself be a running process to count.
docker exec "$victim" sh -c '
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    running=0 stopped=0
    for f in /proc/[0-9]*/task/[0-9]*/status; do
      pid=${f#/proc/}; pid=${pid%%/*}
      { [ "$pid" = 1 ] || [ "$pid" = $$ ]; } && continue
      state=""
      while read -r key value rest; do
        [ "$key" = State: ] && { state=$value; break; }
      done < "$f" 2>/dev/null
      case "$state" in T) stopped=$((stopped + 1)) ;; "") ;; *) running=$((running + 1)) ;; esac
    done
    [ "$running" = 0 ] && [ "$stopped" -gt 0 ] && exit 0
    sleep 0.1
  done
  exit 1' \
  || fail "SIGSTOP did not stop every thread of worker $victim_name within a second"
if docker logs "$coordinator" 2>&1 | grep -q "^epoch 1 "; then
  fail "epoch 1 ended within 0.5 s, before a worker could be killed mid-epoch"
fi
say "killing worker $victim_name (SIGKILL) mid-epoch"
docker kill --signal KILL "$victim" >/dev/null

status="$(timeout "$RUN_TIMEOUT" docker wait "$coordinator")" || fail "the coordinator did not finish within $RUN_TIMEOUT s"
docker logs "$coordinator" >"$tmp/coordinator.log" 2>&1
[ "$status" = 0 ] || { cat "$tmp/coordinator.log" >&2; fail "the coordinator exited with status $status (log above)"; }
for w in "${worker_ids[@]:1}"; do
  ws="$(timeout "$EXIT_TIMEOUT" docker wait "$w")" || fail "worker $w did not exit within $EXIT_TIMEOUT s of the run's end"
  [ "$ws" = 0 ] || fail "worker $w exited with status $ws"
done
say "the run finished; coordinator and the $((workers - 1)) surviving workers exited with status 0 ($(elapsed))"

# The loss must have happened mid-epoch: before the epoch's line.
lost_line="$(grep -n " lost (" "$tmp/coordinator.log" | head -1 | cut -d: -f1)"
epoch_line="$(grep -n "^epoch 1 " "$tmp/coordinator.log" | head -1 | cut -d: -f1)"
[ -n "$lost_line" ] || { cat "$tmp/coordinator.log" >&2; fail "the coordinator never reported the killed worker as lost (log above)"; }
[ -n "$epoch_line" ] && [ "$lost_line" -lt "$epoch_line" ] \
  || { cat "$tmp/coordinator.log" >&2; fail "the worker was not lost mid-epoch (log above)"; }
say "the coordinator's output:"
sed 's/^/  | /' "$tmp/coordinator.log"

actual="$(sed -n 's/^weights sha256: \([0-9a-f]\{64\}\)$/\1/p' "$tmp/coordinator.log")"
[ -n "$actual" ] || { cat "$tmp/coordinator.log" >&2; fail "no weights fingerprint in the coordinator's output"; }
if [ "$actual" != "$expected" ]; then
  cat "$tmp/coordinator.log" >&2
  fail "weights differ: cluster $actual, local $expected"
fi
say "cluster run: weights sha256 $actual, bit-identical to the local run"

compose "$DOWN_TIMEOUT" down -v --remove-orphans >"$tmp/down.log" 2>&1 \
  || { cat "$tmp/down.log" >&2; fail "docker-compose down failed (output above)"; }
compose_started=""
say "PASSED in $(elapsed)"
