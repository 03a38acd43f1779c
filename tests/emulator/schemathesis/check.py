#!/usr/bin/env python3
"""Runs schemathesis against a running emulator and fails on any failure that
tests/emulator/SCHEMATHESIS.md does not explain.

Usage (the emulator's URL in AUTHLETE_EMULATOR_URL, as tests/with-emulator.sh sets it):
    check.py --st PATH/TO/st --run any-token|required-token --token TOKEN --examples N --out DIR

Every failed check of every test case is read from schemathesis' NDJSON report and matched
against the table in SCHEMATHESIS.md (check code, operation, status, resultCode, message,
a condition on the request, and the runs the row applies to). A failure no row explains,
a schemathesis crash, or a run that tested fewer than all 16 operations fails this script.
"""

from __future__ import annotations

import argparse
import base64
import collections
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
CONTRACT = ROOT / "spec" / "authlete-clients.openapi.yaml"
KNOWN = HERE.parent / "SCHEMATHESIS.md"


@dataclass
class Failure:
    code: str
    check: str
    operation: str
    status: int | None
    result_code: str | None
    message: str
    media_type: str | None
    request_body: bytes
    request_uri: str


@dataclass
class Known:
    name: str
    code: str
    operation: str
    status: str
    result_code: str
    message: str
    condition: str
    runs: str

    def matches(self, f: Failure, run: str) -> bool:
        if self.runs != "both" and self.runs != run:
            return False
        if self.code != f.code:
            return False
        if self.operation != "*" and not re.search(self.operation, f.operation):
            return False
        if self.status != "*" and str(f.status) != self.status:
            return False
        if self.result_code != "*" and (f.result_code or "-") != self.result_code:
            return False
        if self.message != "*" and self.message not in f.message:
            return False
        return CONDITIONS[self.condition](f)


def _has_null(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, list):
        return any(_has_null(x) for x in v)
    if isinstance(v, dict):
        return any(_has_null(x) for x in v.values())
    return False


def _body_has_null(f: Failure) -> bool:
    try:
        return _has_null(json.loads(f.request_body))
    except ValueError:
        return False


def _no_query_subject(f: Failure) -> bool:
    query = f.request_uri.partition("?")[2]
    return not any(p.split("=", 1)[0] == "subject" for p in query.split("&") if p)


CONDITIONS = {
    "-": lambda f: True,
    "body-has-null": _body_has_null,
    "no-query-subject": _no_query_subject,
}


