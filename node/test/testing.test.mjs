// authlete/testing: startEmulator() runs the emulator binary and stops it.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { ANY_TOKEN, findEmulator, startEmulator } from "../testing.mjs";
import { Authlete } from "../index.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// The binary `cargo build -p authlete-emulator` builds (make test-node does).
process.env.AUTHLETE_EMULATOR_BIN ??= path.join(
  process.env.CARGO_TARGET_DIR ?? path.join(root, "target"),
  "debug",
  "authlete-emulator",
);

async function listStatus(url, token) {
  const res = await fetch(`${url}/api/s1/client/get/list`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

function gone(pid) {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return e.code === "ESRCH";
  }
}

test("startEmulator serves the SDK, its admin helpers work, and stop() ends the process", async () => {
  const emu = await startEmulator();
  try {
    assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(emu.token, ANY_TOKEN);
    const authlete = new Authlete({ security: { bearer: emu.token }, serverURL: emu.url });
    const created = await authlete.clients.create({ serviceId: "s1", client: { clientName: "node" } });
    const got = await authlete.clients.get({ serviceId: "s1", clientId: String(created.clientId) });
    assert.equal(got.clientName, "node");
    assert.deepEqual((await emu.log()).map((r) => r.op), ["clients.create", "clients.get"]);
    await emu.fault("clients.get", { status: 403 });
    await assert.rejects(authlete.clients.get({ serviceId: "s1", clientId: String(created.clientId) }), (e) => {
      assert.equal(e.statusCode, 403);
      return true;
    });
    await emu.reset();
    assert.deepEqual(await emu.log(), []);
    assert.equal((await listStatus(emu.url, "x")).body.totalCount, 0);
  } finally {
    await emu.stop();
  }
  assert.ok(gone(emu.pid), "the process is gone after stop()");
  await emu.stop(); // twice is harmless
});

test("a token given to startEmulator is the only one accepted", async () => {
  process.env.AUTHLETE_EMULATOR_TOKEN = "inherited";
  try {
    const emu = await startEmulator({ token: "s3cret" });
    try {
      assert.equal(emu.token, "s3cret");
      assert.equal((await listStatus(emu.url, "s3cret")).status, 200);
      const wrong = await listStatus(emu.url, "inherited");
      assert.deepEqual([wrong.status, wrong.body.resultCode], [401, "A001203"]);
    } finally {
      await emu.stop();
    }
    // Without a token, an inherited AUTHLETE_EMULATOR_TOKEN does not apply.
    const open = await startEmulator();
    try {
      assert.equal((await listStatus(open.url, "anything")).status, 200);
    } finally {
      await open.stop();
    }
  } finally {
    delete process.env.AUTHLETE_EMULATOR_TOKEN;
  }
});

test("the emulator is stopped at the end of an async-disposal scope", async () => {
  const emu = await startEmulator();
  assert.equal(typeof emu[Symbol.asyncDispose], "function");
  await emu[Symbol.asyncDispose]();
  assert.ok(gone(emu.pid));
});

test("lookup: bin, AUTHLETE_EMULATOR_BIN, PATH, then an error naming pip install", async () => {
  const real = process.env.AUTHLETE_EMULATOR_BIN;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "authlete-testing-"));
  const saved = process.env.PATH;
  try {
    assert.equal(findEmulator(), real);
    assert.equal(findEmulator(real), real);
    delete process.env.AUTHLETE_EMULATOR_BIN;
    process.env.PATH = dir;
    await assert.rejects(startEmulator(), (e) => {
      assert.equal(e.code, "ENOENT");
      assert.match(e.message, /pip install authlete-emulator/);
      return true;
    });
    fs.symlinkSync(path.resolve(real), path.join(dir, "authlete-emulator"));
    assert.equal(findEmulator(), path.join(dir, "authlete-emulator"));
    const emu = await startEmulator();
    await emu.stop();
  } finally {
    process.env.PATH = saved;
    process.env.AUTHLETE_EMULATOR_BIN = real;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a process that exits, or never prints its URL, is an error and is not left running", async () => {
  await assert.rejects(startEmulator({ bin: "/bin/false" }), /did not start/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "authlete-testing-"));
  const silent = path.join(dir, "silent");
  fs.writeFileSync(silent, "#!/bin/sh\necho $$ > \"$0.pid\"\nexec sleep 60\n", { mode: 0o755 });
  try {
    const started = Date.now();
    await assert.rejects(startEmulator({ bin: silent, startupTimeoutMs: 500 }), /no URL within 500 ms/);
    assert.ok(Date.now() - started < 5000);
    const pid = Number(fs.readFileSync(`${silent}.pid`, "utf8"));
    assert.ok(gone(pid), "the silent process was stopped");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
