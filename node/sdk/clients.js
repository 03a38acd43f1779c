"use strict";
// `authlete/sdk/clients.js`: the class of `authlete.clients`, as in the official TypeScript SDK.
exports.Clients = require("../lib/clients.js").Clients;
