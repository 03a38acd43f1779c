// The family bases of the error classes in index.d.ts (node/lib/error_base.js).

/** Base of the errors for an HTTP response. */
export declare class AuthleteError extends Error {
  constructor(message: string, meta?: object);
  /** The HTTP status code. */
  readonly statusCode: number;
  /** The response body as text. */
  readonly body: string;
  /** The response headers. */
  readonly headers: Headers;
  /** The response Content-Type ("" when none). */
  readonly contentType: string;
  /** The response as a fetch Response. */
  readonly rawResponse: Response;
}

/** Base of the errors for input refused before any request was sent. */
export declare class InputError extends Error {
  constructor(message: string, meta?: object);
  /** The request field (a dotted path such as `client.clientName`) or option at fault. */
  readonly field?: string | undefined;
  /** What is wrong with it. */
  readonly rawMessage: string;
  /** The offending value, when known. */
  readonly rawValue: unknown;
  pretty(): string;
}

/** Base of the errors without a response: the transport, or the SDK itself. */
export declare class HTTPClientError extends Error {
  constructor(message: string, meta?: object);
  /** How many attempts were made. */
  readonly attempts: number;
}

/** The request could not be built. */
export declare class InvalidRequestError extends HTTPClientError {}
