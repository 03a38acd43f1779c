// The Node soak driver (`make soak`, tests/soak/README.md): promises in flight on one client.
//   node --expose-gc soak.mjs NODE_DIR --url URL --calls N --seconds S --concurrency C
//        --warm-calls W --warm-seconds WS --timeout-ms T
// NODE_DIR is the package (node/). Makes N calls spread evenly over S seconds (or as fast as
// it can), then prints one JSON line: calls, seconds, outcomes per kind, unexpected outcomes,
// RSS (kB) and open descriptors at the start, after warm-up and at the end (each sample after
// a full garbage collection when --expose-gc is given).
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [nodeDir, ...rest] = process.argv.slice(2);
const args = {
  url: process.env.AUTHLETE_EMULATOR_URL ?? "", calls: 1000, seconds: 5, concurrency: 32,
  "warm-calls": 200, "warm-seconds": 30, "timeout-ms": 1500,
};
for (let i = 0; i < rest.length; i += 2) {
  const k = rest[i].replace(/^--/, "");
  if (!(k in args)) throw new Error(`soak.mjs: unknown argument ${rest[i]}`);
  args[k] = k === "url" ? rest[i + 1] : Number(rest[i + 1]);
}
if (!args.url) throw new Error("soak.mjs: --url (or AUTHLETE_EMULATOR_URL) is required");

const { Authlete } = await import(pathToFileURL(join(nodeDir, "index.mjs")).href);
const errors = await import(pathToFileURL(join(nodeDir, "models/errors/index.mjs")).href);
const KINDS = ["ResultError", "AuthleteDefaultError", "ResponseValidationError", "SDKValidationError",
  "ConnectionError", "RequestTimeoutError", "RequestAbortedError"];

const SERVICE = "soak";
const POOL_MAX = 8;
const HANG_GRACE_MS = 5000;

function sample() {
  globalThis.gc?.();
  const status = readFileSync("/proc/self/status", "utf8");
  const rss = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return [rss, readdirSync("/proc/self/fd").length];
}

// The TCP connections among this process's descriptors (sockets whose inode is in
// /proc/self/net/tcp or tcp6).
function tcpConnections() {
  const inodes = new Set();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch { /* closed meanwhile */ }
  }
  let n = 0;
  for (const path of ["/proc/self/net/tcp", "/proc/self/net/tcp6"]) {
    for (const line of readFileSync(path, "utf8").split("\n").slice(1)) {
      if (inodes.has(line.trim().split(/\s+/)[9])) n++;
    }
  }
  return n;
}

const start = performance.now();
const elapsedS = () => (performance.now() - start) / 1000;
const samples = [sample()];
let started = 0, done = 0, warmAt = 0;
// The highest descriptor count before and after the warm-up sample (every 250 ms).
const fdPeaks = [samples[0][1], 0];
const fdTimer = setInterval(() => {
  const n = readdirSync("/proc/self/fd").length;
  fdPeaks[samples.length === 1 ? 0 : 1] = Math.max(fdPeaks[samples.length === 1 ? 0 : 1], n);
}, 250);
const outcomes = {}, unexpected = {}, ops = {}, examples = [];
const bump = (m, k) => { m[k] = (m[k] ?? 0) + 1; };

function record(op, outcome, what) {
  bump(ops, op);
  if (what !== undefined) {
    bump(unexpected, what);
    if (examples.length < 10) examples.push(`${op}: ${what}: ${outcome}`.slice(0, 300));
  } else {
    bump(outcomes, outcome);
  }
  done++;
  if (samples.length === 1 && (done >= args["warm-calls"] || elapsedS() >= args["warm-seconds"])) {
    warmAt = done;
    samples.push(sample());
  }
}

function classify(op, e) {
  const kind = KINDS.find((k) => e instanceof errors[k]);
  if (kind !== undefined) record(op, kind);
  else record(op, String(e?.stack ?? e), e?.constructor?.name ?? typeof e);
}

