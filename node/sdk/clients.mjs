import m from "./clients.js";

export const { Clients } = m;
