// The CommonJS side of esm.test-d.mts: the same names through `require` resolution.
export { ResultError } from "authlete/models/errors";
export type { Client } from "authlete/models";
export { Authlete } from "authlete";
