// The official TypeScript SDK's `clientManagement` resource, and this package's pagers:
// async iterators over every client and every authorized application.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { ResultError, SDKValidationError, RequestAbortedError } from "authlete/models/errors";
import { admin, client } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const S = "page-svc";

beforeEach(() => admin("reset"));

const seedClients = (n) =>
  admin("seed", {
    serviceId: S,
    clients: Array.from({ length: n }, (_, i) => ({ clientId: 20000000000000 + i, clientName: `c${i}` })),
    authorizations: Array.from({ length: n }, (_, i) => ({ clientId: 20000000000000 + i, subject: "john", scopes: ["openid"] })),
  });

const pageQueries = async (op) => (await admin("log", { op })).requests.map((r) => r.query);

test("listAll: every client, a page fetched only when the iteration reaches it", async () => {
  await seedClients(7);
  const it = client().clients.listAll({ serviceId: S, pageSize: 3 });
  const first = await it.next();
  assert.equal(first.value.clientName, "c0");
  assert.equal((await admin("log", { op: "clients.getList" })).count, 1, "only the first page so far");
  const names = [first.value.clientName];
  for await (const c of it) names.push(c.clientName);
  assert.deepEqual(names, Array.from({ length: 7 }, (_, i) => `c${i}`));
  const queries = await pageQueries("clients.getList");
  assert.equal(queries.length, 3);
  assert.match(queries[2], /start=6/);
  assert.match(queries[2], /end=9/);
});

test("listAll stops at the total without fetching an empty page", async () => {
  await seedClients(6);
  const names = [];
  for await (const c of client().clients.listAll({ serviceId: S, pageSize: 3 })) names.push(c.clientName);
  assert.equal(names.length, 6);
  assert.equal((await pageQueries("clients.getList")).length, 2);
});

test("authorizedApplicationsAll: every application a subject authorized", async () => {
  await seedClients(5);
  const ids = [];
  for await (const app of client().clients.authorizedApplicationsAll({ serviceId: S, subject: "john", pageSize: 2 })) {
    ids.push(app.clientId);
  }
  assert.equal(ids.length, 5);
  assert.equal((await pageQueries("clients.getAuthorizedApplications")).length, 3);
});

test("pagers: a bad page size is refused before any request; errors and aborts end the iteration", async () => {
  for (const pageSize of [0, -1, 1.5, 2 ** 31, "3"]) {
    await assert.rejects(client().clients.listAll({ serviceId: S, pageSize }).next(), SDKValidationError);
  }
  assert.equal((await admin("log", { op: "clients.getList" })).count, 0);
  await seedClients(4);
  await admin("fault", { op: "clients.getList", status: 400, times: 1, body: JSON.stringify({ resultCode: "A001", resultMessage: "no" }) });
  await assert.rejects(client().clients.listAll({ serviceId: S, pageSize: 2 }).next(), ResultError);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    client().clients.listAll({ serviceId: S, pageSize: 2 }, { signal: controller.signal }).next(),
    RequestAbortedError,
  );
});

test("clientManagement: the official SDK's three sibling operations, methods and standalone functions", async () => {
  await seedClients(1);
  const a = client();
  const viaManagement = await a.clientManagement.getGrantedScopes({ serviceId: S, clientId: "20000000000000", subject: "john" });
  const viaClients = await a.clients.getGrantedScopes({ serviceId: S, clientId: "20000000000000", subject: "john" });
  assert.deepEqual(viaManagement, viaClients);
  assert.equal(typeof a.clientManagement.deleteGrantedScopes, "function");
  assert.equal(typeof a.clientManagement.getRequestableScopes, "function");
  assert.equal(a.clientManagement.get, undefined, "only the official SDK's three");
  for (const fn of ["clientManagementGetGrantedScopes", "clientManagementDeleteGrantedScopes", "clientManagementGetRequestableScopes"]) {
    const esm = await import(`authlete/funcs/${fn}.js`);
    assert.equal(esm[fn], require(`authlete/funcs/${fn}.js`)[fn], fn);
  }
  const { clientManagementGetRequestableScopes } = await import("authlete/funcs/clientManagementGetRequestableScopes.js");
  const r = await clientManagementGetRequestableScopes(a, { serviceId: S, clientId: "20000000000000" });
  assert.equal(r.ok, true);
  const missing = await clientManagementGetRequestableScopes(a, { serviceId: S, clientId: "1" });
  assert.equal(missing.ok, false);
  assert.ok(missing.error instanceof ResultError);
});
