"""Renders bench/RESULTS.md from the medians of one run of bench/run.py."""

from __future__ import annotations

import datetime
import platform
import subprocess
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TITLES = {
    "get": "Sequential `get`",
    "list": "`getList` of 100 full clients (decode-heavy)",
    "create": "`create` with a full client (encode-heavy)",
    "concurrent": "`get` with 64 calls in flight",
    "cold": "Cold start (process start, import, construct, first call)",
}
PEER_OF = {"python": "peer: authlete (PyPI)", "python-async": "peer: authlete (PyPI)",
           "node": "peer: @authlete/typescript-sdk", "kotlin": "peer: authlete-java-common",
           "python (before)": "peer: authlete (PyPI)", "node (before)": "peer: @authlete/typescript-sdk"}
LIMIT = "raw (limit)"


def _cmd(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os
    return f"{model}, {os.cpu_count()} CPUs, Linux {platform.release()}"


def toolchains() -> str:
    return (f"{_cmd(['rustc', '--version'])}; {_cmd(['python3', '--version'])}; "
            f"node {_cmd(['node', '--version'])}; {_cmd(['java', '-version'])}")


def now() -> str:
    """The time a run ended, as the report gives it."""
    return f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}"


def render(meta: dict, clients: list[dict], med: dict, errors: dict, workloads: list[str],
           date: str | None = None, chart: str | None = None) -> str:
    """RESULTS.md; `chart`, when given, is the file name of chart()'s SVG beside it."""
    lines = ["# Benchmark results", ""]
    if meta["smoke"]:
        lines += ["**Smoke run** (a few iterations, debug builds allowed): numbers are not meaningful.", ""]
    if chart:
        lines += [f"![calls/s of each client, per workload, beside the official SDKs]({chart})", ""]
    lines += [
        f"- Date: {date or now()}",
        f"- Machine: {meta.get('machine') or machine()}",
        f"- Toolchains: {meta.get('toolchains') or toolchains()}",
        f"- Pinning: {'server on CPU 0, each client on CPU 1 (taskset)' if meta['pinned'] else 'none (taskset or a 2nd CPU missing)'}",
        f"- Scale: BENCH_SCALE={meta['scale']} -> counts {meta['counts']}; each figure is the median of "
        f"{meta['runs']} runs (interleaved); warm-up (not measured): a tenth of the count, for the "
        f"two JVM clients at least {meta['jvm_warmup']} calls (the JIT compiles late).",
        "- Server: `bench-server`, fixed responses (a full client of every contract field; a page of "
        "100 of them) on loopback.",
        "",
        "## Clients",
        "",
    ]
    for c in clients:
        state = c.get("unavailable") or c.get("version") or (
            "built from this repository before the optimisations (OPTIMISATIONS.md)" if c.get("before")
            else "built from this repository")
        lines.append(f"- **{c['name']}**: {state}")
    lines += [""]
    for w in workloads:
        lines += [f"## {TITLES[w]}", ""]
        lines += ["| client | calls/s | wall/call | CPU/call | peak RSS | vs peer (calls/s) | vs limit (time/call) |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        limit = med.get((LIMIT, w))
        for c in clients:
            key = (c["name"], w)
            if c.get("unavailable"):
                lines.append(f"| {c['name']} | {c['unavailable']} | | | | | |")
                continue
            if key in errors:
                lines.append(f"| {c['name']} | error: {errors[key]} | | | | | |")
                continue
            m = med.get(key)
            if not m:
                continue
            peer = med.get((PEER_OF.get(c["name"], ""), w))
            vs_peer = f"{peer['per_call_s'] / m['per_call_s']:.2f}x" if peer else ""
            if w == "cold" and peer:
                vs_peer = f"{m['per_call_s'] / peer['per_call_s']:.2f} of peer's time"
            vs_limit = f"{m['per_call_s'] / limit['per_call_s']:.2f}x" if limit and w != "cold" else ""
            wall = m["per_call_s"]
            wall_txt = f"{wall * 1e3:.1f} ms" if wall >= 0.001 else f"{wall * 1e6:.0f} µs"
            lines.append(
                f"| {c['name']} | {1 / wall:,.0f} | {wall_txt} | {m['cpu_per_call_s'] * 1e6:,.0f} µs | "
                f"{m['rss_kb'] / 1024:.1f} MB | {vs_peer} | {vs_limit} |"
            )
        lines.append("")
    lines += targets(med)
    notes = BENCH / "OPTIMISATIONS.md"
    if notes.exists():
        lines += ["", notes.read_text().strip(), ""]
    return "\n".join(lines) + "\n"


def targets(med: dict) -> list[str]:
    out = ["## Targets", "", "| target | measured | met |", "|---|---|---|"]

    def t(name: str, w: str, ours: str, other: str, check, fmt) -> None:
        a, b = med.get((ours, w)), med.get((other, w))
        if not a or not b:
            out.append(f"| {name} | not measured ({ours if not a else other} missing) | n/a |")
            return
        value = fmt(a, b, med.get((LIMIT, w)))
        out.append(f"| {name} | {value[1]} | {'yes' if check(value[0]) else '**no**'} |")

    def speed(a: dict, b: dict, limit: dict | None) -> tuple[float, str]:
        ratio = b["per_call_s"] / a["per_call_s"]
        text = f"{ratio:.2f}x the peer's calls/s"
        # The raw limit's own ratio to the same peer: the most any SDK could reach on this
        # machine, as every call also waits for the round trip that the limit takes.
        if limit:
            text += f" (the raw limit: {b['per_call_s'] / limit['per_call_s']:.2f}x)"
        return ratio, text

    slow = lambda a, b, _: (a["per_call_s"] / b["per_call_s"], f"{a['per_call_s'] / b['per_call_s']:.2f}x the time per call")  # noqa: E731
    cold = lambda a, b, _: (a["per_call_s"] / b["per_call_s"], f"{a['per_call_s'] / b['per_call_s']:.2f} of the peer's")  # noqa: E731
    rss = lambda a, b, _: (a["rss_kb"] / b["rss_kb"], f"{a['rss_kb'] / 1024:.0f} MB vs {b['rss_kb'] / 1024:.0f} MB")  # noqa: E731
    for lang in ("python", "node"):
        t(f"get: {lang} >= 5x peer", "get", lang, PEER_OF[lang], lambda v: v >= 5, speed)
    t("get: kotlin >= peer (warm)", "get", "kotlin", PEER_OF["kotlin"], lambda v: v >= 1, speed)
    t("get: rust <= 1.3x limit", "get", "rust", LIMIT, lambda v: v <= 1.3, slow)
    for lang in ("python", "node"):
        t(f"get: {lang} <= 1.5x rust", "get", lang, "rust", lambda v: v <= 1.5, slow)
    for lang in ("rust", "python-async", "node"):
        t(f"64 in flight: {lang} <= 1.3x limit", "concurrent", lang, LIMIT, lambda v: v <= 1.3, slow)
    for lang in ("python", "node"):
        t(f"cold start: {lang} <= 1/4 of peer", "cold", lang, PEER_OF[lang], lambda v: v <= 0.25, cold)
    for lang in ("python", "node", "kotlin"):
        for w in ("get", "list", "create"):
            t(f"peak RSS ({w}): {lang} < peer", w, lang, PEER_OF[lang], lambda v: v < 1, rss)
    for lang in ("python", "python-async", "node", "kotlin"):
        for w in ("list", "create"):
            t(f"{w}: {lang} >= 5x peer", w, lang, PEER_OF[lang], lambda v: v >= 5, speed)
    return out


# The chart: calls/s of each client per workload, each library beside its official SDK, as a
# hand-written SVG (no plotting dependency). Cold start is a time, not a rate: its table says it.
COLOURS = {"ours": "#2f6fb0", "peer": "#d9822b", "limit": "#9aa5b1"}


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chart_order(clients: list[dict]) -> list[dict]:
    """Clients with no peer first (the limit, Rust, C), then each library with its peer."""
    peers = [c for c in clients if c.get("peer")]
    out = [c for c in clients if not c.get("peer") and c["name"] not in PEER_OF]
    for p in peers:
        out += [c for c in clients if PEER_OF.get(c["name"]) == p["name"]] + [p]
    return out + [c for c in clients if c not in out]


def chart(clients: list[dict], med: dict, workloads: list[str]) -> str:
    rows = [w for w in workloads if w != "cold"]
    order = _chart_order(clients)
    label_w, bar_w, value_w, bar_h, gap = 220, 420, 130, 14, 4
    width = label_w + bar_w + value_w
    y = 46
    body = [
        f'<text x="10" y="20" font-size="15" font-weight="bold">calls/s per client (higher is better); '
        f'the ratio is to the language\'s official SDK</text>',
    ]
    x = 10
    for kind, text in (("ours", "this SDK"), ("peer", "official SDK"), ("limit", "raw HTTP (limit)")):
        body.append(f'<rect x="{x}" y="28" width="12" height="12" fill="{COLOURS[kind]}"/>'
                     f'<text x="{x + 16}" y="38">{text}</text>')
        x += 32 + 7 * len(text)
    for w in rows:
        measured = [(c, med[(c["name"], w)]) for c in order if (c["name"], w) in med]
        if not measured:
            continue
        y += 14
        body.append(f'<text x="10" y="{y + 12}" font-size="13" font-weight="bold">'
                    f'{_esc(TITLES[w].replace("`", ""))}</text>')
        y += 22
        top = max(1 / m["per_call_s"] for _, m in measured)
        for c, m in measured:
            rate = 1 / m["per_call_s"]
            kind = "limit" if c["name"] == LIMIT else "peer" if c.get("peer") else "ours"
            length = max(1.0, bar_w * rate / top)
            peer = med.get((PEER_OF.get(c["name"], ""), w))
            ratio = f" ({peer['per_call_s'] / m['per_call_s']:.2f}x)" if peer else ""
            body.append(
                f'<text x="{label_w - 6}" y="{y + 11}" text-anchor="end">{_esc(c["name"])}</text>'
                f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="{COLOURS[kind]}"/>'
                f'<text x="{label_w + length + 4:.1f}" y="{y + 11}">{rate:,.0f}{ratio}</text>')
            y += bar_h + gap
    height = y + 10
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        *body,
        "</svg>",
    ]) + "\n"
