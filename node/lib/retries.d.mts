// The declarations of the ESM entry point retries.mjs: those of its CommonJS twin, so that
// `import` and `require` see the same classes.
export * from "./retries.js";
