// Every error kind as the official TypeScript SDK's class, with its fields, `instanceof` for the class and its
// bases, the same classes through require() and import.
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as errors from "authlete/models/errors";
import { admin, client } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const S = "err-svc";

beforeEach(() => admin("reset"));

test("a missing client is a ResultError with status, resultCode, body, headers", async () => {
  const e = await client().clients.get({ serviceId: S, clientId: "424242" }).then(() => null, (x) => x);
  assert.ok(e instanceof errors.ResultError);
  assert.ok(e instanceof errors.AuthleteError);
  assert.ok(e instanceof Error);
  assert.equal(e.name, "ResultError");
  assert.equal(e.statusCode, 400);
  assert.equal(e.resultCode, "A000201");
  assert.match(e.resultMessage, /424242/);
  assert.equal(e.data$.resultCode, "A000201");
  assert.equal(e.contentType, "application/json");
  assert.equal(JSON.parse(e.body).resultCode, "A000201");
  assert.ok(e.headers instanceof Headers);
  assert.equal(e.headers.get("content-type"), "application/json");
  assert.equal(e.rawResponse.status, 400);
  assert.equal(JSON.parse(await e.rawResponse.text()).resultCode, "A000201");
});

test("no token is a 401 ResultError", async () => {
  const prev = [process.env.AUTHLETE_AUTHLETE, process.env.AUTHLETE_BEARER];
  delete process.env.AUTHLETE_AUTHLETE;
  delete process.env.AUTHLETE_BEARER;
  try {
    const e = await client({ security: {} }).clients.getList({ serviceId: S }).then(() => null, (x) => x);
    assert.ok(e instanceof errors.ResultError);
    assert.equal(e.statusCode, 401);
  } finally {
    if (prev[0] !== undefined) process.env.AUTHLETE_AUTHLETE = prev[0];
    if (prev[1] !== undefined) process.env.AUTHLETE_BEARER = prev[1];
  }
});

test("a non-JSON error body is an AuthleteDefaultError", async () => {
  await admin("fault", { op: "clients.get", status: 404, body: "not here", contentType: "text/plain" });
  const e = await client().clients.get({ serviceId: S, clientId: "1" }).then(() => null, (x) => x);
  assert.ok(e instanceof errors.AuthleteDefaultError);
  assert.ok(e instanceof errors.AuthleteError);
  assert.ok(!(e instanceof errors.ResultError));
  assert.equal(e.statusCode, 404);
  assert.equal(e.body, "not here");
  assert.match(e.contentType, /text\/plain/);
});

test("a malformed success body is a ResponseValidationError with the raw body", async () => {
  await admin("fault", { op: "clients.getList", malformed: true });
  const e = await client().clients.getList({ serviceId: S }).then(() => null, (x) => x);
  assert.ok(e instanceof errors.ResponseValidationError);
  assert.ok(e instanceof errors.AuthleteError);
  assert.equal(e.statusCode, 200);
  assert.equal(typeof e.rawValue, "string");
  assert.ok(e.rawMessage.length > 0);
  assert.match(e.pretty(), /reason/);
});

test("a refused connection is a ConnectionError", async () => {
  const e = await client({ serverURL: "http://127.0.0.1:9", retryConfig: { strategy: "none" } })
    .clients.getList({ serviceId: S })
    .then(() => null, (x) => x);
  assert.ok(e instanceof errors.ConnectionError);
  assert.ok(e instanceof errors.HTTPClientError);
  assert.ok(!(e instanceof errors.AuthleteError));
  assert.ok(e.attempts >= 1);
  assert.ok(e.cause instanceof Error);
});

test("the deadline is a RequestTimeoutError", async () => {
  await admin("fault", { op: "clients.getList", delayMs: 3000 });
  const e = await client().clients.getList({ serviceId: S }, { timeoutMs: 100 }).then(() => null, (x) => x);
  assert.ok(e instanceof errors.RequestTimeoutError);
  assert.ok(e instanceof errors.HTTPClientError);
});

test("bad input is an SDKValidationError naming the field, before any request", async () => {
  const e = await client().clients.get({ serviceId: S, clientId: "" }).then(() => null, (x) => x);
  assert.ok(e instanceof errors.SDKValidationError);
  assert.ok(e instanceof Error);
  assert.equal(e.field, "clientId");
  assert.equal((await admin("log")).count, 0);
});

test("require() and import give the same classes", async () => {
  const cjs = require("authlete/models/errors");
  for (const name of [
    "AuthleteError",
    "ResultError",
    "AuthleteDefaultError",
    "ResponseValidationError",
    "SDKValidationError",
    "ConnectionError",
    "RequestTimeoutError",
    "RequestAbortedError",
    "InvalidRequestError",
    "UnexpectedClientError",
  ]) {
    assert.equal(typeof errors[name], "function", name);
    assert.equal(cjs[name], errors[name], name);
  }
  const { Authlete } = require("authlete");
  const a = new Authlete({ serverURL: "http://127.0.0.1:9", security: { bearer: "t" } });
  const e = await a.clients.get({ serviceId: S, clientId: "" }).then(() => null, (x) => x);
  assert.ok(e instanceof errors.SDKValidationError);
});
