// `authlete/lib/retries.js`: declarations only (retries run in this SDK's Rust core).
export {};
