// The official TypeScript SDK's surface beyond the operations: enum constant names, error
// constructors, a `security` function, HTTPClient, RequestInit keys in per-call options,
// `$inspect()`, and the subpath modules (lib/config.js, lib/http, types, sdk/clients.js).
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Authlete, HTTPClient, SDK_METADATA, ServerList, serverURLFromOptions } from "authlete";
import { AuthleteCore } from "authlete/core.js";
import { clientsGet } from "authlete/funcs/clientsGet.js";
import { clientsDelete } from "authlete/funcs/clientsDelete.js";
import { ClientType, JweAlg, JweEnc, JwsAlg, ResponseMode } from "authlete/models";
import * as errors from "authlete/models/errors";
import * as config from "authlete/lib/config.js";
import * as httpModule from "authlete/lib/http";
import { OK, ERR } from "authlete/types";
import { Clients } from "authlete/sdk/clients.js";
import { startEmulator } from "authlete/testing";
import { admin, client, OPTIONS, BASE } from "./helpers.mjs";

const require = createRequire(import.meta.url);
// The binary `cargo build -p authlete-emulator` builds (make test-node does).
process.env.AUTHLETE_EMULATOR_BIN ??= path.join(
  process.env.CARGO_TARGET_DIR ?? fileURLToPath(new URL("../../target", import.meta.url)),
  "debug",
  "authlete-emulator",
);
const S = "official-svc";
beforeEach(() => admin("reset"));

test("enum constants are spelled as the official TypeScript SDK spells them", () => {
  assert.equal(JweAlg.A128Kw, "A128KW");
  assert.equal(JweAlg.A128Gcmkw, "A128GCMKW");
  assert.equal(JweAlg.EcdhEsA128Kw, "ECDH_ES_A128KW");
  assert.equal(JweAlg.Pbes2Hs256A128Kw, "PBES2_HS256_A128KW");
  assert.equal(JweEnc.A128CbcHs256, "A128CBC_HS256");
  assert.equal(JweEnc.A128Gcm, "A128GCM");
  assert.equal(JwsAlg.Es256K, "ES256K");
  assert.equal(ClientType.Confidential, "CONFIDENTIAL");
  assert.equal(ResponseMode.FormPostJwt, "FORM_POST_JWT");
  assert.equal(JweAlg.A128kw, undefined, "the old spelling is gone");
});

test("an unknown enum value from the server is kept", async () => {
  await admin("seed", { serviceId: S, clients: [{ clientId: 3, clientName: "c", responseModes: ["QUERY", "SOMETHING_NEW"] }] });
  const c = await client().clients.get({ serviceId: S, clientId: "3" });
  assert.deepEqual(c.responseModes, [ResponseMode.Query, "SOMETHING_NEW"]);
});

test("a security function is called before each request and its token sent", async () => {
  // An emulator that accepts one token only: the function's token must be the one sent.
  const emu = await startEmulator({ token: "fn-token" });
  try {
    const tokens = ["fn-token", "other-token"];
    let calls = 0;
    const a = new Authlete({ serverURL: emu.url, retryConfig: { strategy: "none" }, security: async () => ({ authlete: tokens[calls++] }) });
    assert.equal((await a.clients.getList({ serviceId: S })).totalCount ?? 0, 0);
    const e = await a.clients.getList({ serviceId: S }).then(() => null, (x) => x);
    assert.ok(e instanceof errors.ResultError && e.statusCode === 401, String(e));
    assert.equal(calls, 2);
    // A synchronous function works too, and wins over the environment.
    const b = new Authlete({ serverURL: emu.url, security: () => ({ bearer: "fn-token" }) });
    assert.equal((await b.clients.getList({ serviceId: S })).totalCount ?? 0, 0);
  } finally {
    await emu.stop();
  }
  // A bad token is refused before any request, and not shown.
  const b = new Authlete({ ...OPTIONS, security: () => ({ bearer: "bad token" }) });
  const e = await b.clients.getList({ serviceId: S }).then(() => null, (x) => x);
  assert.ok(e instanceof errors.SDKValidationError && e.field === "security", String(e));
  assert.ok(!String(e).includes("bad token"));
  // A function that throws fails the call, not the process.
  const c = new Authlete({ ...OPTIONS, security: async () => { throw new Error("vault down"); } });
  const f = await c.clients.getList({ serviceId: S }).then(() => null, (x) => x);
  assert.ok(f instanceof errors.UnexpectedClientError && /vault down/.test(f.message), String(f));
  assert.equal((await admin("log", { op: "clients.getList" })).count, 0);
});

