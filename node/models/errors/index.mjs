import e from "./index.js";

export const {
  AuthleteError,
  ResultError,
  AuthleteDefaultError,
  ResponseValidationError,
  SDKValidationError,
  HTTPClientError,
  ConnectionError,
  RequestTimeoutError,
  RequestAbortedError,
  InvalidRequestError,
  UnexpectedClientError,
} = e;
