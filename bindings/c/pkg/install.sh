#!/usr/bin/env bash
# Installs libauthlete (header, shared and static library, pkg-config files, CMake package)
# from a folder of built libraries. Used by `make install-c` and by the release tarballs.
#
#   install.sh --from DIR --version V --prefix P [--libdir L] [--includedir I] [--destdir D]
#              [--static-libs "-lgcc_s ..."]
#
# DIR holds libauthlete_c.so and libauthlete_c.a (cargo's names). --libdir and --includedir
# default to P/lib and P/include; --destdir stages the install under D (as DESTDIR does).
# --static-libs are the system libraries the static archive needs (rustc's
# native-static-libs for the target); by default those of a glibc target.
# The pkg-config and CMake files locate everything relative to themselves, so an installed
# tree (or an extracted tarball) can be moved anywhere.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"

from="" version="" prefix="" libdir="" includedir="" destdir=""
static_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --from) from="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    --libdir) libdir="$2"; shift 2 ;;
    --includedir) includedir="$2"; shift 2 ;;
    --destdir) destdir="$2"; shift 2 ;;
    --static-libs) static_libs="$2"; shift 2 ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$from" ] && [ -n "$version" ] && [ -n "$prefix" ] || {
  echo "usage: install.sh --from DIR --version V --prefix P [--libdir L] [--includedir I] [--destdir D] [--static-libs LIBS]" >&2
  exit 2
}
for f in libauthlete_c.so libauthlete_c.a; do
  [ -f "$from/$f" ] || { echo "install.sh: $from/$f is missing (build the C library first: make c-lib)" >&2; exit 1; }
done
libdir="${libdir:-$prefix/lib}"
includedir="${includedir:-$prefix/include}"
major="${version%%.*}"

lib="$destdir$libdir"
install -d "$destdir$includedir" "$lib/pkgconfig" "$lib/cmake/authlete"
install -m 644 "$root/include/authlete.h" "$destdir$includedir/authlete.h"
install -m 755 "$from/libauthlete_c.so" "$lib/libauthlete.so.$version"
ln -sfn "libauthlete.so.$version" "$lib/libauthlete.so.$major"
ln -sfn "libauthlete.so.$major" "$lib/libauthlete.so"
install -m 644 "$from/libauthlete_c.a" "$lib/libauthlete.a"

# Paths from the pkg-config and CMake folders to the prefix and the include folder.
rel() { realpath -m --relative-to="$1" "$2"; }
cmake_libs="Threads::Threads"
for l in $static_libs; do
  case "$l" in -lpthread|-lc) ;; -l*) cmake_libs="$cmake_libs;${l#-l}" ;; esac
done
subst() {
  sed -e "s|@VERSION@|$version|g" -e "s|@VERSION_MAJOR@|$major|g" \
      -e "s|@PC_TO_PREFIX@|$(rel "$libdir/pkgconfig" "$prefix")|g" \
      -e "s|@PC_TO_INCLUDEDIR@|$(rel "$libdir/pkgconfig" "$includedir")|g" \
      -e "s|@CMAKE_TO_LIBDIR@|$(rel "$libdir/cmake/authlete" "$libdir")|g" \
      -e "s|@CMAKE_TO_INCLUDEDIR@|$(rel "$libdir/cmake/authlete" "$includedir")|g" \
      -e "s|@STATIC_LIBS@|$static_libs|g" -e "s|@CMAKE_STATIC_LIBS@|$cmake_libs|g" "$here/$1" > "$2"
}
subst authlete.pc.in "$lib/pkgconfig/authlete.pc"
subst authlete-static.pc.in "$lib/pkgconfig/authlete-static.pc"
subst authleteConfig.cmake.in "$lib/cmake/authlete/authleteConfig.cmake"
subst authleteConfigVersion.cmake.in "$lib/cmake/authlete/authleteConfigVersion.cmake"
echo "installed libauthlete $version into $destdir$prefix"
