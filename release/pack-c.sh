#!/usr/bin/env bash
# Packs the C library of one triple as a relocatable tarball:
#
#   pack-c.sh TRIPLE NATIVE_DIR OUT_DIR VERSION
#
# NATIVE_DIR/TRIPLE holds what build-native.sh built. Writes
# OUT_DIR/authlete-VERSION-TRIPLE.tar.gz with one top folder holding include/authlete.h,
# lib/ (libauthlete.so.VERSION with its soname links, libauthlete.a), lib/pkgconfig/
# (authlete.pc, authlete-static.pc) and lib/cmake/authlete/, all located relative to
# themselves, plus README, LICENSE and NOTICE.
set -euo pipefail
[ "$#" -eq 4 ] || { echo "usage: pack-c.sh TRIPLE NATIVE_DIR OUT_DIR VERSION" >&2; exit 2; }
triple="$1" native="$2/$1" out="$3" version="$4"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/release/lib.sh"
name="authlete-$version-$triple"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

"$root/bindings/c/pkg/install.sh" --from "$native" --version "$version" --prefix "$stage/$name" \
  --static-libs "$(cat "$native/static-libs.txt")" >/dev/null
cp "$root/LICENSE" "$root/NOTICE" "$stage/$name/"
cp "$root/bindings/c/README.md" "$stage/$name/README.md"
mkdir -p "$out"
pack_tarball "$stage" "$name" "$out/$name.tar.gz"
echo "pack-c: $out/$name.tar.gz"
