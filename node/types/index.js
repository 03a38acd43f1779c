"use strict";
// `authlete/types`: the official TypeScript SDK's result helpers.

/** A success. */
exports.OK = (value) => ({ ok: true, value });
/** A failure. */
exports.ERR = (error) => ({ ok: false, error });
