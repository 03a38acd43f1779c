"""Bridges the core's events to the ``authlete_sdk`` logger: one INFO line per call
(operation, status, attempts, duration, error kind), DEBUG lines per attempt. Secrets are
never part of them. Records are queued by the native module and emitted here, on the
calling thread, right after each call."""

from __future__ import annotations

import logging
from typing import Any, Dict

from . import _native

logger = logging.getLogger("authlete_sdk")

__all__ = ["logger", "flush"]


def flush() -> None:
    """Emits the records the native module queued."""
    records = _native.drain_logs()
    debug = logger.isEnabledFor(logging.DEBUG)
    _native.set_log_debug(debug)
    for level, message, fields in records:
        if not logger.isEnabledFor(level):
            continue
        data: Dict[str, Any] = dict(fields)
        text = " ".join([message, *(f"{k}={v}" for k, v in fields)])
        logger.log(level, "%s", text, extra={"authlete": data})
