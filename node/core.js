"use strict";
// `import { AuthleteCore } from "authlete/core.js"`: the client the standalone functions take.

exports.AuthleteCore = require("./lib/core.js").AuthleteCore;
