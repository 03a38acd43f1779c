"use strict";
// `authlete/models/errors`: the official TypeScript SDK's error classes.

const e = require("../../lib/errors.js");

exports.AuthleteError = e.AuthleteError;
exports.ResultError = e.ResultError;
exports.AuthleteDefaultError = e.AuthleteDefaultError;
exports.ResponseValidationError = e.ResponseValidationError;
exports.SDKValidationError = e.SDKValidationError;
exports.HTTPClientError = e.HTTPClientError;
exports.ConnectionError = e.ConnectionError;
exports.RequestTimeoutError = e.RequestTimeoutError;
exports.RequestAbortedError = e.RequestAbortedError;
exports.InvalidRequestError = e.InvalidRequestError;
exports.UnexpectedClientError = e.UnexpectedClientError;
