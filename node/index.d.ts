import { AuthleteCore } from "./core.js";
import type { ClientManagement, Clients } from "./lib/clients.js";

export type { SDKOptions, RequestOptions, RetryConfig, BackoffStrategy, Security, Logger, Result, OK, ERR } from "./lib/types.js";
export type { ClientManagement, Clients } from "./lib/clients.js";
export type { ClientAuthorizedApplicationsAllRequest, ClientListAllRequest, ClientPages } from "./lib/pagination.js";

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
 * A JSON number kept as written, for a value in a field this SDK does not know that a
 * `number` cannot hold digit for digit (integers beyond 2^53 are `bigint`s). `String(n)`
 * gives its digits, `Number(n)` the nearest number; it is sent back unchanged.
 */
export declare class ExactNumber {
  constructor(text: string);
  /** The number's JSON text. */
  readonly text: string;
  toString(): string;
  valueOf(): number;
}

/** The servers `serverIdx` selects: us (0, default), jp, eu, br. */
export declare const ServerList: readonly string[];
