// The family bases of the error classes in index.d.ts (node/lib/error_base.js).

/** The HTTP exchange the official TypeScript SDK's error constructors take. */
export type HttpMeta = { response: Response; request: Request; body: string };

/** Base of the errors for an HTTP response. */
export declare class AuthleteError extends Error {
  constructor(message: string, httpMeta: HttpMeta);
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
  constructor(message: string, cause: unknown, rawValue: unknown);
  /** The request field (a dotted path such as `client.clientName`) or option at fault (this SDK's addition). */
  readonly field?: string | undefined;
  /** What is wrong with it. */
  readonly rawMessage: string;
  /** The offending value, when known. */
  readonly rawValue: unknown;
  pretty(): string;
}

/** Base of the errors without a response: the transport, or the SDK itself. */
export declare class HTTPClientError extends Error {
  constructor(message: string, options?: { cause?: unknown });
  /** How many attempts were made (this SDK's addition). */
  readonly attempts: number;
}

/** The request could not be built. */
export declare class InvalidRequestError extends HTTPClientError {
  readonly name: "InvalidRequestError";
}
