import { AuthleteCore } from "./core.js";
import type { ClientManagement, Clients } from "./lib/clients.js";

export type { SDKOptions, RequestOptions, RetryConfig, BackoffStrategy, Security, Logger, Result, OK, ERR, APIPromise, APICall } from "./lib/types.js";
export type { ClientManagement, Clients } from "./lib/clients.js";
export type { ClientAuthorizedApplicationsAllRequest, ClientListAllRequest, ClientPages } from "./lib/pagination.js";
export { ServerList, SDK_METADATA, serverURLFromOptions } from "./lib/config.js";
export { HTTPClient } from "./lib/http.js";
export type { Fetcher, HTTPClientOptions } from "./lib/http.js";

/** The Authlete client: `authlete.clients.get({ serviceId, clientId })` and the other operations. */
export declare class Authlete extends AuthleteCore {
  /** The client-management operations; each resolves to the result or throws an error from `authlete/models/errors`. */
  get clients(): Clients;
  /**
   * The official TypeScript SDK's `clientManagement` resource: `getGrantedScopes`,
   * `deleteGrantedScopes` and `getRequestableScopes` (the same methods as under `clients`).
   */
  get clientManagement(): ClientManagement;
}

/**
 * A JSON number kept as written, for a non-integer in a field this SDK does not know that a
 * `number` cannot hold digit for digit. `String(n)` gives its digits, `Number(n)` the nearest
 * number; it is sent back unchanged.
 */
export declare class ExactNumber {
  constructor(text: string);
  /** The number's JSON text. */
  readonly text: string;
  toString(): string;
  valueOf(): number;
}

/**
 * `obj[key]` as an exact `bigint`. Int64 fields are `number`s; one read beyond ±(2^53 − 1) is
 * the nearest number, and this returns the exact value the server sent while the number is
 * unchanged (a request that sends the object back writes those digits too). `undefined` when
 * the field is absent; a TypeError for a value that is not an integer.
 */
export declare function exactInt64<T extends object>(obj: T, key: (keyof T & (string | number)) | (string & {}) | number): bigint | undefined;
