// A hostile server and the transport options: TLS with a CA the test run made (the emulator
// started by `AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh` requires a client certificate),
// an explicit proxy, error objects that show no secret, exact numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import { Authlete, ExactNumber, exactInt64 } from "authlete";
import * as errors from "authlete/models/errors";
import { admin, BASE as base } from "./helpers.mjs";

const TOKEN = "hostile-node-token-0123456789";
const pki = process.env.AUTHLETE_EMULATOR_PKI;
const tlsURL = process.env.AUTHLETE_EMULATOR_TLS_URL;
const pem = (name) => readFileSync(path.join(pki, name), "utf8");
const https = (more = {}) =>
  new Authlete({ serverURL: tlsURL, security: { bearer: TOKEN }, retryConfig: { strategy: "none" }, ...more });

test("the HTTPS emulator is there", () => {
  assert.ok(pki && tlsURL, "run under AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh");
});

test("mutual TLS with an extra CA", async () => {
  const sdk = https({ caCertificates: pem("ca.pem"), clientCertificate: pem("client.pem"), clientKey: pem("client.key") });
  const page = await sdk.clients.getList({ serviceId: "s1" });
  assert.ok(page);
  const shown = inspect(sdk, { depth: 5 });
  assert.ok(!shown.includes("PRIVATE KEY") && !shown.includes(TOKEN), shown);
});

test("an unknown CA and a missing client certificate are connection errors", async () => {
  await assert.rejects(https().clients.getList({ serviceId: "s1" }), (e) => e instanceof errors.ConnectionError && /certificate/i.test(e.message));
  await assert.rejects(https({ caCertificates: pem("ca.pem") }).clients.getList({ serviceId: "s1" }), errors.ConnectionError);
});

test("bad PEM is refused at construction", () => {
  assert.throws(() => https({ caCertificates: "nope" }), (e) => e instanceof errors.SDKValidationError && e.field === "caCertificates");
  assert.throws(
    () => https({ clientCertificate: pem("client.pem"), clientKey: "-----BEGIN PRIVATE KEY-----\nx\n" }),
    (e) => e instanceof errors.SDKValidationError && e.field === "clientKey" && !e.message.includes("BEGIN"),
  );
});

test("an explicit proxy carries the calls", async () => {
  await admin("reset");
  const host = base.replace(/^http:\/\//, "");
  const sdk = new Authlete({ serverURL: "http://api.authlete.invalid", security: { bearer: TOKEN }, proxy: `http://u:proxy-secret@${host}`, retryConfig: { strategy: "none" } });
  await sdk.clients.getList({ serviceId: "s1" });
  const log = await admin("log", { op: "clients.getList" });
  assert.equal(log.count, 1);
});

test("an error shows no echoed token, also through console.log and JSON.stringify", async () => {
  await admin("reset");
  await admin("seed", { serviceId: "s1", clients: [{ clientId: 1, clientName: "c" }] });
  await admin("fault", { op: "clients.get", status: 502, contentType: "text/html", body: `<p>Authorization: Bearer ${TOKEN}</p>` });
  const sdk = new Authlete({ serverURL: base, security: { bearer: TOKEN }, retryConfig: { strategy: "none" } });
  const e = await sdk.clients.get({ serviceId: "s1", clientId: "1" }).catch((x) => x);
  assert.ok(e instanceof errors.AuthleteDefaultError);
  for (const shown of [e.message, String(e), e.stack, inspect(e), JSON.stringify(e)]) assert.ok(!shown.includes(TOKEN), shown);
  assert.ok(e.body.includes(TOKEN), "the raw body stays behind its accessor");
});

test("numbers of any size or precision survive get -> update", async () => {
  await admin("reset");
  const text = `{"serviceId":"s1","clients":[{"clientId":1,"clientName":"c","x":18446744073709551617123,"y":3.14159265358979323846264338327950288,"z":0.5}]}`;
  const res = await fetch(`${base}/__emulator/seed`, { method: "POST", headers: { "content-type": "application/json" }, body: text });
  assert.ok(res.ok);
  const sdk = new Authlete({ serverURL: base, security: { bearer: TOKEN } });
  const c = await sdk.clients.get({ serviceId: "s1", clientId: "1" });
  assert.equal(typeof c.x, "number");
  assert.equal(exactInt64(c, "x"), 18446744073709551617123n);
  assert.ok(c.y instanceof ExactNumber && String(c.y) === "3.14159265358979323846264338327950288");
  assert.equal(c.z, 0.5);
  await sdk.clients.update({ serviceId: "s1", clientId: "1", client: c });
  for (const digits of ['"x":18446744073709551617123', '"y":3.14159265358979323846264338327950288']) {
    assert.equal((await admin("log", { op: "clients.update", contains: digits })).count, 1, digits);
  }
});
