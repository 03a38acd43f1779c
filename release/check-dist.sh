#!/usr/bin/env bash
# Checks the files `make dist` wrote for the given triples without running them: the
# architecture and C library of every native file (file, readelf), the glibc symbol versions
# against the manylinux2014 baseline (2.17), the sonames, the wheels' tags (auditwheel show)
# and metadata (twine check), and what each tarball and jar holds.
#
#   check-dist.sh DIST VERSION TRIPLE...
# No pipefail: `producer | grep -q` ends the producer early (SIGPIPE), which is not a failure.
set -eu
[ "$#" -ge 3 ] || { echo "usage: check-dist.sh DIST VERSION TRIPLE..." >&2; exit 2; }
dist="$1" version="$2"; shift 2
fail=0
bad() { echo "check-dist: $*" >&2; fail=1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# check_elf FILE ARCH LIBC: ARCH is x86_64 or aarch64; LIBC gnu, musl or static.
check_elf() {
  local f="$1" arch="$2" libc="$3" desc machine
  desc="$(file -bL "$f")"
  case "$arch" in x86_64) machine="x86-64" ;; aarch64) machine="ARM aarch64" ;; esac
  [[ "$desc" == *"$machine"* ]] || bad "$f is not $arch: $desc"
  case "$libc" in
    static)
      [[ "$desc" == *"static"* ]] || bad "$f is not statically linked: $desc" ;;
    gnu)
      local newest
      newest="$(readelf -W --dyn-syms "$f" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)"
      if [ -n "$newest" ] && [ "$(printf '%s\n2.17\n' "$newest" | sort -V | tail -n 1)" != "2.17" ]; then
        bad "$f needs GLIBC_$newest, newer than the manylinux2014 baseline 2.17"
      fi
      readelf -d "$f" | grep -q 'NEEDED.*libc\.so\.6' || bad "$f does not link glibc" ;;
    musl)
      readelf -d "$f" | grep -q "NEEDED.*\[libc\.musl-$arch\.so\.1\]" || bad "$f does not name musl's libc as libc.musl-$arch.so.1"
      if readelf -W --dyn-syms "$f" | grep -q 'GLIBC_'; then bad "$f refers to glibc symbols"; fi ;;
  esac
}

for triple in "$@"; do
  arch="${triple%%-*}"
  libc="${triple##*-}"
  case "$arch" in x86_64) npm_cpu=x64 ;; aarch64) npm_cpu=arm64 ;; esac

  # C tarball: the shared library with its soname, the archive, relocatable pkg-config files.
  name="authlete-$version-$triple"
  tarball="$dist/c/$name.tar.gz"
  if [ -f "$tarball" ]; then
    tar -xzf "$tarball" -C "$work"
    c="$work/$name"
    check_elf "$c/lib/libauthlete.so.$version" "$arch" "$libc"
    readelf -d "$c/lib/libauthlete.so.$version" | grep -q "SONAME.*\[libauthlete.so.${version%%.*}\]" \
      || bad "$tarball: wrong soname"
    [ "$(readlink "$c/lib/libauthlete.so")" = "libauthlete.so.${version%%.*}" ] || bad "$tarball: libauthlete.so link"
    ar t "$c/lib/libauthlete.a" | grep -q . || bad "$tarball: empty libauthlete.a"
    grep -q "#define AUTHLETE_VERSION \"$version\"" "$c/include/authlete.h" || bad "$tarball: header version"
    for pc in authlete authlete-static; do
      grep -q '^libdir=${pcfiledir}' "$c/lib/pkgconfig/$pc.pc" || bad "$tarball: $pc.pc is not relocatable"
    done
    [ -f "$c/lib/cmake/authlete/authleteConfig.cmake" ] || bad "$tarball: no CMake package"
  else
    bad "missing $tarball"
  fi

  # Python wheels: the SDK's (abi3) and the emulator's, for this triple's platform tag.
  case "$libc" in gnu) tag="manylinux_2_17_$arch" ;; musl) tag="musllinux_1_2_$arch" ;; esac
  for wheel in "authlete_sdk-$version-cp39-abi3" "authlete_emulator-$version-py3-none"; do
    found="$(ls "$dist/python/$wheel"-*"$tag"*.whl 2>/dev/null | head -n 1)"
    if [ -z "$found" ]; then bad "no $wheel wheel tagged $tag"; continue; fi
    auditwheel show "$found" > "$work/auditwheel.txt" 2>&1 || bad "auditwheel show $found failed: $(cat "$work/auditwheel.txt")"
    if [ "$libc" = gnu ]; then
      grep -q 'manylinux_2_17\|manylinux2014' "$work/auditwheel.txt" || bad "$found is not manylinux2014: $(cat "$work/auditwheel.txt")"
    fi
  done

  # Node: the platform package holds its addon.
  npm_pkg="$dist/node/authlete-linux-$npm_cpu-$libc-$version.tgz"
  if [ -f "$npm_pkg" ]; then
    mkdir -p "$work/npm-$triple"
    tar -xzf "$npm_pkg" -C "$work/npm-$triple"
    node_file="$(ls "$work/npm-$triple"/package/*.node 2>/dev/null | head -n 1)"
    if [ -n "$node_file" ]; then check_elf "$node_file" "$arch" "$libc"; else bad "$npm_pkg holds no .node file"; fi
  else
    bad "missing $npm_pkg"
  fi

  # Emulator: a static executable of this architecture.
  emu="$dist/emulator/authlete-emulator-$version-$arch-unknown-linux-musl.tar.gz"
  if [ -f "$emu" ]; then
    tar -xzf "$emu" -C "$work"
    check_elf "$work/authlete-emulator-$version-$arch-unknown-linux-musl/authlete-emulator" "$arch" static
  else
    bad "missing $emu"
  fi
done

# The main npm package carries the loader and no addon.
main_npm="$dist/node/authlete-$version.tgz"
if [ -f "$main_npm" ]; then
  if tar -tzf "$main_npm" | grep -q '\.node$'; then bad "$main_npm holds a .node file"; fi
else
  bad "missing $main_npm"
fi

# JVM: the jar holds the native library of every glibc triple built, at JNA's paths.
jar="$dist/jvm/authlete-kotlin-$version.jar"
if [[ " $* " != *" x86_64-unknown-linux-gnu "* ]]; then
  echo "check-dist: no JVM jar to check (it needs x86_64-unknown-linux-gnu)"
elif [ -f "$jar" ]; then
  for triple in "$@"; do
    case "$triple" in
      x86_64-*-gnu) jna=linux-x86-64 ;;
      aarch64-*-gnu) jna=linux-aarch64 ;;
      *) continue ;;
    esac
    unzip -p "$jar" "$jna/libauthlete_uniffi.so" > "$work/uniffi.so" 2>/dev/null || { bad "$jar has no $jna/libauthlete_uniffi.so"; continue; }
    check_elf "$work/uniffi.so" "${triple%%-*}" gnu
  done
  for extra in sources javadoc; do
    [ -f "$dist/jvm/authlete-kotlin-$version-$extra.jar" ] || bad "missing the $extra jar"
  done
  [ -f "$dist/jvm/authlete-kotlin-$version.pom" ] || bad "missing the POM"
else
  bad "missing $jar"
fi

ls "$dist/python/"authlete_sdk-"$version".tar.gz >/dev/null 2>&1 || bad "missing the sdist"
twine check --strict "$dist/python/"* || bad "twine check failed"

[ "$fail" -eq 0 ] || exit 1
echo "check-dist: every artifact of $* checks out"
