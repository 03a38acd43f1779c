"use strict";
// Test helpers: run the Authlete emulator (a local, stateful stand-in for Authlete's
// client-management API) around your tests, without Authlete credentials.
//
//   const { startEmulator } = require("authlete/testing");
//   const emu = await startEmulator();            // or startEmulator({ token: "t" })
//   const authlete = new Authlete({ security: { bearer: emu.token }, serverURL: emu.url });
//   ...
//   await emu.stop();
//
// The emulator is a separate executable: `pip install authlete-emulator` puts
// `authlete-emulator` on PATH (or set AUTHLETE_EMULATOR_BIN to its path).

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

/** The token `emulator.token` reports when the emulator accepts any token. */
const ANY_TOKEN = "emulator-token";

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The emulator executable: `bin` if given, else $AUTHLETE_EMULATOR_BIN, else
 * `authlete-emulator` on PATH. Throws an Error (code ENOENT) naming
 * `pip install authlete-emulator` otherwise.
 */
function findEmulator(bin) {
  const fail = (message) => Object.assign(new Error(message), { code: "ENOENT" });
  if (bin) {
    if (isExecutable(bin)) return bin;
    throw fail(`the Authlete emulator ${JSON.stringify(bin)} is not an executable file`);
  }
  const env = process.env.AUTHLETE_EMULATOR_BIN;
  if (env) {
    if (isExecutable(env)) return env;
    throw fail(`AUTHLETE_EMULATOR_BIN=${JSON.stringify(env)} is not an executable file`);
  }
  const exts = process.platform === "win32" ? [".exe", ""] : [""];
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = path.join(dir, `authlete-emulator${ext}`);
      if (isExecutable(file)) return file;
    }
  }
  throw fail(
    "the Authlete emulator was not found: run `pip install authlete-emulator` " +
      "(or set AUTHLETE_EMULATOR_BIN to the path of an authlete-emulator executable)",
  );
}

/**
 * Starts the emulator on a free loopback port and resolves once it printed its URL.
 * Options: `token` (only `Bearer <token>` is accepted; default: any token), `bin` (the
 * executable), `startupTimeoutMs` (default 10000), `stopTimeoutMs` (default 5000).
 * Resolves to `{ url, token, pid, stop(), reset(), fault(), log(), admin() }`; the object
 * is also async-disposable (`await using emu = await startEmulator()`).
 */
function startEmulator(options = {}) {
  const { token, startupTimeoutMs = 10000, stopTimeoutMs = 5000 } = options;
  let exe;
  try {
    exe = findEmulator(options.bin);
  } catch (e) {
    return Promise.reject(e);
  }
  const args = ["--addr", "127.0.0.1:0"];
  if (token !== undefined && token !== null) args.push("--require-token", String(token));
  const env = { ...process.env };
  // Only the token given here applies (not one inherited from the environment).
  delete env.AUTHLETE_EMULATOR_TOKEN;
  const child = spawn(exe, args, { env, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve("late"), stopTimeoutMs);
    });
    const first = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (first === "late") {
      child.kill("SIGKILL");
      await exited;
    }
  }

  return new Promise((resolve, reject) => {
    let buffered = "";
    let settled = false;
    const finish = (err, url) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      if (err) {
        stop().then(() => reject(err), () => reject(err));
        return;
      }
      resolve(makeHandle(url));
    };
    const timer = setTimeout(
      () => finish(new Error(`the emulator printed no URL within ${startupTimeoutMs} ms`)),
      startupTimeoutMs,
    );
    child.once("error", (e) => finish(e));
    child.once("exit", (code) =>
      finish(new Error(`the emulator did not start (exit status ${code}; see its stderr)`)),
    );
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      const nl = buffered.indexOf("\n");
      if (nl >= 0) {
        const url = buffered.slice(0, nl).trim();
        if (url.startsWith("http")) finish(null, url);
        else finish(new Error(`unexpected first line from the emulator: ${url}`));
      }
    });
  });

  function makeHandle(url) {
    async function admin(call, body = {}) {
      const res = await fetch(`${url}/__emulator/${call}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`admin ${call}: HTTP ${res.status}: ${text}`);
      return JSON.parse(text);
    }
    const handle = {
      url,
      token: token !== undefined && token !== null ? String(token) : ANY_TOKEN,
      pid: child.pid,
      stop,
      admin,
      reset: () => admin("reset").then(() => undefined),
      fault: (op, spec = {}) => admin("fault", op == null ? { ...spec } : { ...spec, op }),
      log: (op) => admin("log", op == null ? {} : { op }).then((r) => r.requests),
    };
    if (typeof Symbol.asyncDispose === "symbol") handle[Symbol.asyncDispose] = stop;
    return handle;
  }
}

module.exports = { startEmulator, findEmulator, ANY_TOKEN };
