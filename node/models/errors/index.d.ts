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

/** Authlete answered 400/401/403/500 with a result body. */
export declare class ResultError extends AuthleteError {
  /** Authlete's result code, e.g. `A001202`. */
  readonly resultCode?: string | undefined;
  /** Authlete's result message. */
  readonly resultMessage?: string | undefined;
  /** The parsed body. */
  readonly data$: { resultCode?: string | undefined; resultMessage?: string | undefined };
}

/** Any other error status, a non-JSON error body, or an unexpected status. */
export declare class AuthleteDefaultError extends AuthleteError {}

/** A success response whose body does not fit the model. */
export declare class ResponseValidationError extends AuthleteError {
  /** The raw body. */
  readonly rawValue: unknown;
  /** Why it was refused. */
  readonly rawMessage: string;
  pretty(): string;
}

/** Bad input, refused before any request was sent. */
export declare class SDKValidationError extends Error {
  constructor(message: string, meta?: object);
  /** The request field (a dotted path such as `client.clientName`) or option at fault. */
  readonly field?: string | undefined;
  /** What is wrong with it. */
  readonly rawMessage: string;
  /** The offending value, when known. */
  readonly rawValue: unknown;
  pretty(): string;
}

/** Base of the transport errors. */
export declare class HTTPClientError extends Error {
  constructor(message: string, meta?: object);
  /** How many attempts were made. */
  readonly attempts: number;
}
/** The connection could not be made or broke. */
export declare class ConnectionError extends HTTPClientError {}
/** The call's deadline (timeoutMs) passed, across retries. */
export declare class RequestTimeoutError extends HTTPClientError {}
/** The call was cancelled through its AbortSignal. */
export declare class RequestAbortedError extends HTTPClientError {}
/** The request could not be built. */
export declare class InvalidRequestError extends HTTPClientError {}
/** Something failed inside the SDK itself. */
export declare class UnexpectedClientError extends HTTPClientError {}

/** Every error an operation can produce. */
export type AuthleteSDKError =
  | ResultError
  | AuthleteDefaultError
  | ResponseValidationError
  | SDKValidationError
  | ConnectionError
  | RequestTimeoutError
  | RequestAbortedError
  | InvalidRequestError
  | UnexpectedClientError;
