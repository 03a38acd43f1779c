import m from "./http.js";

export const { HTTPClient } = m;
