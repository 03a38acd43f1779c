"""Bridges the core's events to the ``authlete_sdk`` logger: one INFO line per call
(operation, status, attempts, duration, error kind), DEBUG lines per attempt. Secrets are
never part of them. Records are queued by the native module and emitted here, on the
calling thread, right after each call; before each call, `prepare` tells the native module
the logger's level, and records below it are not made at all.

The standard ``logging`` package is imported only once the application has imported it
(``import authlete_sdk`` stays fast): until then nothing is configured, so the root level
(WARNING) applies and the INFO/DEBUG records of the core would be dropped anyway."""

from __future__ import annotations

import sys

from . import _native

TYPE_CHECKING = False  # as typing.TYPE_CHECKING; typing itself is not imported at run time (start-up time)
if TYPE_CHECKING:
    import logging
    from typing import Any, Dict

# `logger` (the `authlete_sdk` logger) is made on first use, see `__getattr__`.
__all__ = ["flush", "prepare"]

_WARNING = 30


def __getattr__(name: str) -> Any:
    if name == "logger":
        return _logger()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_cached: logging.Logger | None = None


def _logger() -> logging.Logger:
    # Looked up once: `prepare` runs before every call, and `logging.getLogger` takes the
    # logging module's lock each time (a logger, once made, is never replaced).
    global _cached
    if _cached is None:
        import logging

        _cached = logging.getLogger("authlete_sdk")
    return _cached


def prepare() -> None:
    """Tells the native module, before a call, which records the ``authlete_sdk`` logger
    would emit, so that it does not even format the others."""
    _native.set_log_level(_logger().getEffectiveLevel() if "logging" in sys.modules else _WARNING)


def flush() -> None:
    """Emits the records the native module queued."""
    records = _native.drain_logs()
    if not records:
        return
    logger = _logger()
    for level, message, fields in records:
        if not logger.isEnabledFor(level):
            continue
        data: Dict[str, Any] = dict(fields)
        text = " ".join([message, *(f"{k}={v}" for k, v in fields)])
        logger.log(level, "%s", text, extra={"authlete": data})
