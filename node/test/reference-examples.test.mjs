// Runs every TypeScript example of the official TypeScript SDK's documentation (test/reference/clients-sdk-reference.md)
// unchanged except for real ids in place of "<id>" / "<value>", against the server in
// AUTHLETE_SERVER_URL with the token in AUTHLETE_AUTHLETE, exactly as the examples read them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { extract } from "./reference/extract.mjs";
import { admin, BASE } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const ts = require("typescript");
const here = path.dirname(fileURLToPath(import.meta.url));
// Inside the package, so that `import ... from "authlete"` resolves to this package.
const runDir = path.join(here, "reference", "run");
const CLIENT_ID = "10000000000001";

const examples = extract();

test("the official TypeScript SDK has 26 TypeScript examples (13 operations x method and standalone function)", () => {
  assert.equal(examples.length, 26);
});

rmSync(runDir, { recursive: true, force: true });
mkdirSync(runDir, { recursive: true });

for (const ex of examples) {
  test(`reference example ${ex.file}`, async () => {
    await admin("reset");
    const serviceId = "715948317";
    await admin("seed", {
      serviceId,
      clients: [{ clientId: Number(CLIENT_ID), clientName: "Seeded", clientIdAlias: "seeded", clientIdAliasEnabled: true }],
      authorizations: [{ clientId: Number(CLIENT_ID), subject: "john", scopes: ["history.read"] }],
    });
    const source = ex.source
      .replace(/serviceId: "<id>"/g, `serviceId: "${serviceId}"`)
      .replace(/clientId: "<id>"/g, `clientId: "${CLIENT_ID}"`)
      .replace(/clientIdentifier: "<value>"/g, `clientIdentifier: "${CLIENT_ID}"`)
      .replace(/(subjectPathParameter|subjectQueryParameter): "<value>"/g, '$1: "john"');
    assert.doesNotMatch(source, /"<(id|value)>"/, "a placeholder was left");
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const file = path.join(runDir, ex.file.replace(/\.ts$/, ".mjs"));
    writeFileSync(file, js);
    const before = (await admin("log")).count;
    const env = { ...process.env, AUTHLETE_AUTHLETE: "reference-token", AUTHLETE_SERVER_URL: BASE };
    delete env.AUTHLETE_BEARER;
    const run = spawnSync(process.execPath, [file], { env, encoding: "utf8", timeout: 30000 });
    assert.equal(run.status, 0, `${ex.file} exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
    assert.doesNotMatch(run.stdout, /failed:/, run.stdout);
    assert.equal(run.stderr, "");
    const log = await admin("log");
    const mine = log.requests.slice(before).filter((r) => r.op === `clients.${ex.operation}`);
    assert.equal(mine.length, 1, `${ex.file}: expected one clients.${ex.operation} request`);
    assert.ok(mine[0].status >= 200 && mine[0].status < 300, `${ex.file}: HTTP ${mine[0].status}`);
    if (ex.operation !== "delete" && ex.operation !== "deleteRequestableScopes") {
      assert.match(run.stdout, /\S/, "the example printed its result");
    }
  });
}
