#!/usr/bin/env bash
# Writes what a release publishes into DIST (see RELEASING.md for the layout):
#
#   dist.sh DIST NATIVE TRIPLE...
#
# For each Linux triple: the native libraries (build-native.sh into NATIVE/TRIPLE), the
# Python wheel (maturin, abi3, manylinux2014 for glibc through zig, musllinux_1_2 for musl),
# the emulator's wheel, the C tarball, and the emulator's static executable as a tarball
# (one per architecture: it runs on any Linux of that architecture). Then, once: the
# Python sdist, the npm packages (make dist-node) and the JVM jars (make dist-jvm) of the
# triples built, the checks of every file (check-dist.sh) and DIST/SHA256SUMS.
# Needs cargo-zigbuild, maturin, auditwheel and twine on PATH (make dist-tools).
set -euo pipefail
[ "$#" -ge 3 ] || { echo "usage: dist.sh DIST NATIVE TRIPLE..." >&2; exit 2; }
dist="$1" native="$2"; shift 2
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/release/lib.sh"
version="$(workspace_version)"
cd "$root"

rm -rf "$dist"
mkdir -p "$dist/python" "$dist/c" "$dist/emulator"
for triple in "$@"; do
  release/build-native.sh "$triple" "$native"
  case "$triple" in
    *-gnu) compat=manylinux2014 ;;
    *-musl) compat=musllinux_1_2 ;;
  esac
  for manifest in python/pyproject.toml tests/emulator/pyproject.toml; do
    (cd "$(dirname "$manifest")" && maturin build --locked --profile dist --zig --target "$triple" \
      --compatibility "$compat" --out "$dist/python")
  done
  if [ "$compat" = musllinux_1_2 ]; then
    # The extension module names musl's C library as musllinux expects (musl-libc-name.sh).
    wheel="$(ls "$dist/python/authlete_sdk-$version-"*"musllinux_1_2_${triple%%-*}.whl")"
    unpacked="$(mktemp -d)"
    python -m wheel unpack -d "$unpacked" "$wheel" >/dev/null
    release/musl-libc-name.sh "$unpacked"/*/authlete_sdk/_native.abi3.so "${triple%%-*}"
    rm "$wheel"
    python -m wheel pack -d "$dist/python" "$unpacked"/* >/dev/null
    rm -rf "$unpacked"
  fi
  release/pack-c.sh "$triple" "$native" "$dist/c" "$version"
  # The emulator is a static (musl) executable, the same for both triples of an
  # architecture: one tarball per architecture, named for the musl triple it is built for.
  name="authlete-emulator-$version-${triple%%-*}-unknown-linux-musl"
  if [ ! -f "$dist/emulator/$name.tar.gz" ]; then
    stage="$(mktemp -d)"
    mkdir "$stage/$name"
    cp "$native/$triple/authlete-emulator" LICENSE NOTICE "$stage/$name/"
    cp tests/emulator/README.md "$stage/$name/README.md"
    pack_tarball "$stage" "$name" "$dist/emulator/$name.tar.gz"
    rm -rf "$stage"
  fi
done
(cd python && maturin sdist --out "$dist/python")
make --no-print-directory dist-node DIST="$dist" DIST_NATIVE="$native" NODE_DIST_TRIPLES="$*"
# The jar carries the glibc builds (JNA has one folder per OS and CPU, not per C library);
# x86_64's is the one it cannot do without.
jvm_natives=""
for triple in "$@"; do case "$triple" in *-linux-gnu) jvm_natives="$jvm_natives $triple" ;; esac; done
if [[ " $jvm_natives " == *" x86_64-unknown-linux-gnu "* ]]; then
  make --no-print-directory dist-jvm DIST="$dist" DIST_NATIVE="$native" JVM_NATIVES="${jvm_natives# }"
else
  echo "dist: no JVM jar without x86_64-unknown-linux-gnu among the triples"
fi
release/check-dist.sh "$dist" "$version" "$@"
(cd "$dist" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | sort | xargs sha256sum > SHA256SUMS)
echo "dist: $(wc -l < "$dist/SHA256SUMS") files in $dist"
