"use strict";
// The official TypeScript SDK's error classes (`authlete/models/errors`), built from the
// core's error records. Messages are scrubbed of secrets by the core; the raw body is kept
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

/** Authlete answered 400/401/403/500 with a result body: resultCode, resultMessage. */
class ResultError extends AuthleteError {
  constructor(message, meta = {}) {
    super(message, meta);
    this.name = "ResultError";
    /** Authlete's result code, e.g. `A001202`. */
    this.resultCode = meta.resultCode;
    /** Authlete's result message. */
    this.resultMessage = meta.resultMessage;
    /** The parsed error body, as the official TypeScript SDK's `data$`. */
    this.data$ = { resultCode: meta.resultCode, resultMessage: meta.resultMessage };
  }
}

/** Any other error status, a non-JSON error body, or an unexpected status. */
class AuthleteDefaultError extends AuthleteError {
  constructor(message, meta = {}) {
    super(message, meta);
    this.name = "AuthleteDefaultError";
  }
}

/** A success response whose body does not fit the model: rawValue (the body), rawMessage. */
class ResponseValidationError extends AuthleteError {
  constructor(message, meta = {}) {
    super(message, meta);
    this.name = "ResponseValidationError";
    /** The raw body. */
    hidden(this, "rawValue", meta.body);
    /** Why it was refused. */
    this.rawMessage = meta.reason ?? "";
    /** The same reason, as an Error. */
    this.cause = new Error(this.rawMessage);
  }

  /** A readable multi-line description. */
  pretty() {
    return `${this.message}\n  reason: ${this.rawMessage}`;
  }
}

/** Bad input, refused before any request was sent: `field` names the culprit. */
class SDKValidationError extends Error {
  constructor(message, meta = {}) {
    super(message);
    this.name = "SDKValidationError";
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
    /** What the transport reported. */
    if (meta.cause !== undefined) this.cause = meta.cause instanceof Error ? meta.cause : new Error(meta.cause);
    /** How many attempts were made. */
    this.attempts = meta.attempts ?? 0;
  }
}

const transport = (name) => {
  const cls = class extends HTTPClientError {
    constructor(message, meta) {
      super(message, meta);
      this.name = name;
    }
  };
  Object.defineProperty(cls, "name", { value: name });
  return cls;
};

/** The connection could not be made or broke. */
const ConnectionError = transport("ConnectionError");
/** The call's deadline (timeoutMs) passed, across retries. */
const RequestTimeoutError = transport("RequestTimeoutError");
/** The call was cancelled through its AbortSignal. */
const RequestAbortedError = transport("RequestAbortedError");
/** The request could not be built. */
const InvalidRequestError = transport("InvalidRequestError");
/** Something failed inside the SDK itself. */
const UnexpectedClientError = transport("UnexpectedClientError");

const CLASSES = {
  ResultError,
  AuthleteDefaultError,
  ResponseValidationError,
  SDKValidationError,
  ConnectionError,
  RequestTimeoutError,
  RequestAbortedError,
  InvalidRequestError,
  UnexpectedClientError,
};

/** The error object for a record from the native side (kind, message, statusCode, ...). */
function fromRecord(record) {
  const cls = CLASSES[record.kind] || UnexpectedClientError;
  const prefix = `${record.kind}: `;
  const message = String(record.message || record.kind).startsWith(prefix)
    ? String(record.message).slice(prefix.length)
    : String(record.message || record.kind);
  return new cls(message, record);
}

/** The error of an exception thrown by the native side: a record, or a genuine failure. */
function fromNative(e) {
  const MARKER = "AUTHLETE_ERROR:";
  const msg = e && typeof e.message === "string" ? e.message : "";
  const at = msg.indexOf(MARKER);
  if (at >= 0) {
    try {
      return fromRecord(JSON.parse(msg.slice(at + MARKER.length)));
    } catch {
      // fall through
    }
  }
  return new UnexpectedClientError(`unexpected failure: ${msg || String(e)}`, { cause: e });
}

/** True for an error this SDK produced (every class above). */
function isSdkError(e) {
  return e instanceof AuthleteError || e instanceof SDKValidationError || e instanceof HTTPClientError;
}

module.exports = {
  AuthleteError,
  HTTPClientError,
  ...CLASSES,
  fromRecord,
  fromNative,
  isSdkError,
};
