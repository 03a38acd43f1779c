// Calls never block the event loop, many concurrent calls share one connection pool, and an
// AbortSignal aborts the request in flight (the emulator sees the connection closed).
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { RequestAbortedError } from "authlete/models/errors";
import { admin, client, eventually, BASE } from "./helpers.mjs";

const S = "async-svc";
beforeEach(() => admin("reset"));

test("a timer keeps firing during a slow call", async () => {
  await admin("fault", { op: "clients.getList", delayMs: 600 });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  let ticksWhenDone;
  try {
    await client().clients.getList({ serviceId: S });
    ticksWhenDone = ticks;
  } finally {
    clearInterval(timer);
  }
  // A blocked loop would run the overdue interval at most once, after the call.
  assert.ok(ticksWhenDone >= 3, `only ${ticksWhenDone} ticks during the call`);
  const [entry] = (await admin("log", { op: "clients.getList" })).requests;
  assert.equal(entry.fault, "delay");
});

test("an AbortSignal aborts the request in flight: RequestAbortedError, connection closed", async () => {
  await admin("fault", { op: "clients.getList", delayMs: 5000 });
  const ctl = new AbortController();
  const pending = client().clients.getList({ serviceId: S }, { signal: ctl.signal }).then(() => null, (e) => e);
  // Abort once the emulator has the request.
  assert.ok(await eventually(async () => (await admin("log", { op: "clients.getList" })).count === 1));
  ctl.abort();
  const e = await pending;
  assert.ok(e instanceof RequestAbortedError, String(e));
  const log = await eventually(async () => {
    const l = await admin("log", { op: "clients.getList" });
    return l.cancelled === 1 ? l : null;
  });
  assert.ok(log, "the emulator never saw the connection closed");
  assert.equal(log.requests[0].completed, false);
  assert.equal(log.requests[0].cancelled, true);
});

test("fetchOptions.signal works too, and an already aborted signal sends nothing", async () => {
  const a = client();
  const e = await a.clients.get({ serviceId: S, clientId: "1" }, { signal: AbortSignal.abort() }).then(() => null, (x) => x);
  assert.ok(e instanceof RequestAbortedError);
  assert.equal((await admin("log")).count, 0);

  await admin("fault", { op: "clients.get", delayMs: 5000 });
  const ctl = new AbortController();
  const p = a.clients.get({ serviceId: S, clientId: "1" }, { fetchOptions: { signal: ctl.signal } }).then(() => null, (x) => x);
  assert.ok(await eventually(async () => (await admin("log", { op: "clients.get" })).count === 1));
  ctl.abort();
  assert.ok((await p) instanceof RequestAbortedError);
  assert.ok(await eventually(async () => (await admin("log", { op: "clients.get" })).cancelled === 1));
});

/** Established TCP connections from this machine to the emulator's port (Linux /proc). */
function connectionsToEmulator() {
  const port = Number(new URL(BASE).port).toString(16).toUpperCase().padStart(4, "0");
  let n = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 3 && cols[2].endsWith(`:${port}`) && cols[3] === "01") n++;
    }
  }
  return n;
}

test("many concurrent calls through one client share one connection pool", async () => {
  const a = client();
  await a.clients.create({ serviceId: S, client: { clientName: "pooled" } });
  // Sequential calls reuse one connection.
  for (let i = 0; i < 10; i++) await a.clients.getList({ serviceId: S });
  assert.equal(connectionsToEmulator(), 1);
  // A burst of 40 concurrent calls, twice: the second burst reuses the first one's connections.
  await admin("fault", { op: "clients.getList", delayMs: 200, times: 40 });
  const burst = () => Promise.all(Array.from({ length: 40 }, () => a.clients.getList({ serviceId: S })));
  const first = await burst();
  assert.equal(first.length, 40);
  const afterFirst = connectionsToEmulator();
  assert.ok(afterFirst > 1 && afterFirst <= 40, `${afterFirst} connections`);
  await burst();
  const afterSecond = connectionsToEmulator();
  assert.ok(afterSecond <= 40, `${afterSecond} connections after two bursts of 40`);
  assert.equal((await admin("log", { op: "clients.getList" })).count, 90);
});
