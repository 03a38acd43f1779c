// The shared cases (tests/cases/*.json) through the Node SDK, in its own idiom:
// `authlete.clients.<op>(request, options)`. Every case of every file is executed; the run
// fails when any case fails or was not executed. Usage: node test/cases.mjs [CASES_DIR]
import { test } from "node:test";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { inspect } from "node:util";
import { Authlete } from "authlete";
import * as errors from "authlete/models/errors";

const require = createRequire(import.meta.url);
// The SDK's own lossless JSON reader: ids above 2^53 stay exact (bigint, for the cases' data and
// the emulator's answers; an SDK result's recorded exact values are put back as bigints).
const json = require("../lib/json.js");

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, "..", "..", "tests", "cases"));
const base = process.env.AUTHLETE_EMULATOR_URL;
if (!base) throw new Error("AUTHLETE_EMULATOR_URL is not set: run under tests/with-emulator.sh");
delete process.env.AUTHLETE_AUTHLETE;
delete process.env.AUTHLETE_BEARER;

const BASE_OPTIONS = {
  serverURL: base,
  security: { bearer: "test-token" },
  retryConfig: {
    strategy: "backoff",
    backoff: { initialInterval: 10, maxInterval: 50, exponent: 1.5, maxElapsedTime: 3000 },
    retryConnectionErrors: true,
  },
};
const KINDS = [
  "ResultError",
  "AuthleteDefaultError",
  "ResponseValidationError",
  "SDKValidationError",
  "ConnectionError",
  "RequestTimeoutError",
  "RequestAbortedError",
  "InvalidRequestError",
  "UnexpectedClientError",
];

const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function lookup(saved, p) {
  let v = saved;
  for (const k of p.split(".")) {
    if (v === undefined || v === null) throw new Error(`no saved value at ${p}`);
    v = Array.isArray(v) ? v[Number(k)] : v[k];
  }
  if (v === undefined) throw new Error(`no saved value at ${p}`);
  return v;
}

const asString = (v) => (typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v));

function substitute(v, saved) {
  if (typeof v === "string") {
    const whole = /^\$\{([^}|]+)(\|string)?\}$/.exec(v);
    if (whole) return whole[2] ? asString(lookup(saved, whole[1])) : lookup(saved, whole[1]);
    return v.replace(/\$\{([^}|]+)(\|string)?\}/g, (_m, p) => asString(lookup(saved, p)));
  }
  if (Array.isArray(v)) return v.map((x) => substitute(x, saved));
  if (v instanceof json.ExactNumber) return v;
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, saved)]));
  return v;
}

const isInt = (v) => typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));

/** Subset match; returns "" or where it differs. */
function match(exp, act, at = "$") {
  if (exp === "$any") return act === undefined || act === null ? `${at}: expected a value` : "";
  if (exp === "$absent" || exp === null) return act === undefined || act === null ? "" : `${at}: expected absent, got ${show(act)}`;
  if (Array.isArray(exp)) {
    if (!Array.isArray(act) || act.length !== exp.length) return `${at}: expected ${exp.length} items, got ${show(act)}`;
    for (let i = 0; i < exp.length; i++) {
      const m = match(exp[i], act[i], `${at}[${i}]`);
      if (m) return m;
    }
    return "";
  }
  if (exp instanceof json.ExactNumber || act instanceof json.ExactNumber) {
    return String(exp) === String(act) ? "" : `${at}: expected ${exp}, got ${act}`;
  }
  if (isObj(exp)) {
    if (!isObj(act)) return `${at}: expected an object, got ${show(act)}`;
    for (const [k, v] of Object.entries(exp)) {
      const m = match(v, act[k], `${at}.${k}`);
      if (m) return m;
    }
    return "";
  }
  if (isInt(exp) && isInt(act)) return BigInt(exp) === BigInt(act) ? "" : `${at}: expected ${exp}, got ${act}`;
  if (typeof exp === "number" && typeof act === "number") return exp === act ? "" : `${at}: expected ${exp}, got ${act}`;
  return exp === act ? "" : `${at}: expected ${show(exp)}, got ${show(act)}`;
}

