"""What the exception classes of :mod:`authlete_sdk.errors` share, by family: every error
(:class:`AuthleteError`: the message and, when the server answered, its response), input
refused before any I/O, and failures without a response (the transport or the SDK itself).
The classes of the kinds themselves are generated from the core's list of kinds."""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING; typing itself is not imported at run time (start-up time)
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple, Type, TypeVar

    _E = TypeVar("_E", bound="AuthleteError")


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
    # The names of what the kind carries beyond these, read from the native error record.
    _CARRIES: Tuple[str, ...] = ()

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

    @classmethod
    def _from_record(cls: Type[_E], record: Any) -> _E:
        return cls._build(record.message, record, cls._carried(record))

    @classmethod
    def _carried(cls, record: Any) -> Dict[str, Any]:
        """What the kind carries beyond the response, read from the native record."""
        return {name: getattr(record, name) for name in cls._CARRIES}

    @classmethod
    def _build(cls: Type[_E], message: str, record: Any, kw: Dict[str, Any]) -> _E:
        return cls(
            message,
            status_code=record.status,
            content_type=record.content_type,
            body=record.body,
            headers=record.headers,
            **kw,
        )


class _InputError(AuthleteError, TypeError, ValueError):
    """Input refused before any I/O; also a TypeError and a ValueError, so that misuse caught
    in Python reads naturally. ``field`` is the Python name of the argument at fault (a dotted
    path such as ``client.client_name``), ``wire_field`` the same path in the API's camelCase."""

    wire_field: Optional[str]

    def __init__(self, message: str, *, wire_field: Optional[str] = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.wire_field = wire_field

    @classmethod
    def _from_record(cls: Type[_E], record: Any) -> _E:
        kw = cls._carried(record)
        message = record.message
        if record.field:
            kw["wire_field"] = record.field
            kw["field"] = _snake_path(record.field)
            message = f"{kw['field']}: {record.reason}"
        return cls._build(message, record, kw)


class _ClientError(AuthleteError):
    """No response: the transport failed, the call was cancelled or timed out, or the SDK
    itself failed."""


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
