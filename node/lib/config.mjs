import m from "./config.js";

export const { ServerList, serverURLFromOptions, SDK_METADATA } = m;
