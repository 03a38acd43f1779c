// Option and result types of the official TypeScript SDK's API (SDKOptions, RequestOptions,
// RetryConfig, Result, APIPromise), with this SDK's own options beside them.
import type { Security } from "../models/index.js";
import type { HTTPClient } from "./http.js";

export type { Security } from "../models/index.js";

/** Exponential backoff between attempts, in milliseconds. */
export type BackoffStrategy = {
  initialInterval: number;
  maxInterval: number;
  exponent: number;
  maxElapsedTime: number;
};

/** How failed attempts are retried. */
export type RetryConfig =
  | { strategy: "none" }
  | { strategy: "backoff"; backoff?: BackoffStrategy | undefined; retryConnectionErrors?: boolean | undefined };

/** Where debug lines go (`console` fits). */
export interface Logger {
  log(message: any, ...args: any[]): void;
  group?(label?: string): void;
  groupEnd?(): void;
}

/** Options of `new Authlete(...)` / `new AuthleteCore(...)`. */
export type SDKOptions = {
  /**
   * The token; else env AUTHLETE_AUTHLETE, else AUTHLETE_BEARER. A function (sync or async)
   * is called before each request and its token sent with that request.
   */
  security?: Security | (() => Promise<Security>) | (() => Security) | undefined;
  /**
   * The official TypeScript SDK's HTTP client. This SDK's requests are sent by its Rust core:
   * a plain `new HTTPClient()` is accepted; one with a fetcher or hooks is refused with
   * SDKValidationError (test against the emulator of `authlete/testing` instead).
   */
  httpClient?: HTTPClient | undefined;
  /** Index into ServerList: 0 us (default), 1 jp, 2 eu, 3 br. */
  serverIdx?: number | undefined;
  /** A server by name: "us", "jp", "eu" or "br" (this SDK's addition). */
  server?: "us" | "jp" | "eu" | "br" | undefined;
  /** Any server URL (a path prefix is kept); else env AUTHLETE_SERVER_URL. */
  serverURL?: string | URL | undefined;
  /** Retries (default: backoff, safe for non-idempotent operations). */
  retryConfig?: RetryConfig | undefined;
  /** Statuses retried, e.g. ["5XX", "429"]. */
  retryCodes?: string[] | undefined;
  /** The deadline of a whole call, across retries (default 60 000 ms). */
  timeoutMs?: number | undefined;
  /** The connect timeout (default 10 000 ms). */
  connectTimeoutMs?: number | undefined;
  /** Replaces the User-Agent. */
  userAgent?: string | undefined;
  /** The cap on the decompressed size of a response body (default 16 MiB); a larger body ends the call in ResponseValidationError. */
  maxResponseBytes?: number | undefined;
  /** Extra CA certificates (PEM text) trusted beside the operating system's store, e.g. a corporate proxy's. */
  caCertificates?: string | undefined;
  /** A client certificate chain (PEM text) for mutual TLS, with `clientKey`. */
  clientCertificate?: string | undefined;
  /** The client certificate's private key (PEM text); never shown. */
  clientKey?: string | undefined;
  /** An HTTP(S) proxy URL for every request, instead of the environment's HTTPS_PROXY/HTTP_PROXY/NO_PROXY; never shown. */
  proxy?: string | undefined;
  /** Receives one line per call (operation, status, attempts, duration; never the token). Env AUTHLETE_DEBUG=1 uses console. */
  debugLogger?: Logger | undefined;
};

/** Request headers, as fetch's HeadersInit: a record (several values of a name are sent joined), a Headers object or [name, value] pairs. */
export type HeadersLike = Record<string, string | readonly string[]> | Headers | Array<[string, string]> | string[][];

/**
 * fetch's RequestInit keys the official TypeScript SDK also takes in per-call options. Besides
 * `headers` and `signal`, they are accepted and have no effect (the core never follows
 * redirects, keeps no cache and sends no cookies).
 */
type RequestInitOptions = Omit<RequestInit, "method" | "body" | "headers" | "signal"> & {
  /** fetch's cache mode (not in Node's RequestInit declarations; DOM's). */
  cache?: "default" | "force-cache" | "no-cache" | "no-store" | "only-if-cached" | "reload" | undefined;
  /** fetch's priority hint (not in Node's RequestInit declarations; DOM's). */
  priority?: "auto" | "high" | "low" | undefined;
};

/** Per-call options. */
export type RequestOptions = RequestInitOptions & {
  /** Retries of this call. */
  retries?: RetryConfig | undefined;
  /** Statuses retried by this call. */
  retryCodes?: string[] | undefined;
  /** The deadline of this call, across retries. */
  timeoutMs?: number | undefined;
  /** Another server for this call. */
  serverURL?: string | URL | undefined;
  /** Extra request headers. */
  headers?: HeadersLike | undefined;
  /** The cap on the decompressed size of this call's response body. */
  maxResponseBytes?: number | undefined;
  /** fetch-style options: `headers` and `signal` are used, the other keys have no effect. */
  fetchOptions?: (Omit<RequestInit, "method" | "body" | "headers"> & { headers?: HeadersLike | undefined }) | undefined;
  /** Aborting this signal aborts the request in flight (RequestAbortedError). */
  signal?: AbortSignal | null | undefined;
};

/** The outcome of a standalone function. */
export type OK<V> = { ok: true; value: V; error?: never };
export type ERR<E> = { ok: false; error: E; value?: never };
export type Result<V, E = unknown> = OK<V> | ERR<E>;

/**
 * What `$inspect()` tells about a standalone function's call: the server answered
 * (`complete`, with a Request describing the call and the Response), no response came
 * (`request-error`), or the input was refused before any request (`invalid`).
 */
export type APICall =
  | { status: "complete"; request: Request; response: Response }
  | { status: "request-error"; request: Request; response?: undefined }
  | { status: "invalid"; request?: undefined; response?: undefined };

/** A standalone function's promise; `$inspect()` resolves to `[result, call]`. */
export declare class APIPromise<T> implements Promise<T> {
  then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null | undefined,
    onrejected?: ((reason: any) => TResult2 | PromiseLike<TResult2>) | null | undefined,
  ): Promise<TResult1 | TResult2>;
  catch<TResult = never>(
    onrejected?: ((reason: any) => TResult | PromiseLike<TResult>) | null | undefined,
  ): Promise<T | TResult>;
  finally(onfinally?: (() => void) | null | undefined): Promise<T>;
  readonly [Symbol.toStringTag]: string;
  $inspect(): Promise<[T, APICall]>;
}
