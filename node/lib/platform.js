"use strict";
// Platform names as napi-rs spells them (linux-x64-gnu, ...): the suffix of each prebuilt
// package (authlete-<platform>) and of its .node file. The list of platforms that have a
// package is derived from package.json's napi.targets, so it cannot drift from what
// `napi create-npm-dirs` and the release pack; the error of a missing addon and
// scripts/dist.mjs both use these.

const pkg = require("../package.json");

// Rust's architecture names -> Node's process.arch (the subset napi-rs targets).
const ARCH = {
  x86_64: "x64",
  aarch64: "arm64",
  i686: "ia32",
  armv7: "arm",
  riscv64gc: "riscv64",
  powerpc64le: "ppc64",
  s390x: "s390x",
  loongarch64: "loong64",
};
// Rust's OS names -> Node's process.platform.
const OS = { linux: "linux", darwin: "darwin", windows: "win32", freebsd: "freebsd", android: "android" };

/** "x86_64-unknown-linux-gnu" -> "linux-x64-gnu", as napi-rs names a target's package. */
function platformOfTriple(triple) {
  const parts = triple.split("-");
  const arch = ARCH[parts[0]] || parts[0];
  const osPart = parts.find((p) => OS[p]);
  if (!osPart) return triple;
  const abi = parts[parts.indexOf(osPart) + 1];
  return [OS[osPart], arch, abi].filter(Boolean).join("-");
}

/** The napi targets of package.json as {triple, platform, packageName}. */
function targets() {
  const napi = pkg.napi || {};
  const name = napi.packageName || pkg.name;
  return (napi.targets || []).map((triple) => {
    const platform = platformOfTriple(triple);
    return { triple, platform, packageName: `${name}-${platform}` };
  });
}

/** Whether this Linux process runs on musl: glibc reports its version, musl does not. */
function isMusl() {
  if (process.platform !== "linux") return false;
  try {
    const report = process.report && process.report.getReport();
    return !(report && report.header && report.header.glibcVersionRuntime);
  } catch {
    return false;
  }
}

/** This process's platform in the same spelling, e.g. "linux-x64-gnu" or "darwin-arm64". */
function currentPlatform() {
  const parts = [process.platform, process.arch];
  if (process.platform === "linux") parts.push(isMusl() ? "musl" : "gnu");
  else if (process.platform === "win32") parts.push("msvc");
  return parts.join("-");
}

module.exports = { platformOfTriple, targets, currentPlatform };
