// The declarations of the ESM entry point core.mjs: those of its CommonJS twin, so that
// `import` and `require` see the same classes.
export * from "./core.js";
