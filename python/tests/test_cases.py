"""Every shared case (tests/cases), through the SDK's Python idiom. Odd-numbered cases use
the ``*_async`` methods, the others the sync ones."""

from __future__ import annotations

from typing import Any, Dict

import pytest
from cases_runner import load_cases, run_case

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: Dict[str, Any]) -> None:
    run_case(case, use_async=CASES.index(case) % 2 == 1)
