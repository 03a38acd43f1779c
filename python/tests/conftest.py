"""Shared fixtures, and the closing count line of the shared cases: a case that was not
executed counts as failed and fails the run."""

from __future__ import annotations

import os
from typing import Any, Dict

import pytest
from cases_runner import load_cases

# Cases never read tokens from the environment.
os.environ.pop("AUTHLETE_AUTHLETE", None)
os.environ.pop("AUTHLETE_BEARER", None)

CASE_NAMES = [c["name"] for c in load_cases()]
_outcomes: Dict[str, str] = {}
_collected = {"cases": False}


def pytest_collection_modifyitems(session: Any, config: Any, items: Any) -> None:
    _collected["cases"] = any(i.nodeid.split("::")[0].endswith("test_cases.py") for i in items)


def pytest_runtest_logreport(report: Any) -> None:
    if "test_cases.py::test_case[" not in report.nodeid:
        return
    name = report.nodeid.split("test_case[", 1)[1][:-1]
    if report.when == "call" or report.outcome != "passed":
        prev = _outcomes.get(name)
        _outcomes[name] = "failed" if prev == "failed" or report.outcome != "passed" else "passed"


def _counts() -> Dict[str, int]:
    passed = sum(1 for n in CASE_NAMES if _outcomes.get(n) == "passed")
    return {"passed": passed, "failed": len(CASE_NAMES) - passed}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _collected["cases"]:
        c = _counts()
        terminalreporter.write_line(f"python cases: {c['passed']} passed, {c['failed']} failed")


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    if _collected["cases"] and _counts()["failed"] and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def emulator() -> str:
    from cases_runner import emulator_url

    return emulator_url()


@pytest.fixture(autouse=True)
def _fresh_emulator() -> None:
    """Every test starts from an empty emulator (state, faults and log)."""
    from cases_runner import admin

    admin("reset")
