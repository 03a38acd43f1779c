export { ClientManagement } from "../lib/clients.js";
