"""Runs the shared cases (tests/cases/*.json, format in tests/cases/README.md) through the
Python SDK in its own idiom: ``authlete.clients.get_list(service_id=..., ...)`` with
keyword arguments, models built from the case's dicts, per-call options as keywords and
cancellation by asyncio task cancellation."""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
import traceback
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from authlete_sdk import Authlete, AuthleteError, clients
from authlete_sdk.models import Model

CASES_DIR = Path(__file__).resolve().parents[2] / "tests" / "cases"

BASE_OPTIONS: Dict[str, Any] = {
    "security": {"bearer": "test-token"},
    "retryConfig": {
        "strategy": "backoff",
        "backoff": {"initialInterval": 10, "maxInterval": 50, "exponent": 1.5, "maxElapsedTime": 3000},
        "retryConnectionErrors": True,
    },
}

CLIENT_KWARGS = {
    "serverURL": "server_url",
    "serverIdx": "server_idx",
    "server": "server",
    "security": "security",
    "retryConfig": "retry_config",
    "timeoutMs": "timeout_ms",
    "connectTimeoutMs": "connect_timeout_ms",
    "retryCodes": "retry_codes",
    "userAgent": "user_agent",
    "maxResponseBytes": "max_response_bytes",
}

OPTION_KWARGS = {
    "retries": "retries",
    "retryCodes": "retry_codes",
    "timeoutMs": "timeout_ms",
    "serverURL": "server_url",
    "headers": "http_headers",
    "maxResponseBytes": "max_response_bytes",
}


def snake(name: str) -> str:
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s).lower()


def load_cases() -> List[Dict[str, Any]]:
    cases: List[Dict[str, Any]] = []
    for path in sorted(CASES_DIR.glob("*.json")):
        cases += json.loads(path.read_text(), parse_float=Decimal)["cases"]
    return cases


def dumps(value: Any) -> str:
    """JSON with Decimals (numbers of any precision, as the cases and the SDK keep them)
    written digit for digit."""
    marks: List[str] = []

    def default(o: Any) -> str:
        if isinstance(o, Decimal):
            marks.append(str(o))
            return f"\u0000num{len(marks) - 1}"
        raise TypeError(type(o).__name__)

    text = json.dumps(value, default=default)
    return re.sub(r'"\\u0000num(\d+)"', lambda m: marks[int(m.group(1))], text)


def emulator_url() -> str:
    url = os.environ.get("AUTHLETE_EMULATOR_URL")
    if not url:
        raise RuntimeError("AUTHLETE_EMULATOR_URL is not set: run under tests/with-emulator.sh")
    return url.rstrip("/")


