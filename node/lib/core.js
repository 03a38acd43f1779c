"use strict";
// AuthleteCore (the client all standalone functions take) and `invoke`, the one path every
// operation goes through: JS values -> JSON -> the Rust core -> a result or an error object.

const native = require("./native.js");
const json = require("./json.js");
const errors = require("./errors.js");
const { OPERATIONS } = require("./operations.js");

const BINDING = `node/${process.versions.node}`;
// SDKOptions keys that stay in JS; every other key goes to the core, which refuses unknown ones.
const JS_ONLY = new Set(["debugLogger"]);

function debugFromEnv() {
  const v = String(process.env.AUTHLETE_DEBUG ?? "").trim().toLowerCase();
  return v === "1" || v === "true" || v === "yes" || v === "on";
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function invalid(field, reason, rawValue) {
  return new errors.SDKValidationError(`${field}: ${reason}`, { field, reason, rawValue });
}

/** The official TypeScript SDK's SDKOptions as the JSON the core reads. */
function sdkOptionsJson(options) {
  if (options === undefined || options === null) options = {};
  if (!isObject(options)) throw invalid("options", "must be an object", options);
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (JS_ONLY.has(key) || value === undefined) continue;
    if (key === "security" && typeof value === "function") {
      throw invalid("security", "a function is not supported: give { authlete } or { bearer }");
    }
    out[key] = key === "serverURL" && value instanceof URL ? value.href : value;
  }
  return json.stringify(out);
}

function headerRecord(field, headers) {
  if (headers === undefined || headers === null) return undefined;
  if (typeof Headers !== "undefined" && headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) {
    const out = {};
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2) throw invalid(field, "must hold [name, value] pairs");
      out[pair[0]] = pair[1];
    }
    return out;
  }
  if (!isObject(headers)) throw invalid(field, "must be an object, a Headers or [name, value] pairs");
  return headers;
}

/** The official TypeScript SDK's RequestOptions as the JSON the core reads (signal and fetch-only keys stay here). */
function requestOptionsJson(options) {
  if (options === undefined || options === null) return null;
  if (!isObject(options)) throw invalid("options", "must be an object", options);
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || key === "signal") continue;
    if (key === "fetchOptions") {
      if (value === null) continue;
      if (!isObject(value)) throw invalid("fetchOptions", "must be an object");
      const headers = headerRecord("fetchOptions.headers", value.headers);
      if (headers) out.fetchOptions = { headers };
    } else if (key === "headers") {
      out.headers = headerRecord("headers", value);
    } else if (key === "serverURL" && value instanceof URL) {
      out.serverURL = value.href;
    } else {
      out[key] = value;
    }
  }
  return json.stringify(out);
}

/** The AbortSignal of the options: `signal`, else `fetchOptions.signal`. */
function signalOf(options) {
  if (!isObject(options)) return undefined;
  return options.signal ?? (isObject(options.fetchOptions) ? options.fetchOptions.signal : undefined) ?? undefined;
}

/**
 * The client every standalone function takes: holds one native client (one connection pool),
 * its options and its logger. Cheap to share; calls made through it run concurrently.
 */
class AuthleteCore {
  constructor(options = {}) {
    const text = sdkOptionsJson(options);
    // The options are not kept: they hold the token and maybe a client key, which
    // console.log of the client would show.
    const logger = isObject(options) ? options.debugLogger : undefined;
    this._logger = logger && typeof logger.log === "function" ? logger : debugFromEnv() ? console : undefined;
    try {
      this._native = new native.NativeClient(text, BINDING);
    } catch (e) {
      throw errors.fromNative(e);
    }
  }
}

function logLine(logger, name, out, successStatus, startedAt) {
  if (!logger) return;
  try {
    const r = out.log || {};
    // Input refused before the core's executor ran has no record: fill in from the outcome.
    const kind = out.ok ? "" : r.error || out.error.kind;
    const status = out.ok ? successStatus : r.status || "-";
    const duration = r.durationMs ?? Math.round(performance.now() - startedAt);
    logger.log(
      `authlete: ${r.operation || name} ${out.ok ? "ok" : `failed ${kind}`} status=${status} attempts=${r.attempts ?? 0} duration=${duration}ms`,
    );
  } catch {
    // a logger that throws must not break the call
  }
}

/**
 * Runs operation `name` (the official TypeScript SDK's name, e.g. `getList`) and resolves to `{ ok: true, value }`
 * or `{ ok: false, error }`; never rejects.
 */
async function invoke(client, name, request, options) {
  const op = OPERATIONS[name];
  let signal;
  let onAbort;
  try {
    if (!(client instanceof AuthleteCore)) throw invalid("client", "must be an AuthleteCore or Authlete instance");
    if (!isObject(request)) throw invalid("request", "must be an object", request);
    let body;
    try {
      body = json.stringify(request);
    } catch (e) {
      throw invalid("request", `cannot be serialized: ${e.message}`, request);
    }
    const opts = requestOptionsJson(options);
    signal = signalOf(options);
    let token = null;
    if (signal !== undefined) {
      if (typeof signal.addEventListener !== "function") throw invalid("signal", "must be an AbortSignal");
      if (signal.aborted) {
        return { ok: false, error: new errors.RequestAbortedError(`${op.name}: the request was aborted by the caller`, { cause: signal.reason }) };
      }
      token = new native.CancelToken();
      onAbort = () => token.cancel();
      signal.addEventListener("abort", onAbort, { once: true });
    }
    const logger = client._logger;
    const startedAt = performance.now();
    // The native client has one method per operation, named as the operation (`getList`, ...).
    const out = await client._native[name](body, opts, token, logger !== undefined);
    logLine(logger, op.name, out, op.successStatus, startedAt);
    if (out.ok) return { ok: true, value: op.returnsBody && out.json != null ? json.parse(out.json, out.unsafeIntegers) : undefined };
    const error = errors.fromRecord(out.error);
    if (error instanceof errors.RequestAbortedError && signal && signal.reason !== undefined) error.cause = signal.reason;
    return { ok: false, error };
  } catch (e) {
    return { ok: false, error: errors.isSdkError(e) ? e : errors.fromNative(e) };
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

/** The value of a result, or its error thrown. */
function unwrap(result) {
  if (result.ok) return result.value;
  throw result.error;
}

module.exports = { AuthleteCore, invalid, invoke, unwrap };
