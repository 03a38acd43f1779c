"use strict";
// `authlete/lib/http`: the official TypeScript SDK's HTTPClient. This SDK sends its requests
// from its Rust core, not through fetch, so an Authlete client cannot use a custom fetcher or
// hooks: `new Authlete({ httpClient })` refuses an HTTPClient that has either
// (SDKValidationError naming the alternatives), and accepts a plain `new HTTPClient()`.
// The class itself works as the official one does, for code that calls `request` directly.

const HOOKS = ["beforeRequest", "requestError", "response"];

class HTTPClient {
  constructor(options = {}) {
    const fetcher = options !== null && typeof options === "object" ? options.fetcher : undefined;
    if (fetcher !== undefined && typeof fetcher !== "function") throw new TypeError("HTTPClient: fetcher must be a function");
    Object.defineProperty(this, "_fetcher", { value: fetcher, writable: true });
    Object.defineProperty(this, "_hooks", { value: { beforeRequest: [], requestError: [], response: [] } });
  }

  /** Sends `request` through the hooks and the fetcher (fetch by default). */
  async request(request) {
    let req = request;
    for (const hook of this._hooks.beforeRequest) {
      const next = await hook(req);
      if (next) req = next;
    }
    try {
      const res = await (this._fetcher ?? fetch)(req);
      for (const hook of this._hooks.response) await hook(res, req);
      return res;
    } catch (err) {
      for (const hook of this._hooks.requestError) await hook(err, req);
      throw err;
    }
  }

  addHook(hook, fn) {
    if (!HOOKS.includes(hook)) throw new TypeError(`HTTPClient: unknown hook ${String(hook)}`);
    if (typeof fn !== "function") throw new TypeError("HTTPClient: a hook must be a function");
    this._hooks[hook].push(fn);
    return this;
  }

  removeHook(hook, fn) {
    if (!HOOKS.includes(hook)) throw new TypeError(`HTTPClient: unknown hook ${String(hook)}`);
    const list = this._hooks[hook];
    const at = list.indexOf(fn);
    if (at >= 0) list.splice(at, 1);
    return this;
  }

  clone() {
    const copy = new HTTPClient({ fetcher: this._fetcher });
    for (const hook of HOOKS) copy._hooks[hook].push(...this._hooks[hook]);
    return copy;
  }
}

/** Why an Authlete client cannot use `client`, or "" when it can (no fetcher, no hook). */
function unsupported(client) {
  if (!(client instanceof HTTPClient)) return "must be an HTTPClient from authlete/lib/http";
  const hooks = HOOKS.filter((h) => client._hooks[h].length > 0);
  if (client._fetcher === undefined && hooks.length === 0) return "";
  const what = [client._fetcher !== undefined ? "a fetcher" : "", ...hooks.map((h) => `a "${h}" hook`)].filter(Boolean).join(" and ");
  return (
    `has ${what}, which this SDK cannot honour: its requests are sent by its Rust core, not through fetch. ` +
    "To test, run the emulator from authlete/testing and point serverURL at it; to add headers, use the per-call " +
    "`headers` option; to observe calls, use `debugLogger`"
  );
}

module.exports = { HTTPClient, unsupported };
