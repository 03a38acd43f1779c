// Client and per-call options: retries, retryCodes, timeoutMs, serverURL, headers
// (plain, Headers, fetchOptions.headers), userAgent, env fallbacks, debugLogger / AUTHLETE_DEBUG.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Authlete } from "authlete";
import { AuthleteDefaultError, RequestTimeoutError, ResultError } from "authlete/models/errors";
import { admin, client, BASE } from "./helpers.mjs";

const S = "opt-svc";
beforeEach(() => admin("reset"));

test("503 is retried by default; per-call retries none turns it off", async () => {
  const a = client();
  await admin("fault", { op: "clients.getList", status: 503, times: 2 });
  const ok = await a.clients.getList({ serviceId: S });
  assert.equal(ok.totalCount ?? 0, 0);
  assert.equal((await admin("log", { op: "clients.getList" })).count, 3);

  await admin("reset");
  await admin("fault", { op: "clients.getList", status: 503 });
  const e = await a.clients.getList({ serviceId: S }, { retries: { strategy: "none" } }).then(() => null, (x) => x);
  assert.ok(e instanceof AuthleteDefaultError || e instanceof ResultError, String(e));
  assert.equal(e.statusCode, 503);
  assert.equal((await admin("log", { op: "clients.getList" })).count, 1);
});

test("retryCodes chooses the retried statuses", async () => {
  await admin("fault", { op: "clients.getList", status: 404, body: "x", contentType: "text/plain" });
  await client().clients.getList({ serviceId: S }, { retryCodes: ["4XX"] });
  assert.equal((await admin("log", { op: "clients.getList" })).count, 2);
});

test("per-call timeoutMs and serverURL", async () => {
  await admin("fault", { op: "clients.getList", delayMs: 2000 });
  const e = await client().clients.getList({ serviceId: S }, { timeoutMs: 50 }).then(() => null, (x) => x);
  assert.ok(e instanceof RequestTimeoutError);
  const a = client({ serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } });
  const list = await a.clients.getList({ serviceId: S }, { serverURL: new URL(BASE) });
  assert.ok(list);
});

test("headers, Headers objects and fetchOptions.headers are sent; userAgent replaces the User-Agent", async () => {
  const a = client({ userAgent: "my-app/1.0" });
  await a.clients.getList({ serviceId: S }, { headers: { "x-one": "1" } });
  await a.clients.getList({ serviceId: S }, { fetchOptions: { headers: new Headers({ "x-two": "2" }) } });
  await a.clients.getList({ serviceId: S }, { fetchOptions: { headers: [["x-three", "3"]] } });
  const [r1, r2, r3] = (await admin("log", { op: "clients.getList" })).requests;
  assert.equal(r1.headers["x-one"], "1");
  assert.equal(r2.headers["x-two"], "2");
  assert.equal(r3.headers["x-three"], "3");
  assert.equal(r1.headers["user-agent"], "my-app/1.0");
  assert.equal(r1.headers.authorization, "Bearer ***");
});

