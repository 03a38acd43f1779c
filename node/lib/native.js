"use strict";
// Loads the native addon built from bindings/node. native/binding.js is napi-rs's generated
// platform loader (written by `npm run build`, never edited): it takes
// native/authlete.<platform>.node when a local build put one there, else the installed
// package authlete-<platform>. AUTHLETE_NODE_ADDON names one .node file instead (the
// benchmarks build theirs outside the package).

const platform = require("./platform.js");

const BUILD_FROM_SOURCE =
  "To build from source (needs Rust and Node 18+): clone https://github.com/authlete-sdk/authlete-sdk, " +
  "run `npm ci && npm run build` in its node/ directory, then `npm install /path/to/authlete-sdk/node`.";

/** What each of the loader's attempts hit, in the order it tried them (its causes, newest first). */
function attempts(e) {
  const out = [];
  for (let c = e && e.cause; c && out.length < 12; c = c.cause) {
    const msg = String((c && c.message) || c).split("\n")[0];
    if (msg && !out.includes(msg)) out.push(msg);
  }
  if (out.length === 0 && e) out.push(String(e.message || e).split("\n")[0]);
  return out.reverse();
}

function loadOverride(file) {
  try {
    return require(file);
  } catch (e) {
    const err = new Error(`authlete: cannot load the native addon AUTHLETE_NODE_ADDON=${file}: ${e && e.message}`);
    err.cause = e;
    throw err;
  }
}

function missingAddon(e) {
  const here = platform.currentPlatform();
  const known = platform.targets();
  const mine = known.find((t) => t.platform === here);
  const list = known.map((t) => t.platform).join(", ");
  const lines = [
    mine
      ? `authlete: no native addon for this platform (${here}) could be loaded: the package ` +
        `${mine.packageName} is missing or failed to load. It is an optional dependency of authlete; ` +
        "reinstall without --omit=optional / --no-optional (and with a lockfile written on this platform)."
      : `authlete: there is no prebuilt native addon for this platform (${here}).`,
    `Prebuilt addons exist for: ${list}.`,
    BUILD_FROM_SOURCE,
    `Tried: ${attempts(e).join("; ")}.`,
  ];
  const err = new Error(lines.join("\n"));
  err.code = "AUTHLETE_NO_NATIVE_ADDON";
  err.platform = here;
  err.platforms = known.map((t) => t.platform);
  err.cause = e;
  return err;
}

function load() {
  const override = process.env.AUTHLETE_NODE_ADDON;
  if (override) return loadOverride(override);
  try {
    return require("../native/binding.js");
  } catch (e) {
    throw missingAddon(e);
  }
}

module.exports = load();
