// The declarations of the ESM entry point config.mjs: those of its CommonJS twin, so that
// `import` and `require` see the same classes.
export * from "./config.js";
