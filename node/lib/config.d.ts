// `authlete/lib/config.js`: the official TypeScript SDK's server list, server URL and metadata.
import type { SERVERS } from "./operations.js";
import type { SDKOptions } from "./types.js";

export type { SDKOptions } from "./types.js";

/** The servers `serverIdx` selects: us (0, the default), jp, eu, br. */
export declare const ServerList: typeof SERVERS;

/**
 * The URL of the server that `new Authlete(options)` talks to: `serverURL` (or the name in
 * `server`), else `ServerList[serverIdx]`, else env AUTHLETE_SERVER_URL, else the first server.
 * Throws on a server index out of range.
 */
export declare function serverURLFromOptions(options: SDKOptions): URL | null;

/** What this package is (the official TypeScript SDK's fields; the values are this package's). */
export declare const SDK_METADATA: {
  readonly language: "typescript";
  readonly openapiDocVersion: string;
  readonly sdkVersion: string;
  readonly genVersion: string;
  readonly userAgent: string;
};