test("an HTTPClient with a fetcher or hooks is refused with the alternatives named; a plain one is accepted", async () => {
  const withFetcher = new HTTPClient({ fetcher: (input, init) => fetch(input, init) });
  assert.throws(
    () => new Authlete({ ...OPTIONS, httpClient: withFetcher }),
    (e) => e instanceof errors.SDKValidationError && e.field === "httpClient" && /authlete\/testing/.test(e.message),
  );
  const plain = new HTTPClient();
  const a = new Authlete({ ...OPTIONS, httpClient: plain });
  assert.equal((await a.clients.getList({ serviceId: S })).totalCount ?? 0, 0);
  // A hook added after the client was made fails the next call instead of being ignored.
  plain.addHook("beforeRequest", (req) => req);
  const e = await a.clients.getList({ serviceId: S }).then(() => null, (x) => x);
  assert.ok(e instanceof errors.SDKValidationError && /beforeRequest/.test(e.message), String(e));
  // The class itself works as the official one for direct use.
  const seen = [];
  const h = new HTTPClient({ fetcher: async (req) => new Response(`got ${req.url}`, { status: 299 }) });
  h.addHook("beforeRequest", (req) => new Request(req, { headers: { "x-a": "1" } }));
  h.addHook("response", (res, req) => seen.push([res.status, req.headers.get("x-a")]));
  const res = await h.clone().request(new Request("http://example.invalid/x"));
  assert.equal(await res.text(), "got http://example.invalid/x");
  assert.deepEqual(seen, [[299, "1"]]);
});

test("per-call options take the other RequestInit keys and signal: null", async () => {
  const a = client();
  const r = await a.clients.getList(
    { serviceId: S },
    { signal: null, cache: "no-store", redirect: "error", credentials: "omit", keepalive: false, headers: { "x-trace": "t1" } },
  );
  assert.equal(r.totalCount ?? 0, 0);
  // fetch's HeadersInit: several values for a name are sent joined; string[][] pairs work.
  const pairs = [["x-pair", "p"]];
  await a.clients.getList({ serviceId: S }, { headers: { "x-multi": ["a", "b"] }, fetchOptions: { headers: pairs } });
  const [sent, sent2] = (await admin("log", { op: "clients.getList" })).requests;
  assert.equal(sent.headers["x-trace"], "t1");
  assert.equal(sent2.headers["x-multi"], "a, b");
  assert.equal(sent2.headers["x-pair"], "p");
});

test("errors are built with the official TypeScript SDK's arguments", () => {
  const response = new Response('{"resultCode":"A1"}', { status: 403, headers: { "content-type": "application/json" } });
  const request = new Request("https://us.authlete.com/api/1/client/get/2");
  const r = new errors.ResultError({ resultCode: "A1", resultMessage: "no" }, { response, request, body: '{"resultCode":"A1"}' });
  assert.ok(r instanceof errors.AuthleteError && r instanceof Error);
  assert.equal(r.name, "ResultError");
  assert.equal(r.statusCode, 403);
  assert.equal(r.resultCode, "A1");
  assert.deepEqual(r.data$, { resultCode: "A1", resultMessage: "no" });
  assert.equal(r.contentType, "application/json");
  assert.equal(r.body, '{"resultCode":"A1"}');
  assert.equal(r.rawResponse, response);
  const d = new errors.AuthleteDefaultError("teapot", { response: new Response("x", { status: 418 }), request, body: "x" });
  assert.equal(d.statusCode, 418);
  assert.equal(d.message, "teapot");
  const rv = new errors.ResponseValidationError("bad body", {
    response: new Response("{", { status: 200 }), request, body: "{", cause: null, rawValue: "{", rawMessage: "not JSON",
  });
  assert.equal(rv.statusCode, 200);
  assert.equal(rv.rawValue, "{");
  assert.equal(rv.rawMessage, "not JSON");
  assert.equal(rv.cause, null);
  assert.match(rv.pretty(), /not JSON/);
  const cause = new Error("too long");
  const v = new errors.SDKValidationError("bad input", cause, { clientName: "x" });
  assert.equal(v.name, "SDKValidationError");
  assert.equal(v.cause, cause);
  assert.deepEqual(v.rawValue, { clientName: "x" });
  assert.equal(v.rawMessage, "bad input");
  assert.match(v.message, /^bad input: /);
  for (const [cls, name] of [
    [errors.ConnectionError, "ConnectionError"],
    [errors.RequestTimeoutError, "RequestTimeoutError"],
    [errors.RequestAbortedError, "RequestAbortedError"],
    [errors.InvalidRequestError, "InvalidRequestError"],
    [errors.UnexpectedClientError, "UnexpectedClientError"],
  ]) {
    const e = new cls("m", { cause });
    assert.equal(e.name, name);
    assert.equal(e.cause, cause);
    assert.ok(e instanceof errors.HTTPClientError);
  }
});

