// Which addon the package loads: the tree's own build after `npm run build`, the file
// AUTHLETE_NODE_ADDON names, and the error when napi's loader finds none for the platform.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const nodeDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const platform = require("../lib/platform.js");
const pkg = JSON.parse(readFileSync(join(nodeDir, "package.json"), "utf8"));
const here = platform.currentPlatform();
const built = join(nodeDir, "native", `authlete.${here}.node`);

/** Runs `code` in a child node in node/ and returns {status, stderr, stdout}. */
function child(code, env = {}, args = []) {
  const r = spawnSync(process.execPath, [...args, "-e", code], {
    cwd: nodeDir,
    env: { ...process.env, AUTHLETE_NODE_ADDON: "", NAPI_RS_NATIVE_LIBRARY_PATH: "", ...env },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LOADED = `require("./lib/native.js");
  console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.endsWith(".node"))));`;

test("the platform names of package.json's napi targets are napi-rs's", () => {
  assert.deepEqual(
    platform.targets().map((t) => [t.triple, t.platform, t.packageName]),
    [
      ["x86_64-unknown-linux-gnu", "linux-x64-gnu", "authlete-linux-x64-gnu"],
      ["aarch64-unknown-linux-gnu", "linux-arm64-gnu", "authlete-linux-arm64-gnu"],
      ["x86_64-unknown-linux-musl", "linux-x64-musl", "authlete-linux-x64-musl"],
      ["aarch64-unknown-linux-musl", "linux-arm64-musl", "authlete-linux-arm64-musl"],
    ],
  );
  assert.equal(platform.platformOfTriple("aarch64-apple-darwin"), "darwin-arm64");
  assert.equal(platform.platformOfTriple("x86_64-pc-windows-msvc"), "win32-x64-msvc");
});

test("in the tree, the loader takes the addon `npm run build` just wrote", { skip: !existsSync(built) && `no ${built}` }, () => {
  const r = child(LOADED);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [built]);
});

test("AUTHLETE_NODE_ADDON names the file to load, and a missing one is an error naming it", { skip: !existsSync(built) && `no ${built}` }, () => {
  const ok = child(LOADED, { AUTHLETE_NODE_ADDON: built });
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), [built]);

  const bad = child(LOADED, { AUTHLETE_NODE_ADDON: "/nonexistent/authlete.node" });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /cannot load the native addon AUTHLETE_NODE_ADDON=\/nonexistent\/authlete\.node/);
});

// The loader's own override pointing nowhere makes it find nothing, as on a machine where
// the platform package is not installed.
test("no addon found: the error names this platform, lists the packaged ones, says how to build", () => {
  const r = child(`require("./index.js")`, { NAPI_RS_NATIVE_LIBRARY_PATH: "/nonexistent/none.node" });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, new RegExp(`no native addon for this platform \\(${here}\\)`));
  const listed = /Prebuilt addons exist for: (.*)\./.exec(r.stderr);
  assert.ok(listed, r.stderr);
  assert.deepEqual(listed[1].split(", "), pkg.napi.targets.map(platform.platformOfTriple));
  assert.match(r.stderr, /To build from source .*npm run build/);
});

test("a platform with no package at all is told so", () => {
  const riscv = `data:text/javascript,Object.defineProperty(process, "arch", { value: "riscv64" })`;
  const r = child(`require("./index.js")`, {}, ["--import", riscv]);
  assert.notEqual(r.status, 0);
  const elsewhere = here.replace(process.arch, "riscv64");
  assert.match(r.stderr, new RegExp(`there is no prebuilt native addon for this platform \\(${elsewhere}\\)`));
  assert.match(r.stderr, /Prebuilt addons exist for: linux-x64-gnu, linux-arm64-gnu, linux-x64-musl, linux-arm64-musl\./);
});

test("the package ships the loader but no addon", () => {
  const [info] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: nodeDir, encoding: "utf8" }));
  const files = info.files.map((f) => f.path);
  assert.ok(files.includes("native/binding.js"));
  assert.deepEqual(files.filter((f) => f.endsWith(".node")), []);
});
