import testing from "./testing.js";

export const { startEmulator, findEmulator, ANY_TOKEN } = testing;
