"use strict";
// AuthleteCore (the client all standalone functions take) and `invoke`, the one path every
// operation goes through: JS values -> JSON -> the Rust core -> a result or an error object.

const native = require("./native.js");
const json = require("./json.js");
const errors = require("./errors.js");
const { OPERATIONS } = require("./operations.js");
const http = require("./http.js");

const BINDING = `node/${process.versions.node}`;
// SDKOptions keys that stay in JS; every other key goes to the core, which refuses unknown ones.
const JS_ONLY = new Set(["debugLogger", "httpClient"]);
// RequestInit keys the official TypeScript SDK takes in per-call options besides `headers` and
// `signal`: fetch's browser-side settings, accepted and without effect here (the core never
// follows redirects, keeps no cache and sends no cookies).
const REQUEST_INIT_IGNORED = new Set([
  "cache", "credentials", "integrity", "keepalive", "mode", "priority", "redirect", "referrer",
  "referrerPolicy", "window", "dispatcher", "duplex",
]);
// Where a standalone function's result keeps what `$inspect()` describes the call from.
const CALL = Symbol("authlete.call");
// RFC 6750 b64token: the characters a token from a `security` function may have.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

function debugFromEnv() {
  const v = String(process.env.AUTHLETE_DEBUG ?? "").trim().toLowerCase();
  return v === "1" || v === "true" || v === "yes" || v === "on";
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function invalid(field, reason, rawValue) {
  return new errors.SDKValidationError(`${field}: ${reason}`, errors.internal({ field, reason, rawValue }));
}

/** The official TypeScript SDK's SDKOptions as the JSON the core reads. */
function sdkOptionsJson(options) {
  if (options === undefined || options === null) options = {};
  if (!isObject(options)) throw invalid("options", "must be an object", options);
  const out = {};
  for (const [key, value] of Object.entries(options)) {
    if (JS_ONLY.has(key) || value === undefined) continue;
    if (key === "security" && typeof value === "function") continue; // called before each request
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
  // fetch's HeadersInit allows several values for a name: they are sent joined, as fetch does.
  let out;
  for (const [name, value] of Object.entries(headers)) {
    if (!Array.isArray(value)) continue;
    out ??= { ...headers };
    out[name] = value.join(", ");
  }
  return out ?? headers;
}

/**
 * The official TypeScript SDK's RequestOptions as the JSON the core reads (signal and fetch-only
 * keys stay here); `authorization`, from a `security` function, goes first among the headers.
 */
function requestOptionsJson(options, authorization) {
  if (options === undefined || options === null) {
    return authorization === undefined ? null : json.stringify({ headers: { authorization } });
  }
  if (!isObject(options)) throw invalid("options", "must be an object", options);
  const out = authorization === undefined ? {} : { headers: { authorization } };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || key === "signal" || REQUEST_INIT_IGNORED.has(key)) continue;
    if (key === "fetchOptions") {
      if (value === null) continue;
      if (!isObject(value)) throw invalid("fetchOptions", "must be an object");
      const headers = headerRecord("fetchOptions.headers", value.headers);
      if (headers) out.fetchOptions = { headers };
    } else if (key === "headers") {
      const headers = headerRecord("headers", value);
      if (headers) out.headers = { ...out.headers, ...headers };
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
    const security = isObject(options) ? options.security : undefined;
    // A `security` function is called before each request; its token goes in that call's headers.
    Object.defineProperty(this, "_security", { value: typeof security === "function" ? security : undefined });
    const httpClient = isObject(options) ? options.httpClient : undefined;
    if (httpClient !== undefined && httpClient !== null) {
      const why = http.unsupported(httpClient);
      if (why) throw invalid("httpClient", why);
    }
    Object.defineProperty(this, "_httpClient", { value: httpClient ?? undefined });
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
    // One line per attempt first (the core's per-attempt record, the same fields in every language).
    for (const a of r.attemptLogs || []) {
      const outcome = a.status != null ? `status=${a.status}` : `failure=${a.failure}`;
      const wait = a.waitMs != null ? ` wait_ms=${a.waitMs}` : "";
      logger.log(`authlete: attempt operation=${a.operation} attempt=${a.attempt} ${outcome} duration_ms=${a.durationMs}${wait}`);
    }
    logger.log(
      `authlete: ${r.operation || name} ${out.ok ? "ok" : `failed ${kind}`} status=${status} attempts=${r.attempts ?? 0} duration=${duration}ms`,
    );
  } catch {
    // a logger that throws must not break the call
  }
}

/** The `Authorization` value from the client's `security` function, if it has one. */
async function securityHeader(client) {
  if (client._security === undefined) return undefined;
  let security;
  try {
    security = await client._security();
  } catch (e) {
    throw new errors.UnexpectedClientError(`security: the security function failed: ${e && e.message}`, errors.internal({ cause: e }));
  }
  if (security === undefined || security === null) return undefined;
  if (!isObject(security)) throw invalid("security", "the security function must resolve to { authlete } or { bearer }");
  const token = security.authlete ?? security.bearer;
  if (token === undefined || token === null || token === "") return undefined;
  if (typeof token !== "string" || !B64TOKEN.test(token)) throw invalid("security", "the token must be RFC 6750 b64token characters");
  return `Bearer ${token}`;
}

/**
 * Runs operation `name` (the official TypeScript SDK's name, e.g. `getList`) and resolves to `{ ok: true, value }`
 * or `{ ok: false, error }`; never rejects. With `inspect`, the result keeps (under CALL)
 * what `$inspect()` describes the call from.
 */
async function invoke(client, name, request, options, inspect = false) {
  const op = OPERATIONS[name];
  let signal;
  let onAbort;
  let sent = false;
  try {
    if (!(client instanceof AuthleteCore)) throw invalid("client", "must be an AuthleteCore or Authlete instance");
    if (!isObject(request)) throw invalid("request", "must be an object", request);
    const why = client._httpClient === undefined ? "" : http.unsupported(client._httpClient);
    if (why) throw invalid("httpClient", why);
    let body;
    try {
      body = json.stringify(request);
    } catch (e) {
      throw invalid("request", `cannot be serialized: ${e.message}`, request);
    }
    // Only a client with a `security` function waits for it (no extra tick for the others).
    const opts = requestOptionsJson(options, client._security === undefined ? undefined : await securityHeader(client));
    signal = signalOf(options);
    let token = null;
    if (signal !== undefined) {
      if (typeof signal.addEventListener !== "function") throw invalid("signal", "must be an AbortSignal");
      if (signal.aborted) {
        return { ok: false, error: new errors.RequestAbortedError(`${op.name}: the request was aborted by the caller`, errors.internal({ cause: signal.reason })) };
      }
      token = new native.CancelToken();
      onAbort = () => token.cancel();
      signal.addEventListener("abort", onAbort, { once: true });
    }
    const logger = client._logger;
    const startedAt = performance.now();
    // The native client has one method per operation, named as the operation (`getList`, ...).
    sent = true;
    const out = await client._native[name](body, opts, token, logger !== undefined);
    logLine(logger, op.name, out, op.successStatus, startedAt);
    if (out.ok) {
      const result = { ok: true, value: op.returnsBody && out.json != null ? json.parse(out.json, out.unsafeIntegers) : undefined };
      if (inspect) keepCall(result, { client, op, request, options, json: out.json });
      return result;
    }
    const error = errors.fromRecord(out.error);
    if (error instanceof errors.RequestAbortedError && signal && signal.reason !== undefined) error.cause = signal.reason;
    const result = { ok: false, error };
    if (inspect) keepCall(result, { client, op, request, options, error, refused: error instanceof errors.SDKValidationError });
    return result;
  } catch (e) {
    const result = { ok: false, error: errors.isSdkError(e) ? e : errors.fromNative(e) };
    if (inspect) keepCall(result, { client, op, request, options, error: result.error, refused: !sent });
    return result;
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

function keepCall(result, call) {
  Object.defineProperty(result, CALL, { value: call });
}

/** A Request describing the call (method, URL and Accept; the core builds and sends the real one). */
function describeRequest(call) {
  const { client, op, request, options } = call;
  let path = op.path;
  const query = new URLSearchParams();
  for (const [wire, httpName, location] of op.params) {
    let v = isObject(request) ? request[wire] ?? (wire !== httpName ? request[httpName] : undefined) : undefined;
    if (v === undefined || v === null) continue;
    v = String(v);
    if (location === "path") path = path.replace(`{${httpName}}`, encodeURIComponent(v));
    else query.append(httpName, v);
  }
  const server = isObject(options) && options.serverURL ? String(options.serverURL) : client._native.serverUrl;
  const url = new URL(server);
  url.pathname = url.pathname.replace(/\/$/, "") + path;
  url.search = query.toString();
  return new Request(url, { method: op.method, headers: { accept: "application/json" } });
}

/**
 * `$inspect()`'s description of a standalone function's call: `{ status: "complete", request,
 * response }` when the server answered, `{ status: "request-error", request }` when no response
 * came, `{ status: "invalid" }` when the input was refused before any request.
 */
function callOf(result) {
  const call = result[CALL];
  if (call === undefined || call.refused) return { status: "invalid" };
  let request;
  try {
    request = describeRequest(call);
  } catch {
    return { status: "invalid" };
  }
  if (call.error === undefined) {
    const body = call.op.successStatus === 204 ? null : call.json ?? null;
    const headers = body === null ? undefined : { "content-type": "application/json" };
    return { status: "complete", request, response: new Response(body, { status: call.op.successStatus, headers }) };
  }
  if (call.error instanceof errors.AuthleteError) return { status: "complete", request, response: call.error.rawResponse };
  return { status: "request-error", request };
}

/**
 * The official TypeScript SDK's APIPromise: a promise of a standalone function's result whose
 * `$inspect()` resolves to `[result, call]` (see callOf).
 */
class APIPromise {
  constructor(promise) {
    Object.defineProperty(this, "_promise", { value: promise });
  }
  then(onFulfilled, onRejected) {
    return this._promise.then(onFulfilled, onRejected);
  }
  catch(onRejected) {
    return this._promise.catch(onRejected);
  }
  finally(onFinally) {
    return this._promise.finally(onFinally);
  }
  $inspect() {
    return this._promise.then((result) => [result, callOf(result)]);
  }
  get [Symbol.toStringTag]() {
    return "APIPromise";
  }
}

/** A standalone function's call: `invoke` as an APIPromise. */
function call(client, name, request, options) {
  return new APIPromise(invoke(client, name, request, options, true));
}

/** The value of a result, or its error thrown. */
function unwrap(result) {
  if (result.ok) return result.value;
  throw result.error;
}

module.exports = { AuthleteCore, APIPromise, call, invalid, invoke, unwrap };