test("the default User-Agent names the SDK and node", async () => {
  await client().clients.getList({ serviceId: S });
  const [r] = (await admin("log")).requests;
  assert.match(r.headers["user-agent"], /node\//);
});

test("env fallbacks: AUTHLETE_SERVER_URL and AUTHLETE_BEARER", async () => {
  const saved = { ...process.env };
  try {
    process.env.AUTHLETE_SERVER_URL = BASE;
    process.env.AUTHLETE_BEARER = "env-token";
    delete process.env.AUTHLETE_AUTHLETE;
    const a = new Authlete({});
    await a.clients.getList({ serviceId: S });
    const [r] = (await admin("log")).requests;
    assert.equal(r.headers.authorization, "Bearer ***");
  } finally {
    for (const k of ["AUTHLETE_SERVER_URL", "AUTHLETE_BEARER", "AUTHLETE_AUTHLETE"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
});

test("debugLogger gets one line per call: operation, status, attempts, duration, never the token", async () => {
  const lines = [];
  const a = client({ security: { bearer: "super-secret-token" }, debugLogger: { log: (l) => lines.push(String(l)) } });
  await admin("fault", { op: "clients.getList", status: 503 });
  await a.clients.getList({ serviceId: S });
  await a.clients.get({ serviceId: S, clientId: "77" }).catch(() => {});
  await a.clients.get({ serviceId: S, clientId: "" }).catch(() => {});
  await a.clients.get({ serviceId: S, clientId: 5 }).catch(() => {});
  // The per-attempt lines have their own test below.
  const perCall = lines.filter((l) => !l.startsWith("authlete: attempt "));
  assert.equal(lines.length - perCall.length, 3, lines.join("\n"));
  lines.splice(0, lines.length, ...perCall);
  assert.equal(lines.length, 4, lines.join("\n"));
  assert.match(lines[0], /clients\.getList ok status=200 attempts=2 duration=\d+ms/);
  assert.match(lines[1], /clients\.get failed ResultError status=400 attempts=1 duration=\d+ms/);
  assert.match(lines[2], /clients\.get failed SDKValidationError status=- attempts=0 duration=\d+ms/);
  assert.match(lines[3], /clients\.get failed SDKValidationError status=- attempts=0 duration=\d+ms/);
  assert.ok(!lines.join("\n").includes("super-secret-token"));
});

test("debugLogger gets one line per attempt: operation, attempt, status, duration, the wait before a retry", async () => {
  const lines = [];
  const a = client({ security: { bearer: "super-secret-token" }, debugLogger: { log: (l) => lines.push(String(l)) } });
  await admin("seed", { serviceId: S, clients: [{ clientId: 42, clientName: "c", clientSecret: "client-secret-kept-out" }] });
  await admin("fault", { op: "clients.get", status: 503 });
  const c = await a.clients.get({ serviceId: S, clientId: "42" });
  assert.equal(c.clientSecret, "client-secret-kept-out");
  assert.equal(lines.length, 3, lines.join("\n"));
  const [first, second, call] = lines;
  const m1 = first.match(/^authlete: attempt operation=clients\.get attempt=1 status=503 duration_ms=(\d+) wait_ms=(\d+)$/);
  assert.ok(m1, first);
  assert.ok(Number(m1[2]) > 0, "a wait before the retry");
  assert.match(second, /^authlete: attempt operation=clients\.get attempt=2 status=200 duration_ms=\d+$/);
  assert.match(call, /clients\.get ok status=200 attempts=2/);

  lines.length = 0;
  await admin("fault", { op: "clients.getList", drop: "before" });
  await a.clients.getList({ serviceId: S });
  assert.match(lines[0], /^authlete: attempt operation=clients\.getList attempt=1 failure=broken duration_ms=\d+ wait_ms=\d+$/);
  assert.match(lines[1], /attempt=2 status=200/);
  const text = lines.join("\n");
  assert.ok(!text.includes("super-secret-token") && !text.includes("client-secret-kept-out"));
});

test("AUTHLETE_DEBUG=1 logs to the console", () => {
  const script = `
    import { Authlete } from "authlete";
    const a = new Authlete({ serverURL: ${JSON.stringify(BASE)}, security: { bearer: "hidden-token" } });
    await a.clients.getList({ serviceId: "dbg" });`;
  const run = (env) =>
    spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
  const on = run({ AUTHLETE_DEBUG: "1" });
  assert.equal(on.status, 0, on.stderr);
  assert.match(on.stdout + on.stderr, /authlete: clients\.getList ok status=200 attempts=1/);
  assert.ok(!(on.stdout + on.stderr).includes("hidden-token"));
  const off = run({ AUTHLETE_DEBUG: "" });
  assert.equal(off.status, 0, off.stderr);
  assert.doesNotMatch(off.stdout + off.stderr, /authlete:/);
});
