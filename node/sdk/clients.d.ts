export { Clients } from "../lib/clients.js";
