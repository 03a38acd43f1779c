"""Small helpers for the library's own tests (the emulator's admin API)."""

from __future__ import annotations

import time
from typing import Any, Callable

from cases_runner import admin, emulator_url

from authlete_sdk import Authlete

SERVICE = "s1"
TOKEN = "test-token-not-to-be-logged"


def sdk(**kw: Any) -> Authlete:
    kw.setdefault("security", {"bearer": TOKEN})
    kw.setdefault("server_url", emulator_url())
    return Authlete(**kw)


def wait_for(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Polls `check` until it returns a truthy value (the emulator notices closes async)."""
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.05)


def seed_clients(n: int, service: str = SERVICE) -> list:
    clients = [{"clientId": 10_000_000_000_001 + i, "clientName": f"c{i}"} for i in range(n)]
    return admin("seed", {"serviceId": service, "clients": clients})["clients"]


__all__ = ["admin", "emulator_url", "sdk", "wait_for", "seed_clients", "SERVICE", "TOKEN"]
