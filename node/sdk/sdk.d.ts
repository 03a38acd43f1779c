export { Authlete } from "../index.js";
