"use strict";
// `import { Authlete } from "authlete"` (CommonJS entry; index.mjs is the ESM one).

const sdk = require("./lib/sdk.js");

exports.Authlete = sdk.Authlete;
exports.ServerList = sdk.ServerList;
exports.ExactNumber = require("./lib/json.js").ExactNumber;
