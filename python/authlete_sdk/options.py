"""Retry configuration, in the official TypeScript SDK's shape (``RetryConfig("backoff", BackoffStrategy(...),
retry_connection_errors)``); dicts in the wire form (``{"strategy": "backoff", ...}``) are
accepted wherever a RetryConfig is."""

from __future__ import annotations

from collections.abc import Mapping

TYPE_CHECKING = False  # as typing.TYPE_CHECKING; typing itself is not imported at run time (start-up time)
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Union

__all__ = ["BackoffStrategy", "RetryConfig", "RetryArg", "retry_to_wire"]


class BackoffStrategy:
    """Exponential backoff; all times in milliseconds."""

    __slots__ = ("initial_interval", "max_interval", "exponent", "max_elapsed_time")

    def __init__(self, initial_interval: int, max_interval: int, exponent: float, max_elapsed_time: int) -> None:
        self.initial_interval = initial_interval
        self.max_interval = max_interval
        self.exponent = exponent
        self.max_elapsed_time = max_elapsed_time

    def to_dict(self) -> Dict[str, Any]:
        return {
            "initialInterval": self.initial_interval,
            "maxInterval": self.max_interval,
            "exponent": self.exponent,
            "maxElapsedTime": self.max_elapsed_time,
        }

    def __repr__(self) -> str:
        return (
            f"BackoffStrategy(initial_interval={self.initial_interval}, max_interval={self.max_interval}, "
            f"exponent={self.exponent}, max_elapsed_time={self.max_elapsed_time})"
        )


class RetryConfig:
    """``strategy`` is ``"backoff"`` or ``"none"``. The default of the SDK is a safe backoff:
    failures where the server never processed the request are retried for every operation,
    ambiguous ones only for operations that are idempotent in effect (all but ``create``)."""

    __slots__ = ("strategy", "backoff", "retry_connection_errors")

    def __init__(
        self,
        strategy: str,
        backoff: Optional[BackoffStrategy] = None,
        retry_connection_errors: Optional[bool] = None,
    ) -> None:
        self.strategy = strategy
        self.backoff = backoff
        self.retry_connection_errors = retry_connection_errors

    def to_dict(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"strategy": self.strategy}
        if self.backoff is not None:
            out["backoff"] = self.backoff.to_dict()
        if self.retry_connection_errors is not None:
            out["retryConnectionErrors"] = self.retry_connection_errors
        return out

    def __repr__(self) -> str:
        return (
            f"RetryConfig(strategy={self.strategy!r}, backoff={self.backoff!r}, "
            f"retry_connection_errors={self.retry_connection_errors!r})"
        )


if TYPE_CHECKING:
    RetryArg = Union[RetryConfig, Mapping[str, Any]]
    """A retry argument: a RetryConfig, or a dict in the wire form."""


def __getattr__(name: str) -> object:
    # `RetryArg` for code that reads it at run time, built only then (it needs typing).
    if name == "RetryArg":
        from typing import Any, Union

        return Union[RetryConfig, Mapping[str, Any]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def retry_to_wire(value: Optional[RetryArg], name: str) -> Optional[Any]:
    """The wire form of a retry argument (the core validates the content)."""
    if value is None:
        return None
    if isinstance(value, RetryConfig):
        return value.to_dict()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{name}: expected RetryConfig or dict, got {type(value).__name__}")
