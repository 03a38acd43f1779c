#!/usr/bin/env bash
# Makes (once) a minimal Debian root for `make test-dist`: what a user's machine has, and no
# Rust toolchain and no C compiler. Kept under target/ and remade when this list changes.
#
#   debian-root.sh DIR
#
# It holds python3 with pip and venv, Debian's nodejs with npm (an older Node than the
# build machine's), a headless JRE and CA certificates. Debian's packages come from the
# mirror this machine's apt uses. debootstrap makes the base system and apt inside it adds
# the rest (debootstrap's own resolver cannot install npm's dependencies), without
# Recommends, so npm's build-essential recommendation stays out.
set -euo pipefail
[ "$#" -eq 1 ] || { echo "usage: debian-root.sh DIR" >&2; exit 2; }
dir="$1"
suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
packages="python3 python3-pip python3-venv nodejs npm default-jre-headless ca-certificates"
stamp="$suite $mirror $packages"

if [ -f "$dir/.authlete-root" ] && [ "$(cat "$dir/.authlete-root")" = "$stamp" ]; then
  exit 0
fi
command -v debootstrap >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}
# Never delete through a mount (an interrupted debootstrap or test leaves /proc mounted).
if [ -d "$dir" ]; then
  { grep -o " $(realpath "$dir")/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
fi
rm -rf --one-file-system "$dir"
mkdir -p "$(dirname "$dir")"
echo "debian-root: debootstrap $suite into $dir (a few minutes, once)"
debootstrap --variant=minbase "$suite" "$dir" "$mirror" > "$dir.log" 2>&1 || {
  tail -20 "$dir.log" >&2; exit 1; }
mountpoint -q "$dir/proc" || mount -t proc proc "$dir/proc"
# shellcheck disable=SC2086 # the list is words
chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive sh -c \
  "apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages" >> "$dir.log" 2>&1 || {
  umount "$dir/proc"; tail -20 "$dir.log" >&2; exit 1; }
umount "$dir/proc"
# Debian's apt caches are not needed to run anything.
rm -rf "$dir/var/cache/apt/archives/"*.deb "$dir/var/lib/apt/lists/"*
# A root made before this line but interrupted has no stamp, and is made again.
echo "$stamp" > "$dir/.authlete-root"
echo "debian-root: ready ($(du -shx "$dir" | cut -f1))"
