#!/usr/bin/env bash
# Names musl's C library in a shared object as musl distributions and the musllinux wheel
# tags do: `libc.musl-ARCH.so.1` instead of the `libc.so` that zig's linker writes.
#
#   musl-libc-name.sh FILE ARCH        e.g. musl-libc-name.sh _native.abi3.so x86_64
#
# musl's loader takes any `libc.*` name as itself, so both names load the same libc;
# auditwheel accepts only the distributions' name for a musllinux wheel.
set -eu
[ "$#" -eq 2 ] || { echo "usage: musl-libc-name.sh FILE ARCH" >&2; exit 2; }
file="$1" arch="$2"
if readelf -d "$file" | grep -q 'NEEDED.*\[libc\.so\]'; then
  patchelf --replace-needed libc.so "libc.musl-$arch.so.1" "$file"
fi
readelf -d "$file" | grep -q "NEEDED.*\[libc\.musl-$arch\.so\.1\]" || {
  echo "musl-libc-name: $file does not name libc.musl-$arch.so.1" >&2; exit 1; }
