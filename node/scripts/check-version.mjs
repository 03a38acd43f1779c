// Fails when the Node package's version is not the workspace's (Cargo.toml), the one version
// every package of a release carries. The platform packages take theirs from package.json
// when scripts/dist.mjs generates them, and native/binding.js embeds it (its freshness is
// checked by `make test-node`).
//
//   node scripts/check-version.mjs [VERSION]     (default: Cargo.toml's workspace version)
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const nodeDir = join(here, "..");

export function cargoVersion() {
  const text = readFileSync(join(nodeDir, "..", "Cargo.toml"), "utf8");
  const m = /^version = "([^"]+)"/m.exec(text);
  if (!m) throw new Error("no version = \"...\" in Cargo.toml");
  return m[1];
}

/** The mismatches between `version` and node/package.json + package-lock.json, as sentences. */
export function versionProblems(version) {
  const problems = [];
  const pkg = JSON.parse(readFileSync(join(nodeDir, "package.json"), "utf8"));
  if (pkg.version !== version) problems.push(`node/package.json has version ${pkg.version}`);
  const lock = JSON.parse(readFileSync(join(nodeDir, "package-lock.json"), "utf8"));
  const locked = [lock.version, lock.packages?.[""]?.version];
  if (locked.some((v) => v !== version)) {
    problems.push(`node/package-lock.json has version ${locked.join(" / ")} (npm install rewrites it)`);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const version = process.argv[2] || cargoVersion();
  const problems = versionProblems(version);
  if (problems.length > 0) {
    console.error(`node: the workspace version (Cargo.toml) is ${version}, but ${problems.join("; ")}.`);
    console.error(`Set it with: cd node && npm version --no-git-tag-version ${version}`);
    process.exit(1);
  }
  console.log(`node: package version ${version} = the workspace's`);
}
