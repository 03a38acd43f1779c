#!/usr/bin/env bash
# Usage: tests/with-emulator.sh COMMAND [ARGS...]
#
# Builds and starts the Authlete emulator on a free loopback port, exports its base URL as
# AUTHLETE_EMULATOR_URL and AUTHLETE_SERVER_URL, runs COMMAND, stops the emulator (always)
# and exits with COMMAND's status. Set AUTHLETE_EMULATOR_BIN to use a prebuilt binary.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${AUTHLETE_EMULATOR_BIN:-}"
if [ -z "$bin" ]; then
  cargo build -q -p authlete-emulator --manifest-path "$root/Cargo.toml"
  bin="${CARGO_TARGET_DIR:-$root/target}/debug/authlete-emulator"
fi

out="$(mktemp "${TMPDIR:-/tmp}/authlete-emulator.XXXXXX")"
"$bin" --addr 127.0.0.1:0 >"$out" &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$out"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

url=""
for _ in $(seq 1 200); do
  if IFS= read -r line <"$out" && [ -n "$line" ]; then
    url="$line"
    break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "with-emulator: the emulator exited before printing its address" >&2
    exit 1
  fi
  sleep 0.05
done
if [ -z "$url" ]; then
  echo "with-emulator: no address from the emulator after 10 s" >&2
  exit 1
fi

export AUTHLETE_EMULATOR_URL="$url"
export AUTHLETE_SERVER_URL="$url"
set +e
"$@"
status=$?
set -e
exit "$status"
