import type * as models from "../models/index.js";
import type * as operations from "../models/operations/index.js";
import type { RequestOptions } from "./types.js";

/** `Omit` applied to each member of a union (a request whose subject comes in two forms). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** `listAll`'s request: `getList`'s without `start` and `end`, and the size of each page. */
export type ClientListAllRequest = Omit<operations.ClientGetListApiRequest, "start" | "end"> & {
  /** Clients per page (1 to 2^31-1; 100 by default). */
  pageSize?: number | undefined;
};

/** `authorizedApplicationsAll`'s request: `getAuthorizedApplications`'s without `start` and `end`, and the size of each page. */
export type ClientAuthorizedApplicationsAllRequest = OmitEach<
  operations.ClientAuthorizationGetListApiRequest,
  "start" | "end"
> & {
  /** Applications per page (1 to 2^31-1; 100 by default). */
  pageSize?: number | undefined;
};

/** The pagers of the `clients` resource (this package's addition to the official TypeScript SDK). */
export declare class ClientPages {
  /**
   * Every client of a service, as an async iterator: each page is fetched with `getList` when
   * the iteration reaches it (`for await (const client of sdk.clients.listAll({ serviceId }))`).
   * Errors are thrown by the iteration; `options.signal` aborts it.
   */
  listAll(request: ClientListAllRequest, options?: RequestOptions): AsyncGenerator<models.Client, void, undefined>;
  /**
   * Every application a subject authorized, as an async iterator over
   * `getAuthorizedApplications` pages.
   */
  authorizedApplicationsAll(
    request: ClientAuthorizedApplicationsAllRequest,
    options?: RequestOptions,
  ): AsyncGenerator<models.ClientLimited, void, undefined>;
}
