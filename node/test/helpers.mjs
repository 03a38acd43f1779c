// Shared helpers of the node:test files: the emulator's admin API and a client on it.
import http from "node:http";
import { createRequire } from "node:module";
import { Authlete } from "authlete";

const require = createRequire(import.meta.url);
export const json = require("../lib/json.js");

export const BASE = process.env.AUTHLETE_EMULATOR_URL;
if (!BASE) throw new Error("AUTHLETE_EMULATOR_URL is not set: run under tests/with-emulator.sh");

/** POST {base}/__emulator/<name> over a connection that is closed afterwards. */
export function admin(name, body = {}) {
  const payload = json.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${BASE}/__emulator/${name}`,
      { method: "POST", agent: false, headers: { "content-type": "application/json", connection: "close" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () =>
          res.statusCode >= 200 && res.statusCode < 300
            ? resolve(text ? json.parse(text, true, true) : {})
            : reject(new Error(`admin ${name}: HTTP ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

export const OPTIONS = {
  serverURL: BASE,
  security: { bearer: "test-token" },
  retryConfig: {
    strategy: "backoff",
    backoff: { initialInterval: 10, maxInterval: 50, exponent: 1.5, maxElapsedTime: 3000 },
    retryConnectionErrors: true,
  },
};

export function client(extra = {}) {
  return new Authlete({ ...OPTIONS, ...extra });
}

/** Polls `probe` until it returns a truthy value (or `ms` passed); returns the last value. */
export async function eventually(probe, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}
