"""The soak runner (`make soak`, `make test-soak-smoke`; tests/soak/README.md).

    python run.py --seconds S --calls N --emulator BIN --python PY --node-dir DIR --rust-bin BIN
                  --c-bin BIN [--rss-mb 8] [--fd-slack 4] [--faults-per-s 8] [--out DIR]

Starts one emulator per language driver, keeps each emulator's fault queue supplied with a
mix of faults, runs the five drivers at the same time (each makes N/5 calls spread over S
seconds), collects their one-line JSON summaries into OUT/report.md (and report.json), prints
the table and exits non-zero when a check fails. Standard library only.
"""

import argparse
import http.client
import json
import math
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
from typing import Any, Dict, List, Optional

KINDS = [
    "ok",
    "ResultError",
    "AuthleteDefaultError",
    "ResponseValidationError",
    "SDKValidationError",
    "ConnectionError",
    "RequestTimeoutError",
    "RequestAbortedError",
    "CancelledError",
]

# (weight, fault). The calls' deadline is --timeout-ms (1500 by default): the 2000 ms delay and
# trickle end in RequestTimeoutError, the short ones succeed late.
FAULTS = [
    (15, {"status": 503, "retryAfter": "0"}),
    (15, {"status": 429, "retryAfter": "0"}),
    (4, {"status": 503, "retryAfter": "1"}),
    (4, {"status": 429, "retryAfter": "1"}),
    (4, {"status": 500}),
    (10, {"drop": "before"}),
    (10, {"drop": "after"}),
    (10, {"truncated": True}),
    (4, {"malformed": True}),
    (8, {"delayMs": 200}),
    (4, {"delayMs": 2000}),
    (8, {"trickleMs": 300}),
    (4, {"trickleMs": 2000}),
]


def fault_name(f: Dict[str, Any]) -> str:
    if "status" in f:
        return f"{f['status']}" + (f" Retry-After {f['retryAfter']}" if "retryAfter" in f else "")
    if "drop" in f:
        return f"drop {f['drop']}"
    if "delayMs" in f:
        return f"delay {f['delayMs']} ms"
    if "trickleMs" in f:
        return f"trickle {f['trickleMs']} ms"
    return next(iter(f))