const show = (v) => {
  try {
    return json.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

async function admin(step, saved) {
  const body = substitute(step.body ?? {}, saved);
  const deadline = Date.now() + (step.waitMs ?? 0);
  for (;;) {
    const res = await fetch(`${base}/__emulator/${step.admin}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: json.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${step.admin}: HTTP ${res.status} ${text}`);
    const value = text ? json.parse(text, true, true) : {};
    const m = step.expect ? match(substitute(step.expect, saved), value) : "";
    if (!m) {
      if (step.save) saved[step.save] = value;
      return;
    }
    if (Date.now() >= deadline) throw new Error(`admin ${step.admin}: ${m}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The case's per-call options in the official TypeScript SDK's RequestOptions shape. */
function requestOptions(o) {
  if (!o) return { options: undefined, timer: undefined };
  const out = {};
  let timer;
  for (const [k, v] of Object.entries(o)) {
    if (k === "headers") out.fetchOptions = { headers: v };
    else if (k === "abortAfterMs") {
      const ctl = new AbortController();
      timer = setTimeout(() => ctl.abort(), v);
      out.signal = ctl.signal;
    } else out[k] = v;
  }
  return { options: out, timer };
}

function kindOf(e) {
  for (const k of KINDS) if (e instanceof errors[k]) return k;
  return `not an SDK error: ${e && e.stack}`;
}

async function call(step, saved, sdk) {
  const op = step.call.replace(/^clients\./, "");
  const request = substitute(step.request ?? {}, saved);
  const expect = substitute(step.expect, saved);
  const { options, timer } = requestOptions(substitute(step.options, saved));
  let value;
  let error;
  try {
    if (sdk.error) throw sdk.error;
    if (typeof sdk.client.clients[op] !== "function") throw new Error(`no method clients.${op}`);
    value = json.withBigints(await sdk.client.clients[op](request, options));
  } catch (e) {
    error = e;
  } finally {
    clearTimeout(timer);
  }
  if (expect.error) {
    if (!error) throw new Error(`expected ${expect.error.kind}, got a result ${show(value)}`);
    const kind = kindOf(error);
    const e = expect.error;
    if (kind !== e.kind) throw new Error(`expected ${e.kind}, got ${kind}: ${error.message}`);
    if (e.status !== undefined && error.statusCode !== e.status) throw new Error(`expected status ${e.status}, got ${error.statusCode}`);
    if (e.resultCode !== undefined && error.resultCode !== e.resultCode) throw new Error(`expected ${e.resultCode}, got ${error.resultCode}`);
    if (e.field !== undefined && !(error.field === e.field || String(error.field).startsWith(`${e.field}.`))) {
      throw new Error(`expected field ${e.field}, got ${error.field} (${error.message})`);
    }
    const shown = [error.message, String(error), error.stack, inspect(error), JSON.stringify(error), error.resultMessage].join(" ");
    for (const secret of e.messageExcludes ?? []) {
      if (shown.includes(secret)) throw new Error(`the error shows ${secret}: ${shown.slice(0, 300)}`);
    }
    return;
  }
  if (error) throw new Error(`unexpected ${kindOf(error)}: ${error.message}`);
  if (expect.void) {
    if (value !== undefined) throw new Error(`expected no result, got ${show(value)}`);
  } else {
    const m = match(expect.result, value);
    if (m) throw new Error(m);
  }
  if (step.save) saved[step.save] = value;
}

async function runCase(c) {
  await fetch(`${base}/__emulator/reset`, { method: "POST" }).then((r) => {
    if (!r.ok) throw new Error(`reset: HTTP ${r.status}`);
  });
  const sdk = {};
  try {
    sdk.client = new Authlete({ ...BASE_OPTIONS, ...(c.client ?? {}) });
  } catch (e) {
    sdk.error = e;
  }
  const saved = {};
  for (const [i, step] of c.steps.entries()) {
    try {
      if (step.admin) await admin(step, saved);
      else if (step.call) await call(step, saved, sdk);
      else throw new Error("a step is neither admin nor call");
    } catch (e) {
      e.message = `step ${i + 1}: ${e.message}`;
      throw e;
    }
  }
}

const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
const cases = files.flatMap((f) => json.parse(readFileSync(path.join(dir, f), "utf8"), true, true).cases.map((c) => ({ ...c, file: f })));
let passed = 0;
let failed = 0;
const failures = [];

test(`shared cases in ${dir}`, async (t) => {
  for (const c of cases) {
    await t.test(c.name, async () => {
      try {
        await runCase(c);
        passed++;
      } catch (e) {
        failed++;
        failures.push(`${c.name}: FAIL ${e.message}`);
        throw e;
      }
    });
  }
});

test("every case was executed", () => {
  for (const f of failures) console.log(f);
  const notRun = cases.length - passed - failed;
  console.log(`node cases: ${passed} passed, ${failed + notRun} failed`);
  if (failed + notRun !== 0 || cases.length === 0) throw new Error(`${failed} failed, ${notRun} not executed`);
});
