// The process ends promptly, with its own exit code and without a crash, while calls are in
// flight: process.exit with pending promises (in the main thread and in worker threads), the
// event loop emptying while an unref'd worker has calls in flight, and an uncaught exception. Calls finish before, during and after the exit (20 ms each, looped).
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BASE, admin } from "./helpers.mjs";

const S = "s1";
const RUNS = 10;
const index = fileURLToPath(new URL("../index.js", import.meta.url));

beforeEach(async () => {
  await admin("reset");
  await admin("seed", { serviceId: S, clients: [{ clientId: 10000000000001, clientName: "c0" }] });
  await admin("fault", { op: "clients.get", delayMs: 20, times: 100000 });
});

// 64 loops of calls in flight on one client: `inFlight` resolves once all 64 are started.
const CALLS = `
const { Authlete } = require(${JSON.stringify(index)});
const a = new Authlete({ serverURL: ${JSON.stringify(BASE)}, security: { bearer: "t" } });
let started = 0;
const inFlight = new Promise((resolve) => {
  for (let i = 0; i < 64; i++) {
    (async () => {
      for (;;) {
        const call = a.clients.get({ serviceId: "${S}", clientId: "10000000000001" });
        if (++started === 64) resolve();
        await call.catch(() => {});
      }
    })();
  }
});
`;

function run(script) {
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 20000 });
  assert.equal(r.error, undefined, `the process did not end in time: ${r.error}`);
  assert.doesNotMatch(r.stderr, /FATAL|Abort|panicked|Segmentation/i, r.stderr);
  return r;
}

function exitsCleanly(script, status) {
  for (let i = 0; i < RUNS; i++) {
    const r = run(script);
    assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
    assert.equal(r.status, status, `status ${r.status}: ${r.stderr}`);
    assert.equal(r.stdout.trim(), "ok");
  }
}

test("process.exit with calls in flight exits at once with its code", () => {
  exitsCleanly(`${CALLS}
inFlight.then(() => setTimeout(() => { console.log("ok"); process.exit(0); }, 50));`, 0);
  exitsCleanly(`${CALLS}
inFlight.then(() => setTimeout(() => { console.log("ok"); process.exit(7); }, 50));`, 7);
});

test("process.exit with calls in flight in worker threads too", () => {
  exitsCleanly(`
const { Worker } = require("node:worker_threads");
const worker = ${JSON.stringify(`${CALLS}\ninFlight.then(() => require("node:worker_threads").parentPort.postMessage("in flight"));`)};
let ready = 0;
for (let i = 0; i < 3; i++) {
  new Worker(worker, { eval: true }).on("message", () => {
    if (++ready === 3) setTimeout(() => { console.log("ok"); process.exit(0); }, 50);
  });
}
${CALLS}`, 0);
});

test("the event loop empties while an unref'd worker has calls in flight", () => {
  // The worker keeps its own loop alive with its calls, but not the process: the process
  // ends (status 0) with the worker's environment torn down under its calls.
  exitsCleanly(`
const { Worker } = require("node:worker_threads");
const worker = ${JSON.stringify(`${CALLS}\ninFlight.then(() => require("node:worker_threads").parentPort.postMessage("in flight"));`)};
const w = new Worker(worker, { eval: true });
w.once("message", () => { w.unref(); console.log("ok"); });`, 0);
});

test("an uncaught exception with calls in flight ends the process with status 1", () => {
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ["-e", `${CALLS}
inFlight.then(() => setTimeout(() => { console.log("ok"); throw new Error("boom"); }, 50));`], {
      encoding: "utf8",
      timeout: 20000,
    });
    assert.equal(r.error, undefined, `the process did not end in time: ${r.error}`);
    assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /Error: boom/);
    assert.doesNotMatch(r.stderr, /FATAL|Abort|panicked|Segmentation/i, r.stderr);
  }
});
