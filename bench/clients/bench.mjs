// Node bench client, for our package and for the official TypeScript SDK (same API):
//   node bench.mjs MODULE --workload get|list|create|concurrent|cold --count N --warmup W
//                  --inflight 64 --url URL --fixtures DIR
// MODULE is the path of the module to import (our node/index.mjs, or the peer's entry).
// Prints one line: {"calls","wall_s","cpu_s","rss_kb"}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modulePath, ...rest] = process.argv.slice(2);
const args = { workload: "get", count: 100, warmup: 0, inflight: 64, url: "", fixtures: "." };
for (let i = 0; i < rest.length; i += 2) args[rest[i].replace(/^--/, "")] = rest[i + 1];
const count = Number(args.count);
const SERVICE = "715948317";
const CLIENT_ID = "1140735077";

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const line = (calls, wall0, cpu0) => JSON.stringify({
  calls,
  wall_s: Number(process.hrtime.bigint() - wall0) / 1e9,
  cpu_s: cpu() - cpu0,
  rss_kb: Math.round(process.resourceUsage().maxRSS),
});

const { Authlete } = await import(pathToFileURL(modulePath).href);
// The 0.0.3-beta peer takes the token as a top-level `bearer` option.
const peer = modulePath.includes("@authlete/typescript-sdk");
const authlete = new Authlete(peer
  ? { serverURL: args.url, bearer: "bench-token" }
  : { serverURL: args.url, security: { bearer: "bench-token" } });
const client = JSON.parse(readFileSync(join(args.fixtures, "create.json"), "utf8"));

// Our package has the official TypeScript SDK's `clients.getList`; the 0.0.3-beta peer has `client.list`.
const res = authlete.clients ?? authlete.client;
const getList = (res.getList ?? res.list).bind(res);
const ops = {
  get: () => res.get({ serviceId: SERVICE, clientId: CLIENT_ID }),
  list: () => getList({ serviceId: SERVICE, start: 0, end: 100 }),
  create: () => res.create({ serviceId: SERVICE, client }),
};

async function check(p, workload) {
  const r = await p;
  if (workload === "list" ? r.clients?.length !== 100 : r.clientId === undefined) {
    throw new Error(`unexpected result for ${workload}`);
  }
}

const workload = args.workload;
const op = ops[workload] ? workload : "get";
if (workload === "cold") {
  const wall0 = process.hrtime.bigint(), cpu0 = cpu();
  await check(ops.get(), "get");
  console.log(line(1, wall0, cpu0));
} else {
  for (let i = 0; i < Number(args.warmup); i++) await check(ops[op](), op);
  const wall0 = process.hrtime.bigint(), cpu0 = cpu();
  if (workload === "concurrent") {
    let next = 0;
    const worker = async () => { while (next < count) { next++; await check(ops.get(), "get"); } };
    await Promise.all(Array.from({ length: Number(args.inflight) }, worker));
  } else {
    for (let i = 0; i < count; i++) await check(ops[op](), op);
  }
  console.log(line(count, wall0, cpu0));
}
if (typeof authlete.close === "function") authlete.close();
