#!/usr/bin/env bash
# Runs artifacts of another architecture under qemu-user: the emulator from its static
# tarball as the server, and the C quickstart linked against the C tarball (shared, and
# static through authlete-static.pc), compiled by zig for that target:
#
#   test-cross.sh DIST TRIPLE        e.g. test-cross.sh dist aarch64-unknown-linux-gnu
#
# Needs Debian's qemu-user and, for glibc triples, the target's C library
# (libc6-<arch>-cross); installs them when missing. Part of `make dist` checks, not of
# `make test` (make test builds this machine's artifacts only).
set -euo pipefail
[ "$#" -eq 2 ] || { echo "usage: test-cross.sh DIST TRIPLE" >&2; exit 2; }
dist="$(cd "$1" && pwd)" triple="$2"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$repo/release/lib.sh"
version="$(workspace_version)"
arch="${triple%%-*}" libc="${triple##*-}"
case "$arch" in aarch64) deb_arch=arm64 ;; x86_64) deb_arch=amd64 ;; esac
qemu="qemu-$arch"
need=""
command -v "$qemu" >/dev/null || need="$need qemu-user"
sysroot=""
# musl's loader for the dynamic quickstart: Debian's musl package, for this machine's
# architecture only; elsewhere only the static quickstart runs.
[ "$libc" = musl ] && [ "$arch" = "$(uname -m)" ] && [ ! -e "/lib/ld-musl-$arch.so.1" ] && need="$need musl"
if [ "$libc" = gnu ]; then
  sysroot="/usr/$arch-linux-gnu"
  [ -d "$sysroot/lib" ] || need="$need libc6-$deb_arch-cross libgcc-s1-$deb_arch-cross"
fi
if [ -n "$need" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
command -v python-zig >/dev/null || { echo "test-cross: zig is not on PATH (make dist-tools)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tar -xzf "$dist/c/authlete-$version-$triple.tar.gz" -C "$work"
prefix="$work/authlete-$version-$triple"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# -O2: in its default debug mode zig links its UBSan runtime into the program, which needs
# libc functions (statx) that older musl releases lack; the test is of our libraries.
zig_target="$arch-linux-$libc"
[ "$libc" = gnu ] && zig_target="$zig_target.2.17"
# shellcheck disable=SC2046 # pkg-config's flags are words
python-zig cc -target "$zig_target" -O2 -std=c99 -Wall -Wextra -Werror "$repo/bindings/c/examples/quickstart.c" \
  $(pkg-config --cflags --libs authlete) -o "$work/quickstart"
# shellcheck disable=SC2046
python-zig cc -target "$zig_target" -O2 -std=c99 -Wall -Wextra -Werror "$repo/bindings/c/examples/quickstart.c" \
  $(pkg-config --static --cflags --libs authlete-static) -o "$work/quickstart-static"
file "$work/quickstart" "$work/quickstart-static" | sed "s|$work/||"
qemu_args=""
[ -n "$sysroot" ] && qemu_args="-L $sysroot"
run_shared=""
[ "$libc" = gnu ] || [ -e "/lib/ld-musl-$arch.so.1" ] && run_shared=1

# The emulator of that architecture, under qemu, is the server (tests/with-emulator.sh starts
# and stops it).
tar -xzf "$dist/emulator/authlete-emulator-$version-$arch-unknown-linux-musl.tar.gz" -C "$work"
printf '#!/bin/sh\nexec %s %s "$@"\n' "$qemu" \
  "$work/authlete-emulator-$version-$arch-unknown-linux-musl/authlete-emulator" > "$work/emulator"
chmod +x "$work/emulator"
export qemu qemu_args work prefix run_shared
# shellcheck disable=SC2016 # expanded by the inner shell
AUTHLETE_EMULATOR_BIN="$work/emulator" "$repo/tests/with-emulator.sh" bash -c '
  set -euo pipefail
  echo "test-cross: emulator (under $qemu) at $AUTHLETE_SERVER_URL"
  if [ -n "$run_shared" ]; then
    LD_LIBRARY_PATH="$prefix/lib" $qemu $qemu_args "$work/quickstart" | tail -n 3
  fi
  $qemu $qemu_args "$work/quickstart-static" > /dev/null'
kinds="static"
[ -n "$run_shared" ] && kinds="shared and static"
echo "test-cross: the $triple C quickstart ($kinds) ran to the end under $qemu"
