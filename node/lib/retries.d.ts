// `authlete/lib/retries.js`: the official TypeScript SDK's retry types.
export type { BackoffStrategy, RetryConfig } from "./types.js";
