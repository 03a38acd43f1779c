"use strict";
// Authlete: the official TypeScript SDK's class, with the `clients` resource as methods that throw on failure.

const { AuthleteCore } = require("./core.js");
const { Clients, ClientManagement } = require("./clients.js");

class Authlete extends AuthleteCore {
  /** The client-management operations. */
  get clients() {
    if (!this._clients) this._clients = new Clients(this);
    return this._clients;
  }

  /** The official TypeScript SDK's `clientManagement` resource: `getGrantedScopes`,
   * `deleteGrantedScopes`, `getRequestableScopes` (also under `clients`). */
  get clientManagement() {
    if (!this._clientManagement) this._clientManagement = new ClientManagement(this);
    return this._clientManagement;
  }
}

module.exports = { Authlete, AuthleteCore, Clients, ClientManagement };
