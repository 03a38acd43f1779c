// Bad input from JS rejects with SDKValidationError naming the field; nothing is sent.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Authlete } from "authlete";
import { AuthleteCore } from "authlete/core.js";
import { clientsGet } from "authlete/funcs/clientsGet.js";
import { SDKValidationError } from "authlete/models/errors";
import { admin, client, OPTIONS } from "./helpers.mjs";

beforeEach(() => admin("reset"));

async function refused(promise, field) {
  const e = await promise.then(() => null, (x) => x);
  assert.ok(e instanceof SDKValidationError, `expected SDKValidationError, got ${e}`);
  assert.equal(e.field, field, e.message);
  return e;
}

test("non-object requests", async () => {
  const a = client();
  for (const bad of [null, undefined, "x", 42, [], true]) {
    await refused(a.clients.get(bad), "request");
  }
});

test("wrong types and missing fields name the field", async () => {
  const a = client();
  await refused(a.clients.get({ serviceId: "s", clientId: 5 }), "clientId");
  await refused(a.clients.get({ clientId: "5" }), "serviceId");
  await refused(a.clients.create({ serviceId: "s", client: { clientName: 7 } }), "client.clientName");
  await refused(a.clients.create({ serviceId: "s", client: "x" }), "client");
  await refused(a.clients.create({ serviceId: "s", client: { grantTypes: "AUTHORIZATION_CODE" } }), "client.grantTypes");
  await refused(a.clients.getList({ serviceId: "s", start: "0" }), "start");
  await refused(a.clients.updateSecret({ serviceId: "s", clientIdentifier: "1" }), "clientSecretUpdateRequest");
  await refused(a.clients.get({ serviceId: "s", clientId: "1", bogus: 1 }), "bogus");
  const circular = { serviceId: "s", clientId: "1" };
  circular.self = circular;
  await refused(a.clients.get(circular), "request");
  assert.equal((await admin("log")).count, 0);
});

test("bad per-call options", async () => {
  const a = client();
  const req = { serviceId: "s", clientId: "1" };
  await refused(a.clients.get(req, "x"), "options");
  await refused(a.clients.get(req, { retires: {} }), "retires");
  await refused(a.clients.get(req, { signal: "abort" }), "signal");
  await refused(a.clients.get(req, { headers: { "x-bad": "a\r\nb" } }), "headers.x-bad");
  await refused(a.clients.get(req, { timeoutMs: 0 }), "timeoutMs");
  assert.equal((await admin("log")).count, 0);
});

test("bad client options throw from the constructor", () => {
  assert.throws(() => new Authlete({ ...OPTIONS, bogus: 1 }), (e) => e instanceof SDKValidationError && e.field === "bogus");
  assert.throws(() => new Authlete("x"), (e) => e instanceof SDKValidationError && e.field === "options");
  assert.throws(
    () => new Authlete({ ...OPTIONS, httpClient: { fetcher: fetch } }),
    (e) => e instanceof SDKValidationError && e.field === "httpClient",
  );
  assert.throws(
    () => new Authlete({ ...OPTIONS, security: { bearer: "a\nb" } }),
    (e) => e instanceof SDKValidationError,
  );
  assert.throws(() => new Authlete({ security: { bearer: "t" }, serverIdx: 9 }), (e) => e instanceof SDKValidationError);
});

test("standalone functions resolve to { ok: false, error } and never reject", async () => {
  const r = await clientsGet(new AuthleteCore(OPTIONS), null);
  assert.equal(r.ok, false);
  assert.ok(r.error instanceof SDKValidationError);
  const r2 = await clientsGet({}, { serviceId: "s", clientId: "1" });
  assert.equal(r2.ok, false);
  assert.equal(r2.error.field, "client");
});
