// The official TypeScript SDK's surface: all 16 operations as methods and as standalone functions (ESM and
// CommonJS), results as plain objects, void for the two 204 operations.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { Authlete } from "authlete";
import { AuthleteCore } from "authlete/core.js";
import { ResultError } from "authlete/models/errors";
import { GrantType } from "authlete/models";
import { admin, client, OPTIONS } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const OPS = Object.keys(require("../lib/operations.js").OPERATIONS);
const S = "api-svc";
const fname = (op) => `clients${op[0].toUpperCase()}${op.slice(1)}`;

beforeEach(() => admin("reset"));

test("16 operations: a method each, a standalone function each (import and require)", async () => {
  assert.equal(OPS.length, 16);
  const a = client();
  for (const op of OPS) {
    assert.equal(typeof a.clients[op], "function", op);
    const esm = await import(`authlete/funcs/${fname(op)}.js`);
    const cjs = require(`authlete/funcs/${fname(op)}.js`);
    assert.equal(typeof esm[fname(op)], "function", op);
    assert.equal(esm[fname(op)], cjs[fname(op)], op);
  }
  assert.equal(require("authlete").Authlete, Authlete);
  assert.equal(require("authlete/core.js").AuthleteCore, AuthleteCore);
  assert.ok(new Authlete(OPTIONS) instanceof AuthleteCore);
  assert.equal(GrantType.AuthorizationCode, "AUTHORIZATION_CODE");
});

test("every operation through its standalone function", async () => {
  await admin("seed", {
    serviceId: S,
    clients: [{ clientId: 10000000000001, clientName: "one", clientIdAlias: "one", clientIdAliasEnabled: true }],
    authorizations: [{ clientId: 10000000000001, subject: "john", scopes: ["openid"] }],
  });
  const core = new AuthleteCore(OPTIONS);
  const f = async (op, req) => (await import(`authlete/funcs/${fname(op)}.js`))[fname(op)](core, { serviceId: S, ...req });
  const id = "10000000000001";
  const results = {
    get: await f("get", { clientId: id }),
    getList: await f("getList", {}),
    create: await f("create", { client: { clientName: "two" } }),
    updateLockFlag: await f("updateLockFlag", { clientIdentifier: "one", clientFlagUpdateRequest: { clientLocked: false } }),
    update: await f("update", { clientId: id, client: { clientName: "uno" } }),
    rotateSecret: await f("rotateSecret", { clientIdentifier: id }),
    updateSecret: await f("updateSecret", { clientIdentifier: id, clientSecretUpdateRequest: { clientSecret: "abc_DEF-123" } }),
    getAuthorizedApplications: await f("getAuthorizedApplications", { subjectPathParameter: "john", subjectQueryParameter: "john" }),
    updateTokens: await f("updateTokens", { clientId: id, clientAuthorizationUpdateRequest: { subject: "john", scopes: ["openid"] } }),
    getGrantedScopes: await f("getGrantedScopes", { clientId: id, subject: "john" }),
    deleteGrantedScopes: await f("deleteGrantedScopes", { clientId: id, subject: "john" }),
    deleteTokens: await f("deleteTokens", { clientId: id, subject: "john" }),
    updateRequestableScopes: await f("updateRequestableScopes", {
      clientId: id,
      clientExtensionRequestableScopesUpdateRequest: { requestableScopes: ["a", "b"] },
    }),
    getRequestableScopes: await f("getRequestableScopes", { clientId: id }),
    deleteRequestableScopes: await f("deleteRequestableScopes", { clientId: id }),
    delete: await f("delete", { clientId: id }),
  };
  assert.deepEqual(Object.keys(results).sort(), [...OPS].sort());
  for (const [op, r] of Object.entries(results)) {
    assert.equal(r.ok, true, `${op}: ${r.error}`);
    if (op === "delete" || op === "deleteRequestableScopes") assert.equal(r.value, undefined, op);
    else assert.equal(Object.getPrototypeOf(r.value), Object.prototype, op);
  }
  assert.equal(results.get.value.clientName, "one");
  assert.equal(results.update.value.clientName, "uno");
  assert.equal(results.getAuthorizedApplications.value.clients[0].clientId, 10000000000001);
  assert.equal(results.updateSecret.value.newClientSecret, "abc_DEF-123");
  assert.deepEqual(results.getRequestableScopes.value.requestableScopes, ["a", "b"]);
  const gone = await f("get", { clientId: id });
  assert.equal(gone.ok, false);
  assert.ok(gone.error instanceof ResultError);
});

test("methods resolve to the result and throw the error", async () => {
  const a = client();
  const c = await a.clients.create({ serviceId: S, client: { clientName: "m" } });
  assert.equal(c.clientName, "m");
  assert.equal(await a.clients.delete({ serviceId: S, clientId: String(c.clientId) }), undefined);
  await assert.rejects(a.clients.get({ serviceId: S, clientId: String(c.clientId) }), ResultError);
});
