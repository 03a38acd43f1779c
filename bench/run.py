"""Runs the benchmarks and writes the report (see bench/README.md).

    python3 bench/run.py [--smoke] [--render] [--out FILE]

Writes FILE (default bench/RESULTS.md) and, beside it, the chart of calls/s per client and
workload (FILE with .svg, e.g. bench/RESULTS.svg). --render writes both from the saved run
(bench/.work/last-run.json) without measuring.

The fixed-response server (bench-server) runs pinned to CPU 0, every client process pinned to
CPU 1 (taskset). Each (client, workload) runs BENCH_RUNS times (default 5), interleaved; the
report gives the medians and the ratios computed from them. BENCH_WORKLOADS and BENCH_CLIENTS
(comma-separated names) select a subset. Counts are the issue's (20,000
get, 2,000 getList of 100, 2,000 create, 50,000 get with 64 in flight) times BENCH_SCALE.
The server counts what it answered: a run whose requests did not all reach it as successful
calls is an error, never a number. Paths come from bench/.work (built by mk/bench.mk).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import report  # noqa: E402
from clients import BEFORE, CLIENTS, WORKLOADS, available  # noqa: E402

BENCH = Path(__file__).resolve().parent
WORK = Path(os.environ.get("BENCH_WORK", BENCH / ".work"))
COUNTS = {"get": 20000, "list": 2000, "create": 2000, "concurrent": 50000, "cold": 1}
JVM_WARMUP = {"get": 5000, "concurrent": 5000, "create": 2000, "list": 200}
SERVER_KIND = {"get": "get", "concurrent": "get", "cold": "get", "list": "list", "create": "create"}


def pin(cpu: int) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(cpu)]
    return []


def stats(url: str) -> dict:
    with urllib.request.urlopen(url + "/__bench/stats", timeout=10) as r:
        return json.load(r)


def run_once(client: dict, workload: str, count: int, warmup: int, url: str, fixtures: Path) -> dict:
    """One process; returns {calls, wall_s, cpu_s, rss_kb} or {error}."""
    argv = pin(1) + client["argv"] + [
        "--workload", workload, "--count", str(count), "--warmup", str(warmup),
        "--inflight", "64", "--url", url, "--fixtures", str(fixtures),
    ]
    before = stats(url)
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=client.get("env"))
    # wait4 gives the child's own CPU and peak RSS (used for cold start: the whole process).
    out, err = proc.communicate(timeout=1800)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        # The whole stderr is kept for diagnosis; the report shows its last line.
        log = WORK / "errors" / f"{client['name'].replace(' ', '_').replace('/', '_').replace(':', '')}-{workload}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_bytes(err)
        return {"error": (err.decode(errors="replace").strip().splitlines() or ["exit %d" % proc.returncode])[-1][:300]}
    try:
        line = json.loads(out.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": "no result line: " + out.decode(errors="replace")[:200]}
    after = stats(url)
    kind = SERVER_KIND[workload]
    served = after[kind] - before[kind]
    expected = (count if workload != "cold" else 1) + (warmup if workload != "cold" else 0)
    bad = (after["unauthorized"] - before["unauthorized"]) + (after["notFound"] - before["notFound"])
    if served < expected or bad:
        return {"error": f"server answered {served} {kind} of {expected} ({bad} refused)"}
    if workload == "cold":
        line["wall_s"] = elapsed  # process start to exit
    return line


def start_server(fixtures: Path) -> tuple[subprocess.Popen, str]:
    server = WORK / "bin" / "bench-server"
    proc = subprocess.Popen(pin(0) + [str(server), str(fixtures)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    url = proc.stdout.readline().decode().strip()
    if not url.startswith("http://"):
        proc.kill()
        raise SystemExit("bench-server did not start")
    return proc, url


# What a run measured, kept so that `run.py --render` can write RESULTS.md again (after an
# edit of OPTIMISATIONS.md) without measuring again. Only the fields the report reads: a
# client's `env` is the environment, which is not written anywhere.
REPORTED = ("name", "version", "unavailable", "before", "peer")


def save(path: Path, meta: dict, clients: list[dict], medians: dict, errors: dict, workloads: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "date": report.now(),
        "meta": meta,
        "clients": [{k: c[k] for k in REPORTED if k in c} for c in clients],
        "medians": [[n, w, m] for (n, w), m in medians.items()],
        "errors": [[n, w, e] for (n, w), e in errors.items()],
        "workloads": workloads,
    }, indent=1))


def write_chart(out: Path, clients: list[dict], medians: dict, workloads: list[str]) -> str:
    """The calls/s chart beside the report (RESULTS.md -> RESULTS.svg); its file name."""
    svg = out.with_suffix(".svg")
    svg.write_text(report.chart(clients, medians, workloads))
    return svg.name


def render_saved(path: Path, out: Path) -> int:
    if not path.exists():
        raise SystemExit(f"{path}: no saved run (run `make bench` first)")
    run = json.loads(path.read_text())
    medians = {(n, w): m for n, w, m in run["medians"]}
    errors = {(n, w): e for n, w, e in run["errors"]}
    svg = write_chart(out, run["clients"], medians, run["workloads"])
    out.write_text(report.render(run["meta"], run["clients"], medians, errors, run["workloads"], date=run["date"],
                                 chart=svg))
    print(f"wrote {out} and {svg} from the run of {run['date']}")
    return 0


def main() -> int:
    smoke = "--smoke" in sys.argv
    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else BENCH / "RESULTS.md"
    if "--render" in sys.argv:
        return render_saved(WORK / "last-run.json", out)
    scale = float(os.environ.get("BENCH_SCALE", "0.002" if smoke else "1"))
    runs = int(os.environ.get("BENCH_RUNS", "1" if smoke else "5"))
    only = [w for w in os.environ.get("BENCH_WORKLOADS", "").split(",") if w] or WORKLOADS
    fixtures = WORK / "fixtures"
    subprocess.run([sys.executable, str(BENCH / "fixtures.py"), str(fixtures)], check=True)
    table = CLIENTS + (BEFORE if os.environ.get("BENCH_BEFORE") == "1" else [])
    # BENCH_CLIENTS: only these clients (comma-separated names as in the report).
    names = [n.strip() for n in os.environ.get("BENCH_CLIENTS", "").split(",") if n.strip()]
    if set(names) - {c["name"] for c in table}:
        raise SystemExit(f"BENCH_CLIENTS: unknown {sorted(set(names) - {c['name'] for c in table})}")
    table = [c for c in table if c["name"] in names] if names else table
    clients = [dict(c, **available(c, WORK)) for c in table]
    counts = {w: max(1 if w == "cold" else 5, int(COUNTS[w] * scale)) for w in only}
    counts["concurrent"] = max(counts.get("concurrent", 0), 64) if "concurrent" in counts else 0
    server, url = start_server(fixtures)
    samples: dict[tuple[str, str], list[dict]] = {}
    errors: dict[tuple[str, str], str] = {}
    try:
        for r in range(runs):
            for w in only:
                warmup = 0 if w == "cold" else max(1, counts[w] // 10)
                for c in clients:
                    if c.get("unavailable"):
                        continue
                    # The JVM clients compile their hot paths late: both get the same longer
                    # warm-up (the targets are per warm call).
                    wu = max(warmup, JVM_WARMUP[w]) if c.get("jvm") and not smoke and w != "cold" else warmup
                    key = (c["name"], w)
                    res = run_once(c, w, counts[w], wu, url, fixtures)
                    if "error" in res:
                        errors[key] = res["error"]
                        print(f"run {r + 1}/{runs} {w:10} {c['name']:14} ERROR {res['error']}", flush=True)
                    else:
                        samples.setdefault(key, []).append(res)
                        print(f"run {r + 1}/{runs} {w:10} {c['name']:14} {res['calls'] / res['wall_s']:10.1f} calls/s", flush=True)
    finally:
        server.terminate()
        server.wait()
    medians = {}
    for key, xs in samples.items():
        if key in errors:
            continue
        medians[key] = {
            "per_call_s": statistics.median(x["wall_s"] / x["calls"] for x in xs),
            "cpu_per_call_s": statistics.median(x["cpu_s"] / x["calls"] for x in xs),
            "rss_kb": statistics.median(x["rss_kb"] for x in xs),
            "runs": len(xs),
        }
    # The machine and toolchains of the run, saved with it: `--render` on another day or host
    # must not describe that one instead.
    meta = {"jvm_warmup": JVM_WARMUP, "scale": scale, "runs": runs, "counts": counts, "pinned": bool(pin(0)), "smoke": smoke,
            "machine": report.machine(), "toolchains": report.toolchains()}
    save(WORK / "last-run.json", meta, clients, medians, errors, only)
    svg = write_chart(out, clients, medians, only)
    out.write_text(report.render(meta, clients, medians, errors, only, chart=svg))
    print(f"wrote {out} and {svg}")
    ours_failed = [k for k in errors if not next(c for c in clients if c["name"] == k[0]).get("peer")]
    if ours_failed:
        print("our clients failed: " + ", ".join(f"{n}/{w}" for n, w in ours_failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
