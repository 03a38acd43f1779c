import m from "./sdk.js";

export const { Authlete } = m;
