"use strict";
// Loads the native addon built from bindings/node (`npm run build` puts it in native/).

const path = require("node:path");

const file = process.env.AUTHLETE_NODE_ADDON || path.join(__dirname, "..", "native", "authlete.node");

let addon;
try {
  addon = require(file);
} catch (e) {
  const err = new Error(
    `authlete: cannot load the native addon ${file}: ${e && e.message}. ` +
      "Build it first: `npm ci && npm run build` in the package directory (needs Rust).",
  );
  err.cause = e;
  throw err;
}

module.exports = addon;
