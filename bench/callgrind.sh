#!/usr/bin/env bash
# Instructions per call (valgrind's callgrind: a count, not a time, so the figure does not move
# with the machine's load) of the Rust, C, Python and Node libraries, against the builds kept
# under bench/.work by `make bench-build-*` and, with their "-before" twins (bin/bench-rust-before,
# bin/bench_c-before, py-before/, node-before/authlete.node; see bench/README.md), of the builds
# before a change.
# Each figure is (I(2n) - I(n)) / n: start-up and warm-up cancel out.
# Usage: bench/callgrind.sh [WORK_DIR]   (prints "client workload instructions-per-call")
# CG_CLIENTS (e.g. "c node") and CG_WORKLOADS (e.g. "list") select a subset.
set -euo pipefail
W="${1:-$(cd "$(dirname "$0")" && pwd)/.work}"
B="$(cd "$(dirname "$0")" && pwd)/clients"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mktemp)"
"$W/bin/bench-server" "$W/fixtures" >"$out" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 1 100); do [ -s "$out" ] && break; sleep 0.05; done
url="$(head -n 1 "$out")"

count() { # workload n env-assignment argv...
  local wl=$1 n=$2 envs=$3
  shift 3
  env $envs valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" --workload "$wl" --count "$n" \
    --warmup 0 --inflight 64 --url "$url" --fixtures "$W/fixtures" 2>&1 >/dev/null \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_call() { # name workload n env-assignment argv...
  local name=$1 wl=$2 n=$3 envs=$4
  shift 4
  local a b
  a=$(count "$wl" "$n" "$envs" "$@")
  b=$(count "$wl" $((2 * n)) "$envs" "$@")
  echo "$name $wl $(((b - a) / n))"
}
want() { [[ " ${CG_CLIENTS:-rust c python node} " == *" $1 "* ]]; }
for wl in ${CG_WORKLOADS:-get list create}; do
  case $wl in get) n=1000 ;; list) n=50 ;; create) n=300 ;; esac
  for v in "" -before; do
    want rust && [ -x "$W/bin/bench-rust$v" ] && per_call "rust$v" $wl $n X=1 "$W/bin/bench-rust$v" core
    want c && [ -x "$W/bin/bench_c$v" ] && per_call "c$v" $wl $n X=1 "$W/bin/bench_c$v"
    py="$W/py-ours/bin/python"; [ -n "$v" ] && py="$W/py-before/bin/python"
    want python && [ -x "$py" ] && per_call "python$v" $wl $n X=1 "$py" "$B/bench.py" ours
    addon="$W/node-native/authlete.node"; [ -n "$v" ] && addon="$W/node-before/authlete.node"
    # The before addon with the JS package of its own tree when it was saved beside it
    # (node-before/pkg/node, e.g. `git archive <commit> node`), this tree's otherwise.
    pkg="$ROOT/node"; [ -n "$v" ] && [ -f "$W/node-before/pkg/node/index.mjs" ] && pkg="$W/node-before/pkg/node"
    want node && [ -f "$addon" ] && per_call "node$v" $wl $n "AUTHLETE_NODE_ADDON=$addon" node "$B/bench.mjs" "$pkg/index.mjs"
  done
done