test("errors the SDK raises keep their fields (the record path)", async () => {
  const e = await client().clients.get({ serviceId: S, clientId: "404404" }).then(() => null, (x) => x);
  assert.ok(e instanceof errors.ResultError, String(e));
  assert.ok(e.statusCode >= 400);
  assert.equal(typeof e.resultCode, "string");
  assert.equal(e.data$.resultCode, e.resultCode);
  const v = await client().clients.get({ serviceId: S, clientId: "" }).then(() => null, (x) => x);
  assert.ok(v instanceof errors.SDKValidationError && v.field === "clientId", String(v));
});

test("$inspect() describes a standalone function's call", async () => {
  await admin("seed", { serviceId: S, clients: [{ clientId: 11, clientName: "c" }] });
  const core = new AuthleteCore(OPTIONS);
  const [ok, call] = await clientsGet(core, { serviceId: S, clientId: "11" }).$inspect();
  assert.equal(ok.ok, true);
  assert.equal(call.status, "complete");
  assert.equal(call.request.method, "GET");
  assert.equal(call.request.url, `${BASE.replace(/\/$/, "")}/api/${S}/client/get/11`);
  assert.equal(call.response.status, 200);
  assert.equal((await call.response.json()).clientName, "c");

  const [missing, call2] = await clientsGet(core, { serviceId: S, clientId: "12" }).$inspect();
  assert.equal(missing.ok, false);
  assert.equal(call2.status, "complete");
  assert.equal(call2.response.status, missing.error.statusCode);

  const [bad, call3] = await clientsGet(core, { serviceId: S, clientId: "" }).$inspect();
  assert.ok(bad.error instanceof errors.SDKValidationError);
  assert.deepEqual(call3, { status: "invalid" });

  const down = new AuthleteCore({ ...OPTIONS, serverURL: "http://127.0.0.1:1", retryConfig: { strategy: "none" } });
  const [failed, call4] = await clientsDelete(down, { serviceId: S, clientId: "11" }).$inspect();
  assert.ok(failed.error instanceof errors.ConnectionError, String(failed.error));
  assert.equal(call4.status, "request-error");
  assert.equal(call4.request.method, "DELETE");
  assert.equal(call4.request.url, `http://127.0.0.1:1/api/${S}/client/delete/11`);

  // Awaited directly, it is the result itself.
  const direct = await clientsGet(core, { serviceId: S, clientId: "11" });
  assert.equal(direct.ok && direct.value.clientName, "c");
});

test("lib/config.js: ServerList, serverURLFromOptions, SDK_METADATA", () => {
  assert.deepEqual([...ServerList], ["https://us.authlete.com", "https://jp.authlete.com", "https://eu.authlete.com", "https://br.authlete.com"]);
  assert.equal(config.ServerList, ServerList);
  assert.equal(serverURLFromOptions({ serverIdx: 2 }).href, "https://eu.authlete.com/");
  assert.equal(serverURLFromOptions({ serverURL: "http://localhost:9/base" }).href, "http://localhost:9/base");
  assert.equal(serverURLFromOptions({ server: "br" }).href, "https://br.authlete.com/");
  assert.throws(() => serverURLFromOptions({ serverIdx: 4 }), /Invalid server index 4/);
  const pkg = require("../package.json");
  assert.equal(SDK_METADATA.sdkVersion, pkg.version);
  assert.equal(SDK_METADATA.language, "typescript");
  assert.match(SDK_METADATA.userAgent, new RegExp(`^authlete-sdk/${pkg.version.replace(/\./g, "\\.")} node/`));
});

test("subpath modules load the same classes from CommonJS and ESM", () => {
  assert.equal(require("authlete/lib/http").HTTPClient, httpModule.HTTPClient);
  assert.equal(httpModule.HTTPClient, HTTPClient);
  assert.equal(require("authlete/sdk/clients.js").Clients, Clients);
  assert.ok(client().clients instanceof Clients);
  assert.equal(require("authlete/lib/config.js").serverURLFromOptions, serverURLFromOptions);
  assert.deepEqual(OK(1), { ok: true, value: 1 });
  assert.deepEqual(ERR("e"), { ok: false, error: "e" });
  assert.deepEqual(Object.keys(require("authlete/lib/retries.js")), []);
  assert.equal(typeof require("authlete/types").OK, "function");
});
