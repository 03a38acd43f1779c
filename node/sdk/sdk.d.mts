// The declarations of the ESM entry point sdk.mjs: those of its CommonJS twin, so that
// `import` and `require` see the same classes.
export * from "./sdk.js";
