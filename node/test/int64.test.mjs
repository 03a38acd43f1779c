// int64 fields are `number`s in results, as the official TypeScript SDK types them. An integer
// beyond ±(2^53 − 1) is the nearest number, its exact value recorded beside it: `exactInt64`
// reads it as a bigint, and a request that sends the object back (also through a spread)
// writes the exact digits while the number is unchanged. Requests may hold bigints.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { exactInt64 } from "authlete";
import { admin, client, json } from "./helpers.mjs";

const S = "int64-svc";
beforeEach(() => admin("reset"));

test("a client id above 2^53 is a number, its exact value read with exactInt64", async () => {
  await admin("seed", { serviceId: S, clients: [{ clientId: 9007199254740993n, clientName: "big" }] });
  const a = client();
  const c = await a.clients.get({ serviceId: S, clientId: "9007199254740993" });
  assert.equal(typeof c.clientId, "number");
  assert.equal(c.clientId, 9007199254740992); // the nearest number
  assert.equal(exactInt64(c, "clientId"), 9007199254740993n);
  const list = await a.clients.getList({ serviceId: S });
  assert.equal(typeof list.clients[0].clientId, "number");
  assert.equal(exactInt64(list.clients[0], "clientId"), 9007199254740993n);
  // The exact id works as the id of the next call.
  const again = await a.clients.get({ serviceId: S, clientId: String(exactInt64(c, "clientId")) });
  assert.equal(again.clientName, "big");
});

test("int64 maximum survives get -> spread -> update, sent as exact digits", async () => {
  await admin("seed", {
    serviceId: S,
    clients: [{ clientId: 9223372036854775807n, clientName: "max", extension: { accessTokenDuration: 9223372036854775806n } }],
  });
  const a = client();
  const c = await a.clients.get({ serviceId: S, clientId: "9223372036854775807" });
  assert.equal(typeof c.extension.accessTokenDuration, "number");
  assert.equal(exactInt64(c.extension, "accessTokenDuration"), 9223372036854775806n);
  const u = await a.clients.update({
    serviceId: S,
    clientId: String(exactInt64(c, "clientId")),
    client: { ...c, clientName: "renamed", extension: { ...c.extension } },
  });
  assert.equal(exactInt64(u.extension, "accessTokenDuration"), 9223372036854775806n);
  const [sent] = (await admin("log", { op: "clients.update" })).requests;
  assert.equal(sent.body.extension.accessTokenDuration, 9223372036854775806n);
  assert.equal(sent.body.clientName, "renamed");
});

test("a changed number is sent as the number, not as the recorded value", async () => {
  await admin("seed", {
    serviceId: S,
    clients: [{ clientId: 7, clientName: "c", extension: { accessTokenDuration: 9007199254740995n } }],
  });
  const a = client();
  const c = await a.clients.get({ serviceId: S, clientId: "7" });
  c.extension.accessTokenDuration = 3600;
  assert.equal(exactInt64(c.extension, "accessTokenDuration"), 3600n);
  await a.clients.update({ serviceId: S, clientId: "7", client: c });
  const [sent] = (await admin("log", { op: "clients.update" })).requests;
  assert.equal(sent.body.extension.accessTokenDuration, 3600);
});

test("a bigint in a request is sent exactly", async () => {
  const a = client();
  const c = await a.clients.create({
    serviceId: S,
    client: { clientName: "dur", extension: { accessTokenDuration: 9007199254740995n, refreshTokenDuration: 3600 } },
  });
  assert.equal(exactInt64(c.extension, "accessTokenDuration"), 9007199254740995n);
  assert.equal(c.extension.refreshTokenDuration, 3600);
  assert.equal(typeof c.extension.refreshTokenDuration, "number");
});

test("unsafe integers in fields the SDK does not know are kept exact too", async () => {
  await admin("seed", {
    serviceId: S,
    clients: [{ clientId: 5, clientName: "future", aFieldFromTheFuture: { n: [9007199254740993n, -9007199254740993n, 7] } }],
  });
  const a = client();
  const c = await a.clients.get({ serviceId: S, clientId: "5" });
  const n = c.aFieldFromTheFuture.n;
  assert.deepEqual([...n], [9007199254740992, -9007199254740992, 7]);
  assert.deepEqual([0, 1, 2].map((i) => exactInt64(n, i)), [9007199254740993n, -9007199254740993n, 7n]);
  await a.clients.update({ serviceId: S, clientId: "5", client: c });
  const [sent] = (await admin("log", { op: "clients.update" })).requests;
  assert.deepEqual(sent.body.aFieldFromTheFuture.n, [9007199254740993n, -9007199254740993n, 7]);
});

test("safe integers stay plain numbers with nothing recorded", async () => {
  await admin("seed", { serviceId: S, clients: [{ clientId: 9007199254740991, clientName: "edge" }] });
  const c = await client().clients.get({ serviceId: S, clientId: "9007199254740991" });
  assert.equal(c.clientId, 9007199254740991);
  assert.equal(typeof c.clientId, "number");
  assert.equal(Object.getOwnPropertySymbols(c).length, 0);
  assert.equal(exactInt64(c, "clientId"), 9007199254740991n);
  assert.equal(exactInt64(c, "noSuchField"), undefined);
  assert.throws(() => exactInt64(c, "clientName"), TypeError);
});

test("the JSON reader: only unsafe integers outside strings are recorded; the writer puts them back", () => {
  const v = json.parse('{"a":9007199254740993,"s":"9007199254740993","e":"x\\"12345678901234567890","f":1.5e300,"n":-9223372036854775808,"m":123}');
  assert.deepEqual({ ...v }, { a: 9007199254740992, s: "9007199254740993", e: 'x"12345678901234567890', f: 1.5e300, n: -9223372036854775808, m: 123, [json.EXACT]: { a: 9007199254740993n, n: -9223372036854775808n } });
  assert.equal(json.stringify({ ...v, m: 1 }), '{"a":9007199254740993,"s":"9007199254740993","e":"x\\"12345678901234567890","f":1.5e+300,"n":-9223372036854775808,"m":1}');
  assert.equal(json.stringify({ a: 9007199254740993n, b: [1n, "1"] }), '{"a":9007199254740993,"b":[1,"1"]}');
  assert.deepEqual(json.parse('{"a":9007199254740993}', true, true), { a: 9007199254740993n });
});
