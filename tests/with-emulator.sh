#!/usr/bin/env bash
# Usage: tests/with-emulator.sh COMMAND [ARGS...]
#
# Builds and starts the Authlete emulator on a free loopback port, exports its base URL as
# AUTHLETE_EMULATOR_URL and AUTHLETE_SERVER_URL, runs COMMAND, stops the emulator (always)
# and exits with COMMAND's status. Set AUTHLETE_EMULATOR_BIN to use a prebuilt binary.
#
# With AUTHLETE_EMULATOR_TLS=1 it also makes a test PKI (the emulator's make-test-pki) and
# starts a second emulator serving HTTPS that requires a client certificate; it exports
# AUTHLETE_EMULATOR_TLS_URL (https://127.0.0.1:PORT) and AUTHLETE_EMULATOR_PKI, the folder
# of ca.pem, client.pem and client.key, for the TLS tests of each language.
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

pids=()
temps=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "${temps[@]}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start VAR ARGS...: starts the emulator with ARGS and sets VAR to the URL it prints.
start() {
  local var="$1"
  shift
  local out
  out="$(mktemp "${TMPDIR:-/tmp}/authlete-emulator.XXXXXX")"
  temps+=("$out")
  "$bin" --addr 127.0.0.1:0 "$@" >"$out" &
  local pid=$!
  pids+=("$pid")
  local line=""
  for _ in $(seq 1 200); do
    if IFS= read -r line <"$out" && [ -n "$line" ]; then
      printf -v "$var" '%s' "$line"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "with-emulator: the emulator exited before printing its address" >&2
      exit 1
    fi
    sleep 0.05
  done
  echo "with-emulator: no address from the emulator after 10 s" >&2
  exit 1
}

start url
export AUTHLETE_EMULATOR_URL="$url"
export AUTHLETE_SERVER_URL="$url"

if [ "${AUTHLETE_EMULATOR_TLS:-}" = 1 ]; then
  pki="$(mktemp -d "${TMPDIR:-/tmp}/authlete-pki.XXXXXX")"
  temps+=("$pki")
  "$bin" make-test-pki "$pki"
  start tls_url --tls-cert "$pki/server.pem" --tls-key "$pki/server.key" --tls-client-ca "$pki/ca.pem"
  export AUTHLETE_EMULATOR_TLS_URL="$tls_url" AUTHLETE_EMULATOR_PKI="$pki"
fi

set +e
"$@"
status=$?
set -e
exit "$status"
