// int64 precision: integers beyond ±(2^53 − 1) are bigints in results and may be bigints in
// requests; safe integers stay numbers. Nothing is rounded on the way in or out.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { admin, client, json } from "./helpers.mjs";

const S = "int64-svc";
beforeEach(() => admin("reset"));

test("a client id above 2^53 comes back exact, as a bigint", async () => {
  await admin("seed", { serviceId: S, clients: [{ clientId: 9007199254740993n, clientName: "big" }] });
  const a = client();
  const c = await a.clients.get({ serviceId: S, clientId: "9007199254740993" });
  assert.equal(typeof c.clientId, "bigint");
  assert.equal(c.clientId, 9007199254740993n);
  const list = await a.clients.getList({ serviceId: S });
  assert.equal(list.clients[0].clientId, 9007199254740993n);
  // The bigint works as the id of the next call, and in a body.
  const again = await a.clients.get({ serviceId: S, clientId: String(c.clientId) });
  assert.equal(again.clientName, "big");
});

test("int64 maximum survives get -> update, sent as exact digits", async () => {
  await admin("seed", {
    serviceId: S,
    clients: [{ clientId: 9223372036854775807n, clientName: "max", extension: { accessTokenDuration: 9223372036854775806n } }],
  });
  const a = client();
  const c = await a.clients.get({ serviceId: S, clientId: "9223372036854775807" });
  assert.equal(c.clientId, 9223372036854775807n);
  assert.equal(c.extension.accessTokenDuration, 9223372036854775806n);
  const u = await a.clients.update({ serviceId: S, clientId: "9223372036854775807", client: { ...c, clientName: "renamed" } });
  assert.equal(u.extension.accessTokenDuration, 9223372036854775806n);
  const [sent] = (await admin("log", { op: "clients.update" })).requests;
  assert.equal(sent.body.extension.accessTokenDuration, 9223372036854775806n);
});

test("a bigint in a request is sent exactly", async () => {
  const a = client();
  const c = await a.clients.create({
    serviceId: S,
    client: { clientName: "dur", extension: { accessTokenDuration: 9007199254740995n, refreshTokenDuration: 3600 } },
  });
  assert.equal(c.extension.accessTokenDuration, 9007199254740995n);
  assert.equal(c.extension.refreshTokenDuration, 3600);
  assert.equal(typeof c.extension.refreshTokenDuration, "number");
});

test("unsafe integers in fields the SDK does not know come back exact too", async () => {
  await admin("seed", {
    serviceId: S,
    clients: [{ clientId: 5, clientName: "future", aFieldFromTheFuture: { n: [9007199254740993n, -9007199254740993n, 7] } }],
  });
  const a = client();
  const c = await a.clients.get({ serviceId: S, clientId: "5" });
  assert.deepEqual(c.aFieldFromTheFuture, { n: [9007199254740993n, -9007199254740993n, 7] });
  assert.equal(typeof c.clientId, "number");
  const list = await a.clients.getList({ serviceId: S });
  assert.deepEqual(list.clients[0].aFieldFromTheFuture.n, [9007199254740993n, -9007199254740993n, 7]);
});

test("safe integers stay numbers", async () => {
  await admin("seed", { serviceId: S, clients: [{ clientId: 9007199254740991, clientName: "edge" }] });
  const c = await client().clients.get({ serviceId: S, clientId: "9007199254740991" });
  assert.equal(c.clientId, 9007199254740991);
  assert.equal(typeof c.clientId, "number");
});

test("the JSON reader: only unsafe integers outside strings become bigints", () => {
  const v = json.parse('{"a":9007199254740993,"s":"9007199254740993","e":"x\\"12345678901234567890","f":1.5e300,"n":-9223372036854775808,"m":123}');
  assert.deepEqual(v, { a: 9007199254740993n, s: "9007199254740993", e: 'x"12345678901234567890', f: 1.5e300, n: -9223372036854775808n, m: 123 });
  assert.equal(json.stringify({ a: 9007199254740993n, b: [1n, "1"] }), '{"a":9007199254740993,"b":[1,"1"]}');
});
