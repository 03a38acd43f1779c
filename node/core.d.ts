import type { SDKOptions } from "./lib/types.js";

export type { SDKOptions, RequestOptions, RetryConfig, BackoffStrategy, Security, Logger, Result, OK, ERR, APIPromise, APICall } from "./lib/types.js";

/**
 * The client the standalone functions (`authlete/funcs/*.js`) take. One instance holds one
 * connection pool; share it across an application. Throws SDKValidationError on bad options.
 */
export declare class AuthleteCore {
  constructor(options?: SDKOptions);
}
