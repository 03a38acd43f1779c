"use strict";
// `import { Authlete } from "authlete"` (CommonJS entry; index.mjs is the ESM one).

const sdk = require("./lib/sdk.js");
const json = require("./lib/json.js");
const config = require("./lib/config.js");

exports.Authlete = sdk.Authlete;
exports.ServerList = config.ServerList;
exports.SDK_METADATA = config.SDK_METADATA;
exports.serverURLFromOptions = config.serverURLFromOptions;
exports.HTTPClient = require("./lib/http.js").HTTPClient;
exports.ExactNumber = json.ExactNumber;
exports.exactInt64 = json.exactInt64;
