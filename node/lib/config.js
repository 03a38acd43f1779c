"use strict";
// `authlete/lib/config.js`, as in the official TypeScript SDK: the server list, the server URL
// a client's options select, and the SDK's metadata.

const { SERVERS, OPENAPI_DOC_VERSION } = require("./operations.js");
const { version } = require("../package.json");

/** The servers `serverIdx` selects: us (0, the default), jp, eu, br. */
const ServerList = SERVERS;

/** The server names `server` takes ("us", "jp", ...): each URL's first host label. */
const SERVER_NAMES = Object.freeze(Object.fromEntries(SERVERS.map((url, i) => [new URL(url).hostname.split(".")[0], i])));

/**
 * The URL of the server that `new Authlete(options)` talks to: `serverURL` (or the name in
 * `server`), else `ServerList[serverIdx]`, else env AUTHLETE_SERVER_URL, else the first server.
 * Throws on a server index out of range.
 */
function serverURLFromOptions(options) {
  const o = options !== null && typeof options === "object" ? options : {};
  let url = o.server !== undefined && o.server !== null ? o.server : o.serverURL;
  if (typeof url === "string" && Object.prototype.hasOwnProperty.call(SERVER_NAMES, url)) url = ServerList[SERVER_NAMES[url]];
  if (url === undefined || url === null || url === "") {
    if (o.serverIdx !== undefined && o.serverIdx !== null) {
      const idx = o.serverIdx;
      if (!Number.isInteger(idx) || idx < 0 || idx >= ServerList.length) throw new Error(`Invalid server index ${idx}`);
      url = ServerList[idx];
    } else {
      url = process.env.AUTHLETE_SERVER_URL || ServerList[0];
    }
  }
  return new URL(url instanceof URL ? url.href : String(url));
}

/** What this package is: the fields of the official TypeScript SDK's SDK_METADATA. */
const SDK_METADATA = Object.freeze({
  language: "typescript",
  openapiDocVersion: OPENAPI_DOC_VERSION,
  sdkVersion: version,
  genVersion: "authlete-codegen",
  userAgent: `authlete-sdk/${version} node/${process.versions.node}`,
});

module.exports = { ServerList, serverURLFromOptions, SDK_METADATA };
