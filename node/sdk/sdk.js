"use strict";
// `authlete/sdk/sdk.js`: the Authlete class, as in the official TypeScript SDK.
exports.Authlete = require("../lib/sdk.js").Authlete;
