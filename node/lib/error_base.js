"use strict";
// What the error classes of node/lib/errors.js share, by family: errors for an HTTP response
// (AuthleteError), input refused before any request (InputError), and failures without a
// response (HTTPClientError). The classes of the kinds themselves are generated from the
// core's list of kinds. Messages are scrubbed of secrets by the core; the raw body is kept
// behind non-enumerable properties (`body`, `rawValue`), so that console.log, util.inspect
// and JSON.stringify of an error do not show what a server echoed.

/** Base of the errors for an HTTP response: statusCode, body, headers, contentType. */
class AuthleteError extends Error {
  constructor(message, meta = {}) {
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
  }

  /** The response as a fetch `Response` (built on first use). */
  get rawResponse() {
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

/** Input refused before any request was sent: `field` names the culprit. */
class InputError extends Error {
  constructor(message, meta = {}) {
    super(message);
    this.name = "InputError";
    /** The request field (a dotted path such as `client.clientName`) or option at fault. */
    this.field = meta.field;
    /** What is wrong with it. */
    this.rawMessage = meta.reason ?? message;
    /** The offending value, when known. */
    this.rawValue = meta.rawValue;
    this.cause = meta.cause ?? new Error(this.rawMessage);
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

module.exports = { AuthleteError, InputError, HTTPClientError, InvalidRequestError, hidden, parseNative };
