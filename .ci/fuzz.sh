#!/usr/bin/env bash
# Fuzzes every @FuzzTest target for a bounded time each (Jazzer, JAZZER_FUZZ=1) and prints the
# executions run. Usage: .ci/fuzz.sh [SECONDS_PER_TARGET (default 60)] [Class#method ...]
#
# Findings: Jazzer writes each crashing input as crash-<sha1> into the target's inputs folder,
# src/test/resources/<package>/<Class>Inputs/<method>/, where plain `./mvnw verify` replays it; fix
# the code, keep the input (renamed to say what it found), commit both. The corpus Jazzer grows
# while fuzzing stays in .cifuzz-corpus/ (git-ignored) and makes the next run start further on.
# Exit status: 0 if no target found anything, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  # Every @FuzzTest method in the test sources, as Class#method.
  while IFS= read -r file; do
    class="$(basename "$file" .java)"
    while IFS= read -r method; do
      targets+=("$class#$method")
    done < <(grep -A1 '@FuzzTest' "$file" | grep -oE 'void [A-Za-z0-9_]+' | sed 's/void //')
  done < <(grep -rl '@FuzzTest' src/test/java | sort)
fi

./mvnw -B -q test-compile >/dev/null || { echo "fuzz: the build failed" >&2; exit 1; }

logs="target/fuzz"
mkdir -p "$logs"
failed=0
start=$(date +%s)
printf '%-60s %12s %8s  %s\n' "target" "executions" "seconds" "result"
for target in "${targets[@]}"; do
  log="$logs/${target/\#/.}.log"
  t0=$(date +%s)
  # -max_total_time overrides the annotation's maxDuration (libFuzzer takes the last value);
  # -timeout turns an input that runs for more than 10 s (an endless loop) into a finding.
  JAZZER_FUZZ=1 ./mvnw -B test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.internal.arg.0=fuzz "-Djazzer.internal.arg.1=-max_total_time=$seconds" \
    "-Djazzer.internal.arg.2=-timeout=10" >"$log" 2>&1
  code=$?
  runs="$(grep -oE 'Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+')"
  if [ -z "$runs" ]; then # a finding stops libFuzzer before its summary line; take the last status line
    runs="$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')"
  fi
  if [ $code -eq 0 ]; then
    result="ok"
  else
    result="FINDING or failure, see $log"
    failed=1
  fi
  printf '%-60s %12s %8s  %s\n' "$target" "${runs:-?}" "$(( $(date +%s) - t0 ))" "$result"
done
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, $(( $(date +%s) - start )) s in all"
if [ $failed -ne 0 ]; then
  git status --short -- 'src/test/resources/**/*Inputs/**' 2>/dev/null | sed 's/^/new input: /'
fi
exit $failed
