"""The bench clients: how to start each one, and whether it is installed.

Every client is a process taking `--workload --count --warmup --inflight --url --fixtures`
and printing one JSON line (calls, wall_s, cpu_s, rss_kb). Paths are under the bench's work
directory, filled by mk/bench.mk: bin/ (Rust and C binaries), py-ours/ (our wheel),
node-ours/ (our addon), jvm/ (classpaths), and peers under .peers/ (see peers.sh).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORKLOADS = ["get", "list", "create", "concurrent", "cold"]

# name, language, peer?, argv (with {work} and {peers} placeholders), files that must exist.
CLIENTS = [
    {"name": "raw (limit)", "lang": "rust", "argv": ["{work}/bin/bench-rust", "raw"], "needs": ["{work}/bin/bench-rust"]},
    {"name": "rust", "lang": "rust", "argv": ["{work}/bin/bench-rust", "core"], "needs": ["{work}/bin/bench-rust"]},
    {"name": "c", "lang": "c", "argv": ["{work}/bin/bench_c"], "needs": ["{work}/bin/bench_c"]},
    {"name": "python", "lang": "python", "argv": ["{work}/py-ours/bin/python", f"{HERE}/bench.py", "ours"],
     "needs": ["{work}/py-ours/bin/python"]},
    {"name": "python-async", "lang": "python", "argv": ["{work}/py-ours/bin/python", f"{HERE}/bench.py", "async"],
     "needs": ["{work}/py-ours/bin/python"]},
    {"name": "node", "lang": "node", "argv": ["node", f"{HERE}/bench.mjs", f"{ROOT}/node/index.mjs"],
     "needs": ["{work}/node-native/authlete.node"], "env": {"AUTHLETE_NODE_ADDON": "{work}/node-native/authlete.node"}},
    {"name": "kotlin", "lang": "kotlin", "jvm": True, "argv": ["java", "-cp", "@{work}/jvm/ours.args", "Bench", "ours"],
     "needs": ["{work}/jvm/ours.args"]},
    {"name": "peer: authlete (PyPI)", "lang": "python", "peer": True, "peer_id": "py",
     "argv": ["{peers}/py/bin/python", f"{HERE}/bench.py", "peer"], "needs": ["{peers}/py/bin/python"],
     "version_file": "{peers}/py/VERSION"},
    {"name": "peer: @authlete/typescript-sdk", "lang": "node", "peer": True, "peer_id": "node",
     "argv": ["node", f"{HERE}/bench.mjs", "{peers}/node/node_modules/@authlete/typescript-sdk/dist/esm/index.js"],
     "needs": ["{peers}/node/node_modules/@authlete/typescript-sdk/dist/esm/index.js"],
     "version_file": "{peers}/node/VERSION"},
    {"name": "peer: authlete-java-common", "lang": "kotlin", "peer": True, "peer_id": "java", "jvm": True,
     "argv": ["java", "-cp", "@{work}/jvm/peer.args", "Bench", "peer"], "needs": ["{work}/jvm/peer.args"],
     "version_file": "{peers}/java/VERSION"},
]

# Builds from before the optimisations (bench/OPTIMISATIONS.md), measured in the same run when
# BENCH_BEFORE=1 and they were saved under the work dir (bin/bench-rust-before, py-before/,
# node-before/, jvm/ours-before.args: the classpath of a `make bench-build-kotlin` made at the
# commit before, with its own BENCH_WORK).
BEFORE = [
    {"name": "rust (before)", "lang": "rust", "before": True, "argv": ["{work}/bin/bench-rust-before", "core"],
     "needs": ["{work}/bin/bench-rust-before"]},
    {"name": "python (before)", "lang": "python", "before": True,
     "argv": ["{work}/py-before/bin/python", f"{HERE}/bench.py", "ours"], "needs": ["{work}/py-before/bin/python"]},
    # The before addon runs with the JS package of its own tree (node-before/pkg/node, e.g.
    # `git archive <commit> node`): the JS side and the addon change together.
    {"name": "node (before)", "lang": "node", "before": True,
     "argv": ["node", f"{HERE}/bench.mjs", "{work}/node-before/pkg/node/index.mjs"],
     "needs": ["{work}/node-before/authlete.node", "{work}/node-before/pkg/node/index.mjs"],
     "env": {"AUTHLETE_NODE_ADDON": "{work}/node-before/authlete.node"}},
    {"name": "kotlin (before)", "lang": "kotlin", "before": True, "jvm": True,
     "argv": ["java", "-cp", "@{work}/jvm/ours-before.args", "Bench", "ours"], "needs": ["{work}/jvm/ours-before.args"]},
]


def available(client: dict, work: Path) -> dict:
    """The client with placeholders filled; `unavailable` says why it cannot run."""
    import os

    peers = Path(os.environ.get("BENCH_PEERS", HERE.parent / ".peers"))
    fill = lambda s: s.replace("{work}", str(work)).replace("{peers}", str(peers))  # noqa: E731
    out = {"argv": [fill(a) for a in client["argv"]]}
    # java -cp @file is not a thing: read the classpath from the file.
    for i, a in enumerate(out["argv"]):
        if a.startswith("@") and a.endswith(".args"):
            p = Path(a[1:])
            out["argv"][i] = p.read_text().strip() if p.exists() else a
    env = dict(os.environ)
    for k, v in client.get("env", {}).items():
        env[k] = fill(v)
    out["env"] = env
    missing = [fill(n) for n in client["needs"] if not Path(fill(n)).exists()]
    if missing:
        reason = "not built" if not client.get("peer") else "peer unavailable"
        note = peers / f"{client.get('peer_id', '')}.unavailable"
        why = note.read_text().strip() if client.get("peer") and note.exists() else f"missing {missing[0]}"
        out["unavailable"] = f"{reason}: {why}"
    vf = client.get("version_file")
    if vf and Path(fill(vf)).exists():
        out["version"] = Path(fill(vf)).read_text().strip()
    return out
