"""Bridges the core's events to the ``authlete_sdk`` logger: one line per call (operation,
status, attempts, duration, error kind; INFO, or WARNING when the network, the deadline, a
response that breaks the contract or the SDK itself failed it), DEBUG lines per attempt
(status, wait before a retry). Secrets are never part of them.

Records are emitted as they happen, at their level. A sync call's records are emitted on the
calling thread, while the call goes on; an async call's on the event loop's thread, in the
contextvars the awaiting coroutine had when it made the call. Each record carries the event's
fields in ``record.authlete`` (a dict). Before each call, `prepare` tells the native module
the logger's level, and records below it are not made at all.

The standard ``logging`` package is imported only once the application has imported it
(``import authlete_sdk`` stays fast): until then nothing is configured, and no record is made."""

from __future__ import annotations

import sys

from . import _native

TYPE_CHECKING = False  # as typing.TYPE_CHECKING; typing itself is not imported at run time (start-up time)
if TYPE_CHECKING:
    import contextvars
    import logging
    from typing import Any, Dict, List, Optional, Tuple

# `logger` (the `authlete_sdk` logger) is made on first use, see `__getattr__`.
__all__ = ["prepare"]

_ERROR = 40
# Above every level: no record is made.
_OFF = 255


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


def prepare() -> Optional[contextvars.Context]:
    """Tells the native module, before a call, which records the ``authlete_sdk`` logger
    would emit, so that it does not even format the others. Returns the caller's contextvars
    for an async call's records, or None when the logger would emit none."""
    if "logging" not in sys.modules:
        _native.set_log_level(_OFF)
        return None
    level = _logger().getEffectiveLevel()
    _native.set_log_level(level)
    if level > _ERROR:
        return None
    import contextvars

    return contextvars.copy_context()


def _emit(level: int, message: str, fields: List[Tuple[str, str]]) -> None:
    """Emits one record of the native module (called by it, as the event happens)."""
    logger = _logger()
    if not logger.isEnabledFor(level):
        return
    data: Dict[str, Any] = dict(fields)
    text = " ".join([message, *(f"{k}={v}" for k, v in fields)])
    logger.log(level, "%s", text, extra={"authlete": data})
