// The declarations of the ESM entry point index.mjs: those of its CommonJS twin, so that
// `import` and `require` see the same classes.
export * from "./index.js";