let authlete = new Authlete({
  security: { bearer: "soak-token" },
  serverURL: args.url,
  timeoutMs: args["timeout-ms"],
  retryConfig: {
    strategy: "backoff",
    backoff: { initialInterval: 5, maxInterval: 50, exponent: 1.5, maxElapsedTime: 1200 },
    retryConnectionErrors: true,
  },
});
let c = authlete.clients;
const rand = (n) => Math.floor(Math.random() * n);

function pickOp(pool) {
  const r = rand(100);
  const create = r < 15 || (pool.length === 0 && r < 84);
  if (create && pool.length < POOL_MAX) return "create";
  if (create || (r >= 72 && r < 84)) return "delete";
  if (r < 45) return "get";
  if (r < 60) return "getList";
  if (r < 72) return "update";
  if (r < 92) return "get(unknown)";
  if (r < 96) return "get(invalid)";
  return "getList(cancelled)";
}

function call(op, pool) {
  const pick = pool.length ? pool[rand(pool.length)] : "";
  switch (op) {
    case "create": return c.create({ serviceId: SERVICE, client: { clientName: `soak ${rand(1 << 30)}` } });
    case "delete": return c.delete({ serviceId: SERVICE, clientId: pool.pop() });
    case "get": return c.get({ serviceId: SERVICE, clientId: pick });
    case "getList": return c.getList({ serviceId: SERVICE, start: 0, end: 5 });
    case "update":
      return c.update({ serviceId: SERVICE, clientId: pick, client: { clientName: `renamed ${rand(1 << 30)}` } });
    case "get(unknown)": return c.get({ serviceId: SERVICE, clientId: "1" });
    case "get(invalid)": return c.get({ serviceId: SERVICE, clientId: "" });
    default: {
      // Aborted a few ms in: RequestAbortedError, or done before the abort.
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), rand(5));
      return c.getList({ serviceId: SERVICE, start: 0, end: 5 }, { signal: ctl.signal });
    }
  }
}

const HANG = Symbol("hang");
async function worker() {
  const pool = [];
  for (;;) {
    // Calls spread evenly over `seconds`; once `calls` have started, wait out `seconds` and stop.
    const n = started++, calls = Math.max(args.calls, 1);
    const due = n >= calls ? args.seconds : (n * args.seconds) / calls;
    if (due > elapsedS()) await new Promise((resolve) => setTimeout(resolve, (due - elapsedS()) * 1000));
    if (n >= calls) break;
    const op = pickOp(pool);
    let timer;
    const deadline = new Promise((resolve) => { timer = setTimeout(() => resolve(HANG), args["timeout-ms"] + HANG_GRACE_MS); });
    try {
      const r = await Promise.race([call(op, pool), deadline]);
      if (r === HANG) {
        record(op, `no outcome after ${args["timeout-ms"] + HANG_GRACE_MS} ms`, "Hang");
        continue;
      }
      if (op === "create" && r?.clientId !== undefined) pool.push(String(r.clientId));
      record(op, "ok");
    } catch (e) {
      classify(op, e);
    } finally {
      clearTimeout(timer);
    }
  }
}

await Promise.all(Array.from({ length: args.concurrency }, worker));
const seconds = elapsedS();
if (samples.length === 1) samples.push(samples[0]);
const end = sample();
clearInterval(fdTimer);
// The client released (no close() in this API: dropped and collected), then 0.5 s later.
if (typeof authlete.close === "function") authlete.close();
authlete = null;
c = null;
globalThis.gc?.();
await new Promise((resolve) => setTimeout(resolve, 500));
const closed = [...sample(), tcpConnections()];
console.log(JSON.stringify({
  lang: "node", calls: done, seconds, outcomes, unexpected, examples, ops, warm_at_calls: warmAt,
  rss_kb: [samples[0][0], samples[1][0], end[0]], fds: [samples[0][1], samples[1][1], end[1]],
  fd_peaks: [Math.max(fdPeaks[0], samples[1][1]), Math.max(fdPeaks[1], end[1])], closed,
}));
