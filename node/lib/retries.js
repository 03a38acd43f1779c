"use strict";
// `authlete/lib/retries.js`: the official TypeScript SDK's retry types (RetryConfig,
// BackoffStrategy) are declarations only; retries run in this SDK's Rust core.
