# Shared by the release scripts (sourced, not run).

# The workspace's version: the one version of every artifact.
workspace_version() {
  sed -n 's/^version = "\(.*\)"/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../Cargo.toml" | head -n 1
}

# pack_tarball DIR NAME OUT: OUT (.tar.gz) holds DIR/NAME, reproducibly (sorted names,
# fixed owner and time), so the same files always give the same tarball.
pack_tarball() {
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00Z' \
    -C "$1" -czf "$3" "$2"
}
