"""The exceptions of the SDK; every one is a subclass of :class:`AuthleteError`.

=========================  ==================================================================
``ResultError``            400/401/403/500 with an Authlete result (``result_code``, ...)
``AuthleteDefaultError``   any other error status, a non-JSON error body, an unexpected status
``ResponseValidationError`` a success body that does not fit the model (``reason``)
``SDKValidationError``     bad input refused before any I/O (``field``, ``reason``)
``ConnectionError``        the connection failed or broke
``RequestTimeoutError``    the call's deadline passed (across retries)
``RequestAbortedError``    the call was cancelled
=========================  ==================================================================
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING; typing itself is not imported at run time (start-up time)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple, Type

__all__ = [
    "AuthleteError",
    "ResultError",
    "AuthleteDefaultError",
    "ResponseValidationError",
    "SDKValidationError",
    "ConnectionError",
    "RequestTimeoutError",
    "RequestAbortedError",
]


class AuthleteError(Exception):
    """Base class of every error the SDK raises for a call.

    Attributes:
        message: what happened (never contains a secret).
        status_code: the HTTP status, when the server answered.
        content_type: the response's Content-Type, when the server answered.
        body: the response body as text, when the server answered.
        headers: the response headers (lower-case names), when the server answered.
    """

    message: str
    status_code: Optional[int]
    content_type: Optional[str]
    body: Optional[str]
    headers: Dict[str, str]
    raw_headers: List[Tuple[str, str]]

    def __init__(
        self,
        message: str,
        *,
        status_code: Optional[int] = None,
        content_type: Optional[str] = None,
        body: Optional[str] = None,
        headers: Optional[List[Tuple[str, str]]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.content_type = content_type
        self.body = body
        self.raw_headers = list(headers or [])
        merged: Dict[str, str] = {}
        for k, v in self.raw_headers:
            merged[k] = f"{merged[k]}, {v}" if k in merged else v
        self.headers = merged

    def __str__(self) -> str:
        return self.message


class ResultError(AuthleteError):
    """Authlete answered 400, 401, 403 or 500 with a result: ``result_code`` (e.g. ``A001202``)
    and ``result_message``."""

    result_code: Optional[str]
    result_message: Optional[str]

    def __init__(
        self, message: str, *, result_code: Optional[str] = None, result_message: Optional[str] = None, **kw: Any
    ) -> None:
        super().__init__(message, **kw)
        self.result_code = result_code
        self.result_message = result_message


class AuthleteDefaultError(AuthleteError):
    """Any other error status, a non-JSON error body, or an unexpected status."""


class ResponseValidationError(AuthleteError):
    """A success response whose body does not fit the model; ``reason`` says why."""

    reason: Optional[str]

    def __init__(self, message: str, *, reason: Optional[str] = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.reason = reason


class SDKValidationError(AuthleteError, TypeError, ValueError):
    """Bad input, refused before any request was sent (also a TypeError and a ValueError, so
    misuse caught in Python reads naturally). ``field`` is the Python name of the
    argument at fault (a dotted path such as ``client.client_name``), ``wire_field`` the
    same path in the API's camelCase."""

    field: Optional[str]
    wire_field: Optional[str]
    reason: Optional[str]

    def __init__(
        self,
        message: str,
        *,
        field: Optional[str] = None,
        wire_field: Optional[str] = None,
        reason: Optional[str] = None,
        **kw: Any,
    ) -> None:
        super().__init__(message, **kw)
        self.field = field
        self.wire_field = wire_field
        self.reason = reason


class _TransportError(AuthleteError):
    reason: Optional[str]
    attempts: Optional[int]

    def __init__(self, message: str, *, reason: Optional[str] = None, attempts: Optional[int] = None, **kw: Any):
        super().__init__(message, **kw)
        self.reason = reason
        self.attempts = attempts


class ConnectionError(_TransportError):  # noqa: A001 - the official TypeScript SDK's name
    """The connection could not be made or broke (``attempts`` tells how many were made)."""


class RequestTimeoutError(_TransportError):
    """The call's deadline passed, across all attempts."""


class RequestAbortedError(_TransportError):
    """The call was cancelled by its caller (e.g. ``task.cancel()`` or an asyncio timeout)."""


_KINDS: Dict[str, Type[AuthleteError]] = {
    "ResultError": ResultError,
    "AuthleteDefaultError": AuthleteDefaultError,
    "ResponseValidationError": ResponseValidationError,
    "SDKValidationError": SDKValidationError,
    "ConnectionError": ConnectionError,
    "RequestTimeoutError": RequestTimeoutError,
    "RequestAbortedError": RequestAbortedError,
}


def _snake(s: str) -> str:
    """camelCase -> snake_case: `_` before an upper-case letter that follows a lower-case
    letter or digit, or that starts a word after an acronym (`clientIDAlias` -> `client_id_alias`)."""
    upper, lower, digit = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789"
    out = []
    for i, ch in enumerate(s):
        if i > 0 and ch in upper:
            prev = s[i - 1]
            nxt = s[i + 1] if i + 1 < len(s) else ""
            if prev in lower or prev in digit or (prev in upper and nxt != "" and nxt in lower):
                out.append("_")
        out.append(ch)
    return "".join(out).lower()


def _snake_path(path: str) -> str:
    return ".".join(_snake(p) for p in path.split("."))


def _strip_kind(message: str) -> str:
    """The message without a leading `SomethingError: ` (the kind is the exception's class)."""
    head, sep, rest = message.partition("Error: ")
    if sep and head and head.replace("_", "a").isalnum():
        return rest
    return message


def from_native(info: Tuple[Any, ...]) -> AuthleteError:
    """The exception for the native module's error tuple."""
    kind, message, status, ctype, body, headers, code, result_message, field, reason, attempts = info
    message = _strip_kind(message)
    common: Dict[str, Any] = {"status_code": status, "content_type": ctype, "body": body, "headers": headers}
    if kind == "ResultError":
        return ResultError(message, result_code=code, result_message=result_message, **common)
    if kind == "SDKValidationError":
        snake = _snake_path(field) if field else field
        if snake and field:
            message = f"{snake}: {reason}"
        return SDKValidationError(message, field=snake, wire_field=field, reason=reason, **common)
    if kind == "ResponseValidationError":
        return ResponseValidationError(message, reason=reason, **common)
    cls = _KINDS.get(kind, AuthleteDefaultError)
    if issubclass(cls, _TransportError):
        return cls(message, reason=reason, attempts=attempts, **common)
    return cls(message, **common)