def load_known() -> list[Known]:
    """The rows of the table between the `<!-- known -->` markers of SCHEMATHESIS.md."""
    text = KNOWN.read_text(encoding="utf-8")
    table = text.split("<!-- known:begin -->", 1)[1].split("<!-- known:end -->", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip().strip("`") for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if len(cells) < 9 or cells[0] in ("name", "") or set(cells[0]) <= {"-", ":"}:
            continue
        name, code, op, status, rc, msg, cond, runs = cells[:8]
        if cond not in CONDITIONS:
            raise SystemExit(f"SCHEMATHESIS.md: row {name}: unknown condition {cond!r}")
        if runs not in ("both", "any-token", "required-token"):
            raise SystemExit(f"SCHEMATHESIS.md: row {name}: unknown run {runs!r}")
        rows.append(Known(name, code, op.replace("\\|", "|"), status, rc, msg, cond, runs))
    if not rows:
        raise SystemExit("SCHEMATHESIS.md: no rows between the known markers")
    return rows


def read_report(path: Path) -> tuple[list[Failure], int, set[str], list[str]]:
    failures: list[Failure] = []
    checks = 0
    operations: set[str] = set()
    notes: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        if "NonFatalError" in event:
            e = event["NonFatalError"]
            notes.append(f"schemathesis non-fatal error in {e.get('label')}: {e['value'].get('message')}")
        if "ScenarioFinished" not in event:
            continue
        rec = event["ScenarioFinished"]["recorder"]
        if rec.get("checks") and re.match(r"(GET|POST|PUT|DELETE) /", rec["label"]):
            operations.add(rec["label"])
        for case_id, results in rec.get("checks", {}).items():
            case = rec["cases"][case_id]["value"]
            inter = rec.get("interactions", {}).get(case_id) or {}
            req = inter.get("request") or {}
            resp = inter.get("response") or {}
            body = base64.b64decode(((req.get("body") or {}).get("$base64")) or "")
            content = base64.b64decode(((resp.get("content") or {}).get("$base64")) or "")
            try:
                rc = json.loads(content).get("resultCode") if content else None
            except (ValueError, AttributeError):
                rc = None
            for r in results:
                checks += 1
                if r["status"] != "failure":
                    continue
                info = r["failure_info"]["failure"]
                failures.append(
                    Failure(
                        code=info["code"],
                        check=r["name"],
                        operation=info["operation"],
                        status=resp.get("status_code"),
                        result_code=rc,
                        message=info.get("message", ""),
                        media_type=case.get("media_type"),
                        request_body=body,
                        request_uri=req.get("uri", ""),
                    )
                )
    return failures, checks, operations, notes


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--st", required=True, help="the schemathesis `st` executable")
    ap.add_argument("--run", required=True, choices=["any-token", "required-token"])
    ap.add_argument("--token", required=True)
    ap.add_argument("--examples", type=int, default=40)
    ap.add_argument("--workers", default="2")
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args()
    url = os.environ.get("AUTHLETE_EMULATOR_URL")
    if not url:
        print("check.py: AUTHLETE_EMULATOR_URL is not set (run under tests/with-emulator.sh)", file=sys.stderr)
        return 2
    known = load_known()
    args.out.mkdir(parents=True, exist_ok=True)
    report = args.out / f"{args.run}.ndjson"
    report.unlink(missing_ok=True)
    cmd = [
        args.st, "run", str(CONTRACT), "--url", url,
        "--header", f"Authorization: Bearer {args.token}",
        "--max-examples", str(args.examples), "--workers", args.workers,
        "--generation-deterministic", "--no-color",
        "--report", "ndjson", "--report-ndjson-path", str(report),
    ]  # fmt: skip
    started = time.monotonic()
    with open(args.out / f"{args.run}.txt", "w", encoding="utf-8") as log:
        # Run in the output folder: schemathesis keeps a crash cache in its working directory.
        rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, check=False, cwd=args.out).returncode
    took = time.monotonic() - started
    if rc not in (0, 1) or not report.exists():
        print(f"schemathesis ({args.run}) exited with {rc}; see {args.out / (args.run + '.txt')}", file=sys.stderr)
        return 1
    failures, checks, operations, notes = read_report(report)
    for n in notes:
        print(f"  note: {n}")
    explained: collections.Counter[str] = collections.Counter()
    unexplained: list[Failure] = []
    for f in failures:
        row = next((k for k in known if k.matches(f, args.run)), None)
        if row is None:
            unexplained.append(f)
        else:
            explained[row.name] += 1
    print(
        f"schemathesis ({args.run}): {len(operations)} operations, {checks} checks, "
        f"{len(failures)} failed checks, {len(unexplained)} unexplained, {took:.0f} s"
    )
    for name, count in sorted(explained.items()):
        print(f"  known {name}: {count}")
    for f in unexplained:
        print(
            f"  UNEXPLAINED {f.code} {f.check} {f.operation} [{f.media_type}] -> {f.status} {f.result_code}\n"
            f"    {f.message.strip().splitlines()[-1] if f.message.strip() else ''}\n"
            f"    {f.request_uri} {f.request_body[:300]!r}",
            file=sys.stderr,
        )
    if len(operations) < 16:
        print(f"schemathesis ({args.run}): only {len(operations)} of 16 operations were checked", file=sys.stderr)
        return 1
    if unexplained:
        print(f"{len(unexplained)} failure(s) not in tests/emulator/SCHEMATHESIS.md", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
