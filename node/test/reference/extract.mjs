// Extracts every ```typescript block of the official TypeScript SDK's documentation (clients-sdk-reference.md,
// a copy of the official SDK's `clients` page) into examples/<operation>-<n>.ts, unchanged.
// `npm run typecheck` typechecks them; test/reference-examples.test.mjs runs them.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** [{ file, operation, source }] for every TypeScript example, in document order. */
export function extract() {
  const text = readFileSync(path.join(here, "clients-sdk-reference.md"), "utf8");
  const out = [];
  let operation = "overview";
  let n = 0;
  const re = /^## (\w+)\s*$|^```typescript\n([\s\S]*?)^```$/gm;
  for (const m of text.matchAll(re)) {
    if (m[1]) {
      operation = m[1];
      n = 0;
    } else {
      n++;
      out.push({ file: `${operation}-${n}.ts`, operation, source: m[2] });
    }
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.join(here, "examples");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const examples = extract();
  for (const e of examples) writeFileSync(path.join(dir, e.file), e.source);
  console.log(`extracted ${examples.length} examples into ${path.relative(process.cwd(), dir)}`);
}
