"""Bridges the core's events to the ``authlete_sdk`` logger: one INFO line per call
(operation, status, attempts, duration, error kind), DEBUG lines per attempt. Secrets are
never part of them. Records are queued by the native module and emitted here, on the
calling thread, right after each call.

The standard ``logging`` package is imported only once the application has imported it
(``import authlete_sdk`` stays fast): until then nothing is configured, so the root level
(WARNING) applies and the INFO/DEBUG records of the core would be dropped anyway."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Dict

from . import _native

if TYPE_CHECKING:
    import logging

# `logger` (the `authlete_sdk` logger) is made on first use, see `__getattr__`.
__all__ = ["flush"]

_WARNING = 30


def __getattr__(name: str) -> Any:
    if name == "logger":
        return _logger()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _logger() -> logging.Logger:
    import logging

    return logging.getLogger("authlete_sdk")


def flush() -> None:
    """Emits the records the native module queued."""
    records = _native.drain_logs()
    if "logging" not in sys.modules and all(level < _WARNING for level, _, _ in records):
        _native.set_log_debug(False)
        return
    logger = _logger()
    debug = logger.isEnabledFor(10)  # logging.DEBUG
    _native.set_log_debug(debug)
    for level, message, fields in records:
        if not logger.isEnabledFor(level):
            continue
        data: Dict[str, Any] = dict(fields)
        text = " ".join([message, *(f"{k}={v}" for k, v in fields)])
        logger.log(level, "%s", text, extra={"authlete": data})
