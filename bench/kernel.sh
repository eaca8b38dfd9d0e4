#!/usr/bin/env bash
# The dense layer's products side by side with OpenBLAS in one run (issue 16, goal 1): for each
# shape, OpenBLAS (numpy, one thread) and actorgrad's kernel on Java 17 and on Java 25, all timed by
# thread CPU time, and the ratio of speeds (OpenBLAS's time / actorgrad's: 1.00 = as fast).
#   bench/kernel.sh [ROUNDS]    ROUNDS (default 2) runs of the three sides, interleaved; the figure
#                               kept per side and shape is the median over the rounds
# Env: JAVA17_HOME, JAVA25_HOME (defaults: the java on PATH, /usr/lib/jvm/temurin-25-jdk-amd64).
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for the anchor alone: set on some machines, they
# slow numpy down (see ../shared/anchors/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench/kernel.sh: ROUNDS must be a positive whole number, found '$rounds'" >&2
  exit 2
fi
java17=${JAVA17_HOME:-}
java25=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
python=/usr/bin/python3
if ! "$python" -c 'import numpy' 2>/dev/null; then
  echo "bench/kernel.sh: needs Debian's python3-numpy and libopenblas0-pthread (apt-get install -y python3-numpy libopenblas0-pthread)" >&2
  exit 2
fi
if [[ ! -x "$java25/bin/java" ]]; then
  echo "bench/kernel.sh: no Java 25 at $java25 (set JAVA25_HOME)" >&2
  exit 2
fi

./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

java_side() { # $1 = java binary, $2 = label
  "$1" --add-modules jdk.incubator.vector ${ACTORGRAD_KERNEL:+-Dactorgrad.kernel=$ACTORGRAD_KERNEL} \
    -cp "$cp" org.actorgrad.kernel.bench.CpuTimeRun 2>&1 | grep -v 'incubator modules' | sed "s/^/$2 /"
}

echo "# bench/kernel.sh  $(date -u '+%Y-%m-%d %H:%M:%S UTC')  nproc $(nproc)  rounds $rounds"
echo "# java 17: $(${java17:+$java17/bin/}java -version 2>&1 | head -1)"
echo "# java 25: $("$java25/bin/java" -version 2>&1 | head -1)"
for ((r = 1; r <= rounds; r++)); do
  echo "# round $r load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
    "$python" bench/blas_anchor.py | sed 's/^/blas /' >>"$out/all"
  java_side "${java17:+$java17/bin/}java" j17 >>"$out/all"
  java_side "$java25/bin/java" j25 >>"$out/all"
done
echo "# end load average: $(cut -d' ' -f1-3 /proc/loadavg)"
grep '# kernel path' "$out/all" | sort -u
echo
# Lines: SIDE NAME batch B US us/op ...; medians per (side, name, batch), then one row per shape.
grep -v '#' "$out/all" | awk '
  { key = $1 " " $2 " " $4; n[key]++; v[key, n[key]] = $5; shapes[$2 " " $4] = 1 }
  function median(key,   i, j, t, m) {
    m = n[key]; if (m == 0) return 0
    for (i = 1; i <= m; i++) a[i] = v[key, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  END {
    printf "%-15s %5s  %12s  %12s  %12s  %9s  %9s\n", "product", "batch", "OpenBLAS us", "Java 17 us", "Java 25 us", "17 ratio", "25 ratio"
    split("forwardGemm weightGradGemm inputGradGemm backwardGemm trainingStep", names, " ")
    for (k = 1; k <= 5; k++) for (b = 32; b <= 64; b += 32) {
      s = names[k] " " b; if (!(s in shapes)) continue
      o = median("blas " s); j7 = median("j17 " s); j5 = median("j25 " s)
      if (o > 0) printf "%-15s %5d  %12.1f  %12.1f  %12.1f  %8.2fx  %8.2fx\n", names[k], b, o, j7, j5, o / j7, o / j5
      else printf "%-15s %5d  %12s  %12.1f  %12.1f  %9s  %9s\n", names[k], b, "-", j7, j5, "-", "-"
    }
  }'