class Emulator:
    """One emulator process on a free port, and the thread that keeps its faults coming."""

    def __init__(self, binary: str) -> None:
        self.proc = subprocess.Popen([binary, "--addr", "127.0.0.1:0"], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip() if self.proc.stdout else ""
        if not line.startswith("http://"):
            self.proc.kill()
            raise RuntimeError(f"the emulator printed no address (got {line!r})")
        self.url = line
        self.injected: Dict[str, int] = {}
        self.errors = 0
        self.stop = threading.Event()
        self.thread: Optional[threading.Thread] = None

    def admin(self, conn: http.client.HTTPConnection, call: str, body: Dict[str, Any]) -> Dict[str, Any]:
        conn.request("POST", f"/__emulator/{call}", json.dumps(body), {"Content-Type": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"{call}: HTTP {resp.status} {data[:200]!r}")
        out: Dict[str, Any] = json.loads(data)
        return out

    def feed(self, per_s: float, seed: int) -> None:
        """Queues `per_s` faults a second (any operation), drawn from FAULTS; pauses while more
        than 20 are queued (the driver is not consuming them)."""
        rng = random.Random(seed)
        weights = [w for w, _ in FAULTS]
        host = urllib.parse.urlsplit(self.url).netloc
        conn = http.client.HTTPConnection(host, timeout=10)
        gap = 1.0 / per_s
        next_at = time.monotonic()
        while not self.stop.is_set():
            next_at += gap
            self.stop.wait(max(0.0, next_at - time.monotonic()))
            if self.stop.is_set():
                break
            fault = rng.choices(FAULTS, weights)[0][1]
            try:
                queued = self.admin(conn, "fault", fault)["queued"]
            except (OSError, RuntimeError, http.client.HTTPException, ValueError):
                self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection(host, timeout=10)
                continue
            name = fault_name(fault)
            self.injected[name] = self.injected.get(name, 0) + 1
            if queued > 20:
                self.stop.wait(1.0)
                next_at = time.monotonic()
        conn.close()

    def start_faults(self, per_s: float, seed: int) -> None:
        if per_s > 0:
            self.thread = threading.Thread(target=self.feed, args=(per_s, seed), daemon=True)
            self.thread.start()

    def close(self) -> int:
        self.stop.set()
        if self.thread:
            self.thread.join(15)
        alive = self.proc.poll() is None
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return 0 if alive else (self.proc.returncode or -1)


def drivers(a: argparse.Namespace) -> Dict[str, List[str]]:
    here = os.path.dirname(os.path.abspath(__file__))
    return {
        "rust": [a.rust_bin],
        "python-sync": [a.python, os.path.join(here, "soak.py"), "sync"],
        "python-async": [a.python, os.path.join(here, "soak.py"), "async"],
        "node": ["node", "--expose-gc", os.path.join(here, "soak.mjs"), a.node_dir],
        "c": [a.c_bin],
    }


CONCURRENCY = {"rust": 32, "python-sync": 16, "python-async": 32, "node": 32, "c": 16}


def run(a: argparse.Namespace) -> int:
    os.makedirs(a.out, exist_ok=True)
    langs = drivers(a)
    if a.only:
        langs = {k: v for k, v in langs.items() if k in a.only.split(",")}
    per_lang = math.ceil(a.calls / len(langs))
    warm_calls = max(1, int(per_lang * a.warm_fraction))
    warm_seconds = a.seconds * a.warm_fraction
    emus: Dict[str, Emulator] = {}
    procs: Dict[str, subprocess.Popen[str]] = {}
    logs: Dict[str, Any] = {}
    t0 = time.monotonic()
    try:
        for i, (lang, cmd) in enumerate(langs.items()):
            emu = Emulator(a.emulator)
            emus[lang] = emu
            emu.start_faults(a.faults_per_s, seed=i + 1)
            argv = cmd + ["--url", emu.url, "--calls", str(per_lang), "--seconds", str(a.seconds),
                          "--concurrency", str(CONCURRENCY[lang]), "--warm-calls", str(warm_calls),
                          "--warm-seconds", str(warm_seconds), "--timeout-ms", str(a.timeout_ms)]
            logs[lang] = open(os.path.join(a.out, f"{lang}.stderr"), "w")
            procs[lang] = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=logs[lang], text=True)
        print(f"soak: {len(procs)} drivers, {per_lang} calls each over {a.seconds:g} s, "
              f"{a.faults_per_s:g} faults/s each; warm-up after {warm_calls} calls or {warm_seconds:g} s",
              flush=True)
        # Each driver's deadline: its duration, plus the time a slow run may need to finish.
        limit = a.seconds * 2 + 120
        results: Dict[str, Dict[str, Any]] = {}
        for lang, p in procs.items():
            left = max(1.0, limit - (time.monotonic() - t0))
            try:
                out, _ = p.communicate(timeout=left)
            except subprocess.TimeoutExpired:
                p.kill()
                out, _ = p.communicate()
                results[lang] = {"problem": f"no end after {limit:g} s (killed)"}
                continue
            lines = [x for x in out.splitlines() if x.startswith("{")]
            r: Dict[str, Any] = {}
            if lines:
                try:
                    r = json.loads(lines[-1])
                except ValueError:
                    r = {}
            if p.returncode != 0:
                r["problem"] = f"exit status {p.returncode}"
            elif not r:
                r["problem"] = "no JSON summary"
            results[lang] = r
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
                p.wait()
        emu_status = {lang: e.close() for lang, e in emus.items()}
        for f in logs.values():
            f.close()
    wall = time.monotonic() - t0
    for lang, e in emus.items():
        results[lang]["faults"] = e.injected
        results[lang]["fault_feed_errors"] = e.errors
        if emu_status[lang] != 0:
            results[lang].setdefault("problem", f"its emulator died (status {emu_status[lang]})")
    return report(a, results, wall)


def report(a: argparse.Namespace, results: Dict[str, Dict[str, Any]], wall: float) -> int:
    failures: List[str] = []
    rows = []
    total = 0
    for lang, r in results.items():
        if "problem" in r:
            tail = ""
            path = os.path.join(a.out, f"{lang}.stderr")
            if os.path.exists(path):
                with open(path) as f:
                    tail = f.read()[-600:]
            failures.append(f"{lang}: {r['problem']} {tail}".strip())
        calls = int(r.get("calls", 0))
        total += calls
        outcomes: Dict[str, int] = r.get("outcomes", {})
        unexpected: Dict[str, int] = r.get("unexpected", {})
        if unexpected:
            failures.append(f"{lang}: unexpected outcomes {unexpected}; e.g. {r.get('examples', [])[:3]}")
        counted = sum(outcomes.values()) + sum(unexpected.values())
        if r and "problem" not in r and counted != calls:
            failures.append(f"{lang}: {counted} outcomes counted for {calls} calls")
        unknown = set(outcomes) - set(KINDS)
        if unknown:
            failures.append(f"{lang}: outcomes of no known kind: {sorted(unknown)}")
        rss = r.get("rss_kb", [0, 0, 0])
        fds = r.get("fds", [0, 0, 0])
        if "problem" not in r:
            if rss[2] - rss[1] > a.rss_mb * 1024:
                failures.append(f"{lang}: RSS grew {(rss[2] - rss[1]) / 1024:.1f} MB after warm-up "
                                f"(limit {a.rss_mb:g} MB)")
            # The warm-up level of descriptors: the highest count seen up to the warm-up sample.
            peaks = r.get("fd_peaks", [fds[1], fds[2]])
            if fds[2] > peaks[0] + a.fd_slack:
                failures.append(f"{lang}: {fds[2]} descriptors open at the end, up to {peaks[0]} during warm-up "
                                f"(slack {a.fd_slack})")
            closed = r.get("closed", [0, 0, 0])
            if closed[1] > fds[2]:
                failures.append(f"{lang}: {closed[1]} descriptors open after the client was released, "
                                f"{fds[2]} before")
            if len(closed) < 3 or closed[2] != 0:
                failures.append(f"{lang}: {closed[2] if len(closed) > 2 else '?'} TCP connections still open "
                                f"0.5 s after the client was released")
        secs = float(r.get("seconds", 0) or 0)
        rows.append((lang, calls, calls / secs if secs else 0.0, outcomes, unexpected, rss, fds, r))
    if total < a.calls:
        failures.append(f"total calls {total} < {a.calls}")
    if wall < a.seconds:
        failures.append(f"wall time {wall:.0f} s < {a.seconds:g} s")

    kinds = [k for k in KINDS if any(k in row[3] for row in rows)]
    head = ["language", "calls", "calls/s"] + kinds + ["unexpected", "RSS MB start/warm/end", "Δ after warm-up",
                                                      "fds start/warm/end", "fd peak warm-up/after",
                                                      "released: RSS MB, fds, TCP"]
    md = [f"# Soak report ({time.strftime('%Y-%m-%d %H:%M:%S')})", "",
          f"{len(rows)} drivers at the same time, each against its own emulator; wall time {wall:.0f} s, "
          f"{total} calls (required: {a.calls} calls, {a.seconds:g} s). Limits: RSS growth after warm-up "
          f"<= {a.rss_mb:g} MB; descriptors at the end <= their peak during warm-up + {a.fd_slack}; "
          f"after the client is released, no more than at the end and no TCP connection; "
          f"per-call deadline {a.timeout_ms} ms.", "",
          "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    mb = lambda kb: f"{kb / 1024:.1f}"  # noqa: E731
    for lang, calls, rate, outcomes, unexpected, rss, fds, row_r in rows:
        cells = [lang, str(calls), f"{rate:.0f}"] + [str(outcomes.get(k, 0)) for k in kinds]
        cells += [", ".join(f"{k} {v}" for k, v in unexpected.items()) or "0",
                  "/".join(mb(x) for x in rss), f"{(rss[2] - rss[1]) / 1024:+.1f} MB",
                  "/".join(str(x) for x in fds),
                  "/".join(str(x) for x in row_r.get("fd_peaks", [])),
                  ", ".join([mb(row_r.get("closed", [0, 0, 0])[0])] + [str(x) for x in row_r.get("closed", [])[1:]])]
        md.append("| " + " | ".join(cells) + " |")
    md += ["", "Faults injected (per language):", ""]
    names = sorted({n for row in rows for n in row[7].get("faults", {})})
    md.append("| fault | " + " | ".join(row[0] for row in rows) + " |")
    md.append("|" + "---|" * (len(rows) + 1))
    for n in names:
        md.append(f"| {n} | " + " | ".join(str(row[7].get("faults", {}).get(n, 0)) for row in rows) + " |")
    md += ["", "Calls per operation:", ""]
    opnames = sorted({n for row in rows for n in row[7].get("ops", {})})
    md.append("| operation | " + " | ".join(row[0] for row in rows) + " |")
    md.append("|" + "---|" * (len(rows) + 1))
    for n in opnames:
        md.append(f"| {n} | " + " | ".join(str(row[7].get("ops", {}).get(n, 0)) for row in rows) + " |")
    md += ["", "Result: " + ("FAILED" if failures else "passed")]
    md += [f"- {f}" for f in failures]
    text = "\n".join(md) + "\n"
    with open(os.path.join(a.out, "report.md"), "w") as f:
        f.write(text)
    with open(os.path.join(a.out, "report.json"), "w") as f:
        json.dump({"wall_s": wall, "total_calls": total, "failures": failures, "drivers": results}, f, indent=1)
    print(text, end="")
    print(f"soak: report in {os.path.join(a.out, 'report.md')}")
    return 1 if failures else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=float, default=300)
    p.add_argument("--calls", type=int, default=200000)
    p.add_argument("--rss-mb", type=float, default=8)
    p.add_argument("--fd-slack", type=int, default=4)
    p.add_argument("--faults-per-s", type=float, default=8)
    p.add_argument("--timeout-ms", type=int, default=1500)
    p.add_argument("--warm-fraction", type=float, default=0.2)
    p.add_argument("--emulator", required=True)
    p.add_argument("--python", required=True)
    p.add_argument("--node-dir", required=True)
    p.add_argument("--rust-bin", required=True)
    p.add_argument("--c-bin", required=True)
    p.add_argument("--only", default="", help="comma-separated languages (default: all)")
    p.add_argument("--out", default="target/soak")
    return run(p.parse_args())


if __name__ == "__main__":
    sys.exit(main())
