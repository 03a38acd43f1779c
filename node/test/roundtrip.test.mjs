// Lossless get -> change -> update: unknown fields and unknown enum values from the server
// are kept and sent back; read-only fields are not sent.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { admin, client } from "./helpers.mjs";

const S = "rt-svc";
beforeEach(() => admin("reset"));

test("unknown fields and enum values survive get -> update; read-only fields are not sent", async () => {
  await admin("seed", {
    serviceId: S,
    clients: [
      {
        clientId: 10000000000001,
        clientName: "old",
        grantTypes: ["AUTHORIZATION_CODE", "PRE_AUTHORIZED_CODE"],
        tokenAuthMethod: "ATTEST_JWT_CLIENT_AUTH",
        futureField: { nested: [1, "two"] },
      },
    ],
  });
  const a = client();
  const c = await a.clients.get({ serviceId: S, clientId: "10000000000001" });
  assert.deepEqual(c.grantTypes, ["AUTHORIZATION_CODE", "PRE_AUTHORIZED_CODE"]);
  assert.equal(c.tokenAuthMethod, "ATTEST_JWT_CLIENT_AUTH");
  assert.deepEqual(c.futureField, { nested: [1, "two"] });
  assert.ok(c.createdAt !== undefined && c.clientSecret !== undefined);

  const u = await a.clients.update({ serviceId: S, clientId: "10000000000001", client: { ...c, clientName: "new" } });
  assert.equal(u.clientName, "new");
  assert.deepEqual(u.futureField, { nested: [1, "two"] });
  assert.equal(u.tokenAuthMethod, "ATTEST_JWT_CLIENT_AUTH");

  const [sent] = (await admin("log", { op: "clients.update" })).requests;
  assert.deepEqual(sent.body.futureField, { nested: [1, "two"] });
  assert.deepEqual(sent.body.grantTypes, ["AUTHORIZATION_CODE", "PRE_AUTHORIZED_CODE"]);
  assert.equal(sent.body.tokenAuthMethod, "ATTEST_JWT_CLIENT_AUTH");
  for (const ro of ["clientId", "number", "serviceNumber", "clientSecret", "createdAt", "modifiedAt", "dynamicallyRegistered"]) {
    assert.ok(!(ro in sent.body), `${ro} was sent`);
  }
});

// Result text reaches JS as Latin-1 when it is ASCII and as UTF-8 otherwise
// (bindings/node/src/convert.rs): characters beyond ASCII, within and beyond the BMP, come
// back as sent, next to an ASCII-only result.
test("text beyond ASCII comes back exactly; an ASCII-only result too", async () => {
  const name = "Café été-日本 🙂 \u00ff\u0100";
  await admin("seed", {
    serviceId: S,
    clients: [
      { clientId: 10000000000002, clientName: name, clientNames: [{ tag: "ja", value: "日本語" }] },
      { clientId: 10000000000003, clientName: "plain ascii ~\u007f" },
    ],
  });
  const a = client();
  const wide = await a.clients.get({ serviceId: S, clientId: "10000000000002" });
  assert.equal(wide.clientName, name);
  assert.deepEqual(wide.clientNames, [{ tag: "ja", value: "日本語" }]);
  const plain = await a.clients.get({ serviceId: S, clientId: "10000000000003" });
  assert.equal(plain.clientName, "plain ascii ~\u007f");
});
