#!/usr/bin/env bash
# The JVM boundary microbenchmark (bench/BOUNDARY.md): builds the native library (release) and
# the Java harness, runs it on JDK 17 and JDK 25, and prints the results as markdown tables.
# Environment: JAVA17 and JAVA25 (JDK homes), JNA_JAR (JNA 5.14.0), BOUNDARY_WORK (build
# output), BOUNDARY_CPU (the CPU the runs are pinned to), BOUNDARY_OPTS (extra -D options,
# e.g. shorter runs: -Dboundary.warmMs=200 -Dboundary.iterMs=20 -Dboundary.iters=3).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${BOUNDARY_WORK:-$HERE/../.work/boundary}
feature() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
# JDK 17: the one of `java` on the PATH unless given; JDK 25: given, or a JDK 25 beside it.
JAVA17=${JAVA17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
if [ -z "${JAVA25:-}" ]; then
  for home in "$(dirname "$JAVA17")"/*; do
    if [ -x "$home/bin/javac" ] && [ "$(feature "$home")" = 25 ]; then JAVA25=$home; break; fi
  done
fi
[ "$(feature "$JAVA17")" = 17 ] || { echo "JAVA17 must be a JDK 17 home" >&2; exit 1; }
[ "$(feature "${JAVA25:-}")" = 25 ] || { echo "JAVA25 must be a JDK 25 home" >&2; exit 1; }
# JNA 5.14.0, the Kotlin library's, from the local Maven repository.
JNA_JAR=${JNA_JAR:-$HOME/.m2/repository/net/java/dev/jna/jna/5.14.0/jna-5.14.0.jar}
CPU=${BOUNDARY_CPU:-1}
JVM_OPTS=(-XX:+UseSerialGC -Xms512m -Xmx512m ${BOUNDARY_OPTS:-})

CARGO_TARGET_DIR=$WORK/target nice -n 10 cargo build -j 1 --release -q --manifest-path "$HERE/Cargo.toml" >&2
LIB=$WORK/target/release/libboundary_bench.so
rm -rf "$WORK/classes" && mkdir -p "$WORK/classes"
nice -n 10 "$JAVA25/bin/javac" -Xlint:all -Werror --release 17 -cp "$JNA_JAR" -d "$WORK/classes" "$HERE/Boundary.java"
nice -n 10 "$JAVA25/bin/javac" -Xlint:all,-restricted -Werror --release 25 -cp "$JNA_JAR:$WORK/classes" \
  -d "$WORK/classes" "$HERE/Ffm.java"

run() { # java home, extra options
  local java=$1; shift
  nice -n 10 taskset -c "$CPU" "$java/bin/java" "$@" "${JVM_OPTS[@]}" -Dboundary.lib="$LIB" \
    -cp "$JNA_JAR:$WORK/classes" Boundary
}
row() { awk -F'|' '{ line = "|"; for (i = 2; i <= NF; i++) line = line " " $i " |"; print line }'; }
{ run "$JAVA17"; run "$JAVA25" --enable-native-access=ALL-UNNAMED; } > "$WORK/rows.txt"

echo "One thread; ns per call: median of the iterations (min–max); bytes allocated on the Java heap per call."
echo
echo "| JDK | mechanism | payload | ns/call (median) | min–max | B/call | calls/iteration |"
echo "|---|---|---|---:|---:|---:|---:|"
grep '^ST|' "$WORK/rows.txt" | row
echo
echo "$(grep -m1 '^MT|' "$WORK/rows.txt" | cut -d'|' -f5) threads calling at once; calls/s over all threads: median of the windows (min–max)."
echo
echo "| JDK | mechanism | payload | threads | calls/s (median) | min–max |"
echo "|---|---|---|---:|---:|---:|"
grep '^MT|' "$WORK/rows.txt" | row
