#!/usr/bin/env bash
# Installs this machine's release artifacts in a minimal Debian root that has no Rust
# toolchain and no C compiler, as a user would, and runs each language's quickstart to the
# end there against the emulator started from its own artifact:
#
#   test-dist.sh DIST ROOT TRIPLE
#
# DIST holds what release/dist.sh wrote for TRIPLE (this machine's); ROOT is the Debian root
# (release/debian-root.sh makes it). Everything a run installs goes under ROOT/work, which
# is made anew each run. The C quickstart is compiled here, outside the root, against the
# extracted tarball through pkg-config (shared and static), and run inside.
set -euo pipefail
[ "$#" -eq 3 ] || { echo "usage: test-dist.sh DIST ROOT TRIPLE" >&2; exit 2; }
dist="$(cd "$1" && pwd)" rootfs="$(cd "$2" && pwd)" triple="$3"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$repo/release/lib.sh"
version="$(workspace_version)"
arch="${triple%%-*}"
case "$arch" in x86_64) npm_cpu=x64 ;; aarch64) npm_cpu=arm64 ;; esac
libc="${triple##*-}"
work="$rootfs/work"
step() { printf '\n== test-dist: %s\n' "$*"; }

# Inside the root: a clean environment, as a login on that machine would have.
# AUTHLETE_SERVER_URL is the emulator's (tests/with-emulator.sh exports it).
in_root() {
  chroot "$rootfs" /usr/bin/env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    AUTHLETE_SERVER_URL="${AUTHLETE_SERVER_URL:-}" "$@"
}

trap 'umount "$rootfs/proc" 2>/dev/null || true' EXIT
mountpoint -q "$rootfs/proc" || mount -t proc proc "$rootfs/proc"
rm -rf "$work"
mkdir -p "$work"
cp -r "$dist" "$work/dist"

step "the root has no compiler and no Rust toolchain"
for tool in cc gcc c++ g++ clang tcc rustc cargo rustup ld as make; do
  if in_root sh -c "command -v $tool" >/dev/null 2>&1; then
    echo "test-dist: $tool exists in the root: it must hold no compiler" >&2; exit 1
  fi
done
echo "none of cc gcc c++ g++ clang tcc rustc cargo rustup ld as make in the root"
in_root sh -c 'echo "python: $(python3 --version)"; echo "node: $(node --version), npm $(npm --version)"; java -version 2>&1 | head -n 1'

step "compiled here, run inside: the C quickstart (through pkg-config, shared and static), the Java program"
tar -xzf "$work/dist/c/authlete-$version-$triple.tar.gz" -C "$work"
c_prefix="$work/authlete-$version-$triple"
mkdir -p "$c_prefix/bin"
export PKG_CONFIG_PATH="$c_prefix/lib/pkgconfig"
# shellcheck disable=SC2046,SC2016 # pkg-config's flags are words; $ORIGIN is the loader's
cc -std=c99 -Wall -Wextra -Werror "$repo/bindings/c/examples/quickstart.c" \
  $(pkg-config --cflags --libs authlete) -Wl,-rpath,'$ORIGIN/../lib' -o "$c_prefix/bin/quickstart"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror "$repo/bindings/c/examples/quickstart.c" \
  $(pkg-config --static --cflags --libs authlete-static) -o "$c_prefix/bin/quickstart-static"
if readelf -d "$c_prefix/bin/quickstart-static" | grep -q libauthlete; then
  echo "test-dist: the static quickstart needs libauthlete.so" >&2; exit 1
fi
# The root has a JRE and no JDK: the program is compiled against the jar and the
# dependencies its POM declares (make dist-jvm fetched them beside DIST).
mkdir -p "$work/jvm/classes" "$work/jvm/lib"
cp "$work/dist/jvm/authlete-kotlin-$version.jar" "$dist/../target/jvm-deps/"*.jar "$work/jvm/lib/"
javac -d "$work/jvm/classes" -cp "$work/jvm/lib/*" "$repo/kotlin/dist-test/Quickstart.java"
cp "$repo/python/examples/quickstart.py" "$work/quickstart.py"
mkdir -p "$work/app"
cp "$repo/node/examples/quickstart.mjs" "$work/app/quickstart.mjs"

# What runs against the emulator, inside the root.
quickstarts() {
  set -euo pipefail
  echo "emulator at $AUTHLETE_SERVER_URL"

  step "Python: pip install from the wheels only, then the quickstart"
  in_root python3 -m venv /work/venv
  in_root /work/venv/bin/pip install -q --only-binary :all: --no-index --find-links /work/dist/python \
    authlete-sdk authlete-emulator
  in_root /work/venv/bin/pip list 2>/dev/null | grep -i authlete
  in_root /work/venv/bin/python /work/quickstart.py
  # The emulator wheel's executable starts and prints its address.
  in_root sh -c 'out=$(timeout 10 /work/venv/bin/authlete-emulator --addr 127.0.0.1:0 | head -n 1); echo "wheel emulator: $out"; case "$out" in http://127.0.0.1:*) ;; *) exit 1;; esac'

  step "Node: npm install of the main and platform tarballs, then the quickstart (CJS and ESM)"
  in_root sh -c "cd /work/app && npm init -y >/dev/null && npm install --offline --no-audit --no-fund \
    /work/dist/node/authlete-$version.tgz /work/dist/node/authlete-linux-$npm_cpu-$libc-$version.tgz"
  in_root sh -c 'cd /work/app && node -e "const {Authlete}=require(\"authlete\"); console.log(\"cjs:\", typeof Authlete)"'
  in_root sh -c 'cd /work/app && node quickstart.mjs'

  step "JVM: the jar and its Maven dependencies on the classpath, a Java program"
  in_root sh -c "cd /work/jvm && java -cp 'classes:lib/*' Quickstart"

  step "C: the quickstart, shared and static"
  in_root "/work/authlete-$version-$triple/bin/quickstart"
  in_root "/work/authlete-$version-$triple/bin/quickstart-static" >/dev/null
  echo "static quickstart: ok"
}

step "the emulator, from its static tarball, inside the root"
tar -xzf "$work/dist/emulator/authlete-emulator-$version-$arch-unknown-linux-musl.tar.gz" -C "$work"
# tests/with-emulator.sh starts it through this launcher, which becomes the emulator (exec),
# so that stopping it stops the emulator.
printf '#!/bin/sh\nexec chroot %s /usr/bin/env -i PATH=/usr/bin:/bin %s "$@"\n' "$rootfs" \
  "/work/authlete-emulator-$version-$arch-unknown-linux-musl/authlete-emulator" > "$work/emulator"
chmod +x "$work/emulator"
export rootfs repo version triple npm_cpu libc
export -f in_root step quickstarts
AUTHLETE_EMULATOR_BIN="$work/emulator" "$repo/tests/with-emulator.sh" bash -c quickstarts

step "every quickstart finished against the emulator from its artifact"
