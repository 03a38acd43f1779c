import m from "./index.js";

export const { OK, ERR } = m;
