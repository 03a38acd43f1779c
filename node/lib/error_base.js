"use strict";
// What the error classes of node/lib/errors.js share, by family: errors for an HTTP response
// (AuthleteError), input refused before any request (InputError), and failures without a
// response (HTTPClientError). The classes of the kinds themselves are generated from the
// core's list of kinds. Messages are scrubbed of secrets by the core; the raw body is kept
// behind non-enumerable properties (`body`, `rawValue`), so that console.log, util.inspect
// and JSON.stringify of an error do not show what a server echoed.

/** Marks an error record this SDK built (not the official TypeScript SDK's constructor arguments). */
const INTERNAL = Symbol("authlete.errorRecord");

/** `record` marked as this SDK's own. */
function internal(record) {
  return { ...record, [INTERNAL]: true };
}

const isInternal = (v) => v !== null && typeof v === "object" && v[INTERNAL] === true;

/**
 * The message and error record of an error for an HTTP response, from this SDK's arguments
 * (message, record) or the official TypeScript SDK's: `(message, { response, request, body })`,
 * or for ResultError `(data, { response, request, body })`.
 */
function httpArgs(first, meta) {
  const given = meta ?? {};
  const official = typeof Response !== "undefined" && given.response instanceof Response;
  if (typeof first === "string" && (!official || isInternal(given))) return { message: first, m: given };
  const m = { ...given };
  if (official) {
    const res = given.response;
    m.statusCode = res.status;
    m.headers = [...res.headers];
    m.contentType = res.headers.get("content-type") ?? "";
    m.rawResponse = res;
    delete m.response;
  }
  if (typeof first === "string") return { message: first, m };
  const data = first !== null && typeof first === "object" ? first : {};
  Object.assign(m, data);
  return { message: `API error occurred: ${JSON.stringify(data)}`, m };
}

/** Base of the errors for an HTTP response: statusCode, body, headers, contentType. */
class AuthleteError extends Error {
  constructor(first, meta = {}) {
    const { message, m } = httpArgs(first, meta);
    meta = m;
    super(message);
    this.name = "AuthleteError";
    /** The HTTP status code. */
    this.statusCode = meta.statusCode ?? 0;
    /** The response body as text (raw: it may hold what the server echoed). */
    hidden(this, "body", meta.body ?? "");
    /** The response headers. */
    this.headers = toHeaders(meta.headers);
    /** The response Content-Type ("" when none). */
    this.contentType = meta.contentType ?? "";
    /** The official TypeScript SDK's constructor was given the Response itself. */
    if (meta.rawResponse !== undefined) hidden(this, "_response", meta.rawResponse);
  }

  /** The response as a fetch `Response` (built on first use). */
  get rawResponse() {
    if (this._response !== undefined) return this._response;
    const nullBody = [101, 204, 205, 304].includes(this.statusCode);
    const status = this.statusCode >= 200 && this.statusCode <= 599 ? this.statusCode : 500;
    return new Response(nullBody ? null : this.body, { status, headers: this.headers });
  }
}

/** Sets a property that util.inspect, console.log and JSON.stringify leave out. */
function hidden(target, name, value) {
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
}

function toHeaders(pairs) {
  const h = new Headers();
  for (const [k, v] of Array.isArray(pairs) ? pairs : []) {
    try {
      h.append(k, v);
    } catch {
      // a header fetch refuses (e.g. a non-Latin-1 value) stays out of the Headers object
    }
  }
  return h;
}

/**
 * Input refused before any request was sent: `field` names the culprit. Built by this SDK from
 * (message, record), or with the official TypeScript SDK's arguments (message, cause, rawValue).
 */
class InputError extends Error {
  constructor(message, metaOrCause, rawValue) {
    const official = !isInternal(metaOrCause);
    super(official && metaOrCause !== undefined ? `${message}: ${String(metaOrCause)}` : message);
    const meta = official ? { reason: message, rawValue, cause: metaOrCause } : metaOrCause;
    this.name = "InputError";
    /** The request field (a dotted path such as `client.clientName`) or option at fault. */
    this.field = meta.field;
    /** What is wrong with it. */
    this.rawMessage = meta.reason ?? message;
    /** The offending value, when known. */
    this.rawValue = meta.rawValue;
    this.cause = official ? metaOrCause : meta.cause ?? new Error(this.rawMessage);
  }

  /** A readable multi-line description. */
  pretty() {
    return `${this.message}\n  field: ${this.field}\n  reason: ${this.rawMessage}`;
  }
}

/** Base of the transport errors. */
class HTTPClientError extends Error {
  constructor(message, meta = {}) {
    super(message);
    this.name = "HTTPClientError";
    /** What happened (the core's `reason`), as an Error. */
    const cause = meta.cause ?? meta.reason;
    if (cause !== undefined) this.cause = cause instanceof Error ? cause : new Error(cause);
    /** How many attempts were made. */
    this.attempts = meta.attempts ?? 0;
  }
}

/** The request could not be built (the official TypeScript SDK's class; not a kind of the core). */
class InvalidRequestError extends HTTPClientError {
  constructor(message, meta) {
    super(message, meta);
    this.name = "InvalidRequestError";
  }
}

/** Prefix of a native exception message that carries an error record as JSON. */
const MARKER = "AUTHLETE_ERROR:";

/** The error record a native exception carries, or null for a genuine failure. */
function parseNative(e) {
  const msg = e && typeof e.message === "string" ? e.message : "";
  const at = msg.indexOf(MARKER);
  if (at < 0) return null;
  try {
    return JSON.parse(msg.slice(at + MARKER.length));
  } catch {
    return null;
  }
}

module.exports = { AuthleteError, InputError, HTTPClientError, InvalidRequestError, hidden, httpArgs, internal, parseNative };
