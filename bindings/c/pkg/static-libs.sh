#!/usr/bin/env bash
# Prints the system libraries a Rust static library needs on a target: rustc's own
# native-static-libs list, from a probe crate built for that target.
#   static-libs.sh [TRIPLE] [RUSTC FLAGS...]   e.g. static-libs.sh x86_64-unknown-linux-musl -C target-feature=-crt-static
set -euo pipefail
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
echo 'pub fn probe() {}' > "$dir/probe.rs"
target=()
if [ "$#" -gt 0 ]; then target=(--target "$1"); shift; fi
rustc --crate-type staticlib "${target[@]}" "$@" --print native-static-libs \
  -o "$dir/libprobe.a" "$dir/probe.rs" 2>&1 | sed -n 's/^note: native-static-libs: //p'
