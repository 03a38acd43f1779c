#!/usr/bin/env bash
# Builds the native libraries of one Linux target triple for a release, with the `dist` cargo
# profile, linked by zig (cargo-zigbuild) so that glibc targets need only glibc 2.17 (the
# manylinux2014 baseline) and any triple builds on any Linux host:
#
#   build-native.sh TRIPLE OUT
#
# OUT/TRIPLE/ receives, under the names the packagers expect:
#   libauthlete_c.so, libauthlete_c.a, static-libs.txt   the C library (release/pack-c.sh)
#   authlete.node                                         the Node addon (make dist-node)
#   libauthlete_uniffi.so                                 the JVM library (make dist-jvm)
#   authlete-emulator                                     the emulator, a static executable
# The Python wheels are built by maturin (release/dist.sh), which runs its own cargo build.
set -euo pipefail
[ "$#" -eq 2 ] || { echo "usage: build-native.sh TRIPLE OUT" >&2; exit 2; }
triple="$1"
out="$2/$triple"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
cd "$root"

case "$triple" in
  x86_64-unknown-linux-gnu|aarch64-unknown-linux-gnu) zig_target="$triple.2.17"; libc=gnu ;;
  x86_64-unknown-linux-musl|aarch64-unknown-linux-musl) zig_target="$triple"; libc=musl ;;
  *) echo "build-native.sh: unsupported triple $triple" >&2; exit 2 ;;
esac
rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"
command -v cargo-zigbuild >/dev/null || { echo "build-native.sh: cargo-zigbuild is not on PATH (make dist-tools)" >&2; exit 1; }

env_name="CARGO_TARGET_$(echo "$triple" | tr 'a-z-' 'A-Z_')_RUSTFLAGS"
lib_flags=""
# musl targets link statically by default, which rules out shared libraries: the libraries
# link musl dynamically (as Alpine's own do); the emulator stays static.
[ "$libc" = musl ] && lib_flags="-C target-feature=-crt-static"

built="$target_dir/$triple/dist"
mkdir -p "$out"
env "$env_name=$lib_flags" cargo zigbuild --locked --profile dist --target "$zig_target" \
  -p authlete-c -p authlete-node -p authlete-uniffi --lib
cp "$built/libauthlete_c.so" "$built/libauthlete_c.a" "$built/libauthlete_uniffi.so" "$out/"
cp "$built/libauthlete_node.so" "$out/authlete.node"
if [ "$libc" = musl ]; then
  for f in libauthlete_c.so libauthlete_uniffi.so authlete.node; do
    "$(dirname "${BASH_SOURCE[0]}")/musl-libc-name.sh" "$out/$f" "${triple%%-*}"
  done
fi
# shellcheck disable=SC2086 # the flags are words
"$root/bindings/c/pkg/static-libs.sh" "$triple" $lib_flags > "$out/static-libs.txt"

emu_target="$zig_target"
[ "$libc" = gnu ] && emu_target="${triple%-gnu}-musl"
rustup target list --installed | grep -qx "${emu_target}" || rustup target add "$emu_target"
env "CARGO_TARGET_$(echo "$emu_target" | tr 'a-z-' 'A-Z_')_RUSTFLAGS=" \
  cargo zigbuild --locked --profile dist --target "$emu_target" -p authlete-emulator --bin authlete-emulator
cp "$target_dir/$emu_target/dist/authlete-emulator" "$out/"
echo "build-native: $triple -> $out"