def admin(name: str, body: Any = None) -> Any:
    req = urllib.request.Request(
        f"{emulator_url()}/__emulator/{name}",
        data=dumps(body or {}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        if not 200 <= resp.status < 300:
            raise AssertionError(f"admin {name}: HTTP {resp.status}")
        return json.loads(resp.read() or b"null", parse_float=Decimal)


# ---------------------------------------------------------------- substitution and matching


def lookup(saved: Dict[str, Any], path: str) -> Any:
    parts = path.split(".")
    value = saved[parts[0]]
    for p in parts[1:]:
        value = value[int(p)] if isinstance(value, list) else value[p]
    return value


def as_string(v: Any) -> str:
    return v if isinstance(v, str) else dumps(v)


_EXACT = re.compile(r"^\$\{([^}|]+)(\|string)?\}$")
_INNER = re.compile(r"\$\{([^}|]+)(?:\|string)?\}")


def substitute(value: Any, saved: Dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {k: substitute(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, saved) for v in value]
    if isinstance(value, str):
        m = _EXACT.match(value)
        if m:
            v = lookup(saved, m.group(1))
            return as_string(v) if m.group(2) else v
        return _INNER.sub(lambda m: as_string(lookup(saved, m.group(1))), value)
    return value


def match(expected: Any, actual: Any, path: str = "$") -> Optional[str]:
    """None when `actual` matches `expected`, else where it does not."""
    if expected == "$any":
        return None if actual is not None else f"{path}: expected a value, got nothing"
    if expected == "$absent" or expected is None:
        return None if actual is None else f"{path}: expected absent, got {actual!r}"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            err = match(v, actual.get(k), f"{path}.{k}")
            if err:
                return err
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{path}: expected {len(expected)} items, got {actual!r}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            err = match(e, a, f"{path}[{i}]")
            if err:
                return err
        return None
    if isinstance(expected, bool) or isinstance(actual, bool):
        ok = isinstance(expected, bool) and isinstance(actual, bool) and expected == actual
    elif isinstance(expected, (int, float)):
        ok = isinstance(actual, (int, float)) and expected == actual
    else:
        ok = expected == actual
    return None if ok else f"{path}: expected {expected!r}, got {actual!r}"


# ---------------------------------------------------------------- SDK calls


def plain(options: Dict[str, Any]) -> Dict[str, Any]:
    """Options with fractions as floats, as a program writes them (the cases read them as
    Decimal, for the numbers of models)."""
    result: Dict[str, Any] = json.loads(dumps(options))
    return result


def build_client(overrides: Dict[str, Any]) -> Tuple[Optional[Authlete], Optional[BaseException]]:
    options = plain({"serverURL": emulator_url(), **BASE_OPTIONS, **overrides})
    kwargs = {CLIENT_KWARGS[k]: v for k, v in options.items()}
    try:
        return Authlete(**kwargs), None
    except AuthleteError as e:
        return None, e


def call_arguments(op_name: str, request: Dict[str, Any], options: Dict[str, Any]) -> Tuple[str, Dict[str, Any]]:
    method = snake(op_name.split(".", 1)[1])
    op = getattr(clients, "_OP_" + method.upper())
    kwargs: Dict[str, Any] = {}
    for key, value in request.items():
        name = snake(key)
        if op.body is not None and name == op.params[-1][0] and isinstance(value, dict):
            value = op.body.from_dict(value)  # the model, unknown fields kept in `extra`
        kwargs[name] = value
    # An absent required field is None in Python (omitting a required keyword argument is a
    # TypeError from Python itself, tested in test_validation.py).
    for name, _wire, _kind, required in op.params:
        if required and name not in kwargs:
            kwargs[name] = None
    headers: Dict[str, str] = {}
    for key, value in plain(options).items():
        if key == "abortAfterMs":
            continue
        if key == "fetchOptions":
            headers.update(value.get("headers") or {})
        elif key == "headers":
            headers.update(value)
        else:
            kwargs[OPTION_KWARGS[key]] = value
    if headers:
        kwargs["http_headers"] = headers
    return method, kwargs


def outcome_json(result: Any) -> Any:
    return result.to_dict() if isinstance(result, Model) else result


def run_call(sdk: Authlete, step: Dict[str, Any], use_async: bool) -> Tuple[Any, Optional[BaseException]]:
    options = step.get("options") or {}
    method, kwargs = call_arguments(step["call"], step.get("request") or {}, options)
    abort_ms = options.get("abortAfterMs")
    try:
        if abort_ms is not None:
            return asyncio.run(_abort_after(getattr(sdk.clients, method + "_async"), kwargs, abort_ms)), None
        if use_async:
            return asyncio.run(getattr(sdk.clients, method + "_async")(**kwargs)), None
        return getattr(sdk.clients, method)(**kwargs), None
    except (AuthleteError, Cancelled) as e:
        return None, e


class Cancelled(Exception):
    """The call was cancelled by task cancellation before it completed."""


async def _abort_after(fn: Any, kwargs: Dict[str, Any], ms: int) -> Any:
    task = asyncio.ensure_future(fn(**kwargs))
    await asyncio.sleep(ms / 1000)
    if task.done():
        return task.result()
    task.cancel()
    try:
        return await task
    except asyncio.CancelledError:
        raise Cancelled() from None


def error_kind(e: BaseException) -> str:
    return "RequestAbortedError" if isinstance(e, Cancelled) else type(e).__name__


def check_error(expected: Dict[str, Any], e: Optional[BaseException], result: Any) -> Optional[str]:
    if e is None:
        return f"expected {expected.get('kind')}, got a result {outcome_json(result)!r}"
    kind = error_kind(e)
    if kind != expected.get("kind"):
        return f"expected {expected.get('kind')}, got {kind}: {e}"
    if "status" in expected and getattr(e, "status_code", None) != expected["status"]:
        return f"expected status {expected['status']}, got {getattr(e, 'status_code', None)}: {e}"
    if "resultCode" in expected and getattr(e, "result_code", None) != expected["resultCode"]:
        return f"expected resultCode {expected['resultCode']}, got {getattr(e, 'result_code', None)}: {e}"
    if "field" in expected:
        f = getattr(e, "wire_field", None) or ""
        want = expected["field"]
        if not (f == want or f.startswith(want + ".") or f.startswith(want + "[")):
            return f"expected field {want}, got {f!r}: {e}"
    shown = " ".join(
        [str(e), repr(e), repr(e.args), str(getattr(e, "result_message", "")), "".join(traceback.format_exception(e))]
    )
    for secret in expected.get("messageExcludes", []):
        if secret in shown:
            return f"the error shows {secret!r}: {shown[:300]}"
    return None


def run_case(case: Dict[str, Any], use_async: bool = False) -> None:
    """Runs one case; raises AssertionError with the reason when it fails."""
    admin("reset")
    sdk, build_error = build_client(case.get("client") or {})
    saved: Dict[str, Any] = {}
    try:
        for i, raw in enumerate(case["steps"]):
            step = substitute(raw, saved)
            where = f"step {i + 1}"
            if "admin" in step:
                deadline = time.monotonic() + step.get("waitMs", 0) / 1000
                while True:
                    got = admin(step["admin"], step.get("body"))
                    err = match(step["expect"], got) if "expect" in step else None
                    if err is None or time.monotonic() >= deadline:
                        break
                    time.sleep(0.05)
                if err:
                    raise AssertionError(f"{where} (admin {step['admin']}): {err}")
                if "save" in step:
                    saved[step["save"]] = got
                continue
            if sdk is None:
                result, error = None, build_error
            else:
                result, error = run_call(sdk, step, use_async)
            expect = step["expect"]
            if "error" in expect:
                err = check_error(expect["error"], error, result)
            elif error is not None:
                err = f"unexpected {error_kind(error)}: {error}"
            elif expect.get("void"):
                err = None if result is None else f"expected no result, got {outcome_json(result)!r}"
            else:
                err = match(expect.get("result"), outcome_json(result))
            if err:
                raise AssertionError(f"{where} ({step['call']}): {err}")
            if "save" in step:
                saved[step["save"]] = outcome_json(result)
    finally:
        if sdk is not None:
            sdk.close()
