import core from "./core.js";

export const { AuthleteCore } = core;
