"use strict";
// `authlete/sdk/clientmanagement.js`: the class of `authlete.clientManagement`, as in the official TypeScript SDK.
exports.ClientManagement = require("../lib/clients.js").ClientManagement;
