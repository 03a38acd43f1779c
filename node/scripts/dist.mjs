// `make dist-node`: the npm tarballs of a release, as napi-rs projects publish them.
//
//   node scripts/dist.mjs --version V --dist-native DIR --out DIR [--triples "T1 T2"]
//
// One package per platform, authlete-<platform>-V.tgz, holding DIR/<triple>/authlete.node
// (what the release build wrote) as authlete.<platform>.node; its package.json comes from
// `napi create-npm-dirs` (os, cpu, libc, main, license, repository) with version V. And the
// main package, authlete-V.tgz: the files package.json lists (the JS, the declarations and
// napi's generated loader native/binding.js, never a .node file) plus optionalDependencies on
// every platform package at V, which napi pre-publish would add when publishing.
//
// --triples packs exactly those (each must have its .node); without it, every napi target
// whose .node is present. Work happens in a temporary directory: the tree is not changed.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, closeSync,
  readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { versionProblems } from "./check-version.mjs";

const require = createRequire(import.meta.url);
const nodeDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const platform = require("../lib/platform.js");

function fail(msg) {
  console.error(`dist-node: ${msg}`);
  process.exit(1);
}

const { values: args } = parseArgs({
  options: {
    version: { type: "string" },
    "dist-native": { type: "string" },
    out: { type: "string" },
    triples: { type: "string" },
  },
});
for (const k of ["version", "dist-native", "out"]) if (!args[k]) fail(`--${k} is required`);
const version = args.version;
const distNative = resolve(args["dist-native"]);
const out = resolve(args.out);

// The main package is packed as it stands, so its version must already be the release's.
const problems = versionProblems(version);
if (problems.length > 0) fail(`the release version is ${version}, but ${problems.join("; ")}`);

const targets = platform.targets();
const addonOf = (t) => join(distNative, t.triple, "authlete.node");
let chosen;
if (args.triples && args.triples.trim()) {
  chosen = args.triples.trim().split(/[\s,]+/).map((triple) => {
    const t = targets.find((x) => x.triple === triple);
    if (!t) fail(`${triple} is not one of package.json's napi.targets (${targets.map((x) => x.triple).join(", ")})`);
    return t;
  });
  const missing = chosen.filter((t) => !existsSync(addonOf(t)));
  if (missing.length > 0) {
    fail(missing.map((t) => `${addonOf(t)} is missing, so ${t.packageName} cannot be packed`).join("; ") +
      ". The release build of the Node addon for each triple puts its authlete.node there.");
  }
} else {
  chosen = targets.filter((t) => existsSync(addonOf(t)));
  if (chosen.length === 0) {
    fail(`no addon to pack: none of ${targets.map((t) => join(distNative, t.triple, "authlete.node")).join(", ")} exists. ` +
      "The release build of the Node addon puts them there.");
  }
}

// A .node of the wrong architecture would install fine and fail at load on every machine of
// that platform, so the ELF header's machine is checked against the triple.
const ELF_MACHINE = { x64: 62, arm64: 183 };
function checkElf(t) {
  const buf = Buffer.alloc(20);
  const fd = openSync(addonOf(t), "r");
  try {
    readSync(fd, buf, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  if (buf.readUInt32BE(0) !== 0x7f454c46) fail(`${addonOf(t)} is not an ELF shared object`);
  const want = ELF_MACHINE[t.platform.split("-")[1]];
  const got = buf.readUInt16LE(18);
  if (want !== undefined && got !== want) {
    fail(`${addonOf(t)} is built for ELF machine ${got}, not ${t.triple} (machine ${want})`);
  }
}
for (const t of chosen) if (t.platform.startsWith("linux-")) checkElf(t);

const run = (cmd, argv, cwd) => execFileSync(cmd, argv, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
const npmPack = (dir) => {
  const [info] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", out], dir));
  return info;
};

// The repository's LICENSE and NOTICE go into every package (npm packs LICENSE whatever
// "files" says; NOTICE is added to "files").
const copyLegal = (dir) => {
  for (const f of ["LICENSE", "NOTICE"]) copyFileSync(join(nodeDir, "..", f), join(dir, f));
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (Array.isArray(meta.files) && !meta.files.includes("NOTICE")) {
    meta.files.push("NOTICE");
    writeFileSync(join(dir, "package.json"), JSON.stringify(meta, null, 2) + "\n");
  }
};

const work = mkdtempSync(join(tmpdir(), "authlete-dist-node-"));
try {
  mkdirSync(out, { recursive: true });
  // This run's tarballs only: a platform packed by an earlier run must not look like part of it.
  for (const f of readdirSync(out)) if (/^authlete-.*\.tgz$/.test(f)) rmSync(join(out, f));

  // The platform packages' package.json and README, from the napi CLI, stamped with the
  // release version through the package.json it reads.
  const pkg = JSON.parse(readFileSync(join(nodeDir, "package.json"), "utf8"));
  writeFileSync(join(work, "package.json"), JSON.stringify({ ...pkg, version }, null, 2) + "\n");
  run(join(nodeDir, "node_modules", ".bin", "napi"), ["create-npm-dirs", "--cwd", work, "--npm-dir", "npm"], nodeDir);

  const packed = [];
  for (const t of chosen) {
    const dir = join(work, "npm", t.platform);
    const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (meta.name !== t.packageName || meta.version !== version) {
      fail(`napi create-npm-dirs wrote ${meta.name}@${meta.version}, expected ${t.packageName}@${version}`);
    }
    copyFileSync(addonOf(t), join(dir, meta.main));
    copyLegal(dir);
    const info = npmPack(dir);
    const names = info.files.map((f) => f.path).sort();
    if (!names.includes(meta.main)) fail(`${info.filename} lacks ${meta.main}`);
    packed.push(info);
  }

  // The main package: npm pack of the tree (its "files" decide what goes in), unpacked,
  // given its optionalDependencies, packed again.
  const stage = join(work, "main");
  mkdirSync(stage);
  const [first] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", stage], nodeDir));
  run("tar", ["-xzf", join(stage, first.filename), "-C", stage], nodeDir);
  const mainDir = join(stage, "package");
  const mainPkg = JSON.parse(readFileSync(join(mainDir, "package.json"), "utf8"));
  mainPkg.optionalDependencies = Object.fromEntries(targets.map((t) => [t.packageName, version]));
  writeFileSync(join(mainDir, "package.json"), JSON.stringify(mainPkg, null, 2) + "\n");
  copyLegal(mainDir);
  const main = npmPack(mainDir);
  const nodeFiles = main.files.map((f) => f.path).filter((p) => p.endsWith(".node"));
  if (nodeFiles.length > 0) fail(`${main.filename} would ship ${nodeFiles.join(", ")}; the addons belong in the platform packages`);
  if (!main.files.some((f) => f.path === "native/binding.js")) fail(`${main.filename} lacks native/binding.js`);
  packed.unshift(main);

  for (const info of packed) {
    console.log(`${join(out, info.filename)}  ${statSync(join(out, info.filename)).size} bytes, ${info.entryCount} files`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
