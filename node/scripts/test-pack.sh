#!/usr/bin/env bash
# `make test-node-pack` (under tests/with-emulator.sh): the release tarballs work where a user
# installs them. For this machine's platform: `make dist-node` into a temporary DIST; a fresh
# project installs the main tarball and this platform's from the files, with no registry;
# CommonJS and ESM each create a client on the emulator and get it back, with the addon
# loaded from the platform package. Then a project with the main tarball alone, and one on a
# platform without a package, get the error that names the platform, lists the platforms
# that have one and says how to build from source.
#
# Needs DIST_NATIVE/<this machine's triple>/authlete.node (the release build writes it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node_dir="$(dirname "$here")"
root="$(dirname "$node_dir")"
: "${AUTHLETE_SERVER_URL:?run under tests/with-emulator.sh}"
: "${VERSION:?VERSION (the workspace version) is passed by make}"
make="${MAKE:-make}"

fail() {
  echo "test-node-pack: FAIL: $*" >&2
  exit 1
}

tmp="$(mktemp -d "${TMPDIR:-/tmp}/authlete-node-pack.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# No registry: our packages come from the tarballs, and nothing else is installed.
npm_install=(npm install --offline --no-audit --no-fund --loglevel=error)

read -r platform triple platforms < <(cd "$node_dir" && node -e '
  const p = require("./lib/platform.js");
  const t = p.targets().find((x) => x.platform === p.currentPlatform());
  if (!t) { console.error(`no napi target for this machine (${p.currentPlatform()})`); process.exit(1); }
  console.log(t.platform, t.triple, p.targets().map((x) => x.platform).join(","));
')
echo "== dist-node for $triple ($platform) into $tmp/dist"
"$make" -C "$root" --no-print-directory dist-node DIST="$tmp/dist" NODE_DIST_TRIPLES="$triple"

main="$tmp/dist/node/authlete-$VERSION.tgz"
plat="$tmp/dist/node/authlete-$platform-$VERSION.tgz"
for f in "$main" "$plat"; do [ -f "$f" ] || fail "dist-node did not write $f"; done
if tar -tzf "$main" | grep '\.node$'; then fail "$main holds a .node file"; fi
tar -tzf "$plat" | grep -qx "package/authlete.$platform.node" || fail "$plat lacks authlete.$platform.node"

echo "== a fresh project installs both tarballs"
mkdir "$tmp/app"
cd "$tmp/app"
npm init -y >/dev/null
"${npm_install[@]}" "$main" "$plat"

cat >check-addon.cjs <<'EOF'
// The addon must be the platform package's, not a build of the source tree.
module.exports = function checkAddon(req, platform) {
  const loaded = Object.keys(req.cache).filter((k) => k.endsWith(".node"));
  const want = `${process.cwd()}/node_modules/authlete-${platform}/authlete.${platform}.node`;
  if (loaded.length !== 1 || loaded[0] !== want) throw new Error(`addon loaded from ${loaded}, expected ${want}`);
};
EOF
cat >app.cjs <<'EOF'
const { Authlete } = require("authlete");
const { SDKValidationError } = require("authlete/models/errors");
const checkAddon = require("./check-addon.cjs");

(async () => {
  const authlete = new Authlete({ serverURL: process.env.AUTHLETE_SERVER_URL, security: { bearer: "test-token" } });
  const created = await authlete.clients.create({
    serviceId: "715948317",
    client: { clientName: "pack test (cjs)", grantTypes: ["AUTHORIZATION_CODE"], redirectUris: ["https://example.com/cb"] },
  });
  const got = await authlete.clients.get({ serviceId: "715948317", clientId: String(created.clientId) });
  if (got.clientId !== created.clientId || got.clientName !== "pack test (cjs)") throw new Error(`got ${JSON.stringify(got)}`);
  if (typeof SDKValidationError !== "function") throw new Error("authlete/models/errors did not load");
  checkAddon(require, process.argv[2]);
  console.log(`cjs: created and got client ${got.clientId} "${got.clientName}"`);
})().catch((e) => { console.error(e); process.exit(1); });
EOF
cat >app.mjs <<'EOF'
import { createRequire } from "node:module";
import { Authlete } from "authlete";
import { AuthleteCore } from "authlete/core";
import { clientsGet } from "authlete/funcs/clientsGet.js";

const authlete = new Authlete({ serverURL: process.env.AUTHLETE_SERVER_URL, security: { bearer: "test-token" } });
const created = await authlete.clients.create({
  serviceId: "715948317",
  client: { clientName: "pack test (esm)", grantTypes: ["AUTHORIZATION_CODE"], redirectUris: ["https://example.com/cb"] },
});
const core = new AuthleteCore({ serverURL: process.env.AUTHLETE_SERVER_URL, security: { bearer: "test-token" } });
const res = await clientsGet(core, { serviceId: "715948317", clientId: String(created.clientId) });
if (!res.ok || res.value.clientId !== created.clientId || res.value.clientName !== "pack test (esm)") {
  throw new Error(`clientsGet: ${JSON.stringify(res)}`);
}
const require = createRequire(import.meta.url);
require("./check-addon.cjs")(require, process.argv[2]);
console.log(`esm: created and got client ${res.value.clientId} "${res.value.clientName}"`);
EOF
node app.cjs "$platform"
node app.mjs "$platform"

# Each check expects loading to fail with the message of a missing addon; prints it.
expect_missing() { # DIR PLATFORM-NAMED [NODE-ARGS...]
  local dir="$1" named="$2" out
  shift 2
  if out="$(cd "$dir" && node "$@" 2>&1)"; then fail "loading authlete succeeded in $dir"; fi
  msg="$(printf '%s\n' "$out" | grep -A3 '^Error: authlete: ' || true)"
  [ -n "$msg" ] || fail "no authlete error in: $out"
  printf '%s\n' "$msg" | sed 's/^/    /'
  grep -qF "($named)" <<<"$msg" || fail "the message does not name the platform $named"
  local p
  for p in ${platforms//,/ }; do
    grep -qF "$p" <<<"$msg" || fail "the message does not list $p"
  done
  grep -qF "build from source" <<<"$msg" || fail "the message does not say how to build from source"
}

echo "== the main tarball alone: require and import fail naming the platform"
mkdir "$tmp/bare"
(cd "$tmp/bare" && npm init -y >/dev/null && "${npm_install[@]}" "$main")
[ ! -e "$tmp/bare/node_modules/authlete-$platform" ] || fail "authlete-$platform was installed from elsewhere"
expect_missing "$tmp/bare" "$platform" -e 'require("authlete")'
expect_missing "$tmp/bare" "$platform" --input-type=module -e 'import "authlete"'

echo "== a platform without a package (process.arch made riscv64)"
echo 'Object.defineProperty(process, "arch", { value: "riscv64" });' >"$tmp/riscv64.cjs"
elsewhere="$(cd "$node_dir" && node -r "$tmp/riscv64.cjs" -p 'require("./lib/platform.js").currentPlatform()')"
expect_missing "$tmp/app" "$elsewhere" -r "$tmp/riscv64.cjs" -e 'require("authlete")'

echo "test-node-pack: OK ($(basename "$main") $(stat -c %s "$main") bytes, $(basename "$plat") $(stat -c %s "$plat") bytes)"
