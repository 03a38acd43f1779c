// Calls never block the event loop, many concurrent calls share one connection pool, and an
// AbortSignal aborts the request in flight (the emulator sees the connection closed).
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
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

/** Runs `script` (an ES module) in a child Node process in the package directory. */
function runScript(script) {
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    encoding: "utf8",
    timeout: 20000,
  });
}

test("a pending call keeps the process alive until it settles; a settled one does not", async () => {
  await admin("fault", { op: "clients.get", delayMs: 400 });
  // Nothing but the call is left for the event loop once the module has run.
  const run = runScript(`
    import { Authlete } from "authlete";
    const a = new Authlete({ serverURL: ${JSON.stringify(BASE)}, security: { bearer: "t" } });
    a.clients.get({ serviceId: "${S}", clientId: "1" }).then(
      () => console.log("settled: ok"),
      (e) => console.log("settled: " + e.constructor.name),
    );`);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^settled: \w+$/m);
  const [entry] = (await admin("log", { op: "clients.get" })).requests;
  assert.equal(entry.fault, "delay");
  // After the last call settled, the client does not hold the process (spawnSync's timeout
  // would kill a process that hangs: status null).
  const started = Date.now();
  const idle = runScript(`
    import { Authlete } from "authlete";
    const a = new Authlete({ serverURL: ${JSON.stringify(BASE)}, security: { bearer: "t" } });
    await Promise.allSettled([1, 2, 3].map((i) => a.clients.get({ serviceId: "${S}", clientId: String(i) })));
    console.log("done");`);
  assert.equal(idle.status, 0, idle.stderr);
  assert.equal(idle.stdout.trim(), "done");
  assert.ok(Date.now() - started < 10000);
});

test("worker threads call too; a worker ended while its call is pending does not take the process down", async () => {
  await admin("fault", { op: "clients.getList", delayMs: 1500, times: 1 });
  const index = fileURLToPath(new URL("../index.js", import.meta.url));
  const options = JSON.stringify({ serverURL: BASE, security: { bearer: "t" } });
  // A worker (CommonJS, eval'd) that reports when it starts its getList and how it ended.
  const worker = [
    `const { parentPort } = require("node:worker_threads");`,
    `const { Authlete } = require(${JSON.stringify(index)});`,
    `const a = new Authlete(${options});`,
    `parentPort.postMessage("started");`,
    `a.clients.getList({ serviceId: "${S}" }).then(`,
    `  (v) => parentPort.postMessage("ok " + v.clients.length),`,
    `  (e) => parentPort.postMessage("failed " + e.constructor.name));`,
  ].join("\n");
  const run = runScript(`
    import { Worker } from "node:worker_threads";
    import { once } from "node:events";
    import { Authlete } from "authlete";
    const worker = ${JSON.stringify(worker)};
    // A worker terminated while its call waits for the server (delayed 1.5 s).
    const slow = new Worker(worker, { eval: true, execArgv: [] });
    await once(slow, "message");
    await new Promise((r) => setTimeout(r, 300));
    await slow.terminate();
    // A worker whose call completes.
    const fast = new Worker(worker, { eval: true, execArgv: [] });
    const messages = [];
    fast.on("message", (m) => messages.push(m));
    await once(fast, "exit");
    console.log("worker: " + messages.join(", "));
    // The terminated worker's call ends meanwhile, with no environment left to settle in.
    await new Promise((r) => setTimeout(r, 1800));
    const a = new Authlete(${options});
    console.log("main: " + (await a.clients.getList({ serviceId: "${S}" })).clients.length);`);
  assert.equal(run.status, 0, `status ${run.status} signal ${run.signal}: ${run.stderr}`);
  assert.match(run.stdout, /^worker: started, ok 0$/m);
  assert.match(run.stdout, /^main: 0$/m);
  const log = await admin("log", { op: "clients.getList" });
  assert.equal(log.count, 3);
  assert.equal(log.requests[0].fault, "delay");
});
