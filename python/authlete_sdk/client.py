"""The :class:`Authlete` client."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from types import TracebackType

from . import _native
from .clients import Clients
from .errors import from_native
from .options import retry_to_wire

TYPE_CHECKING = False  # as typing.TYPE_CHECKING; typing itself is not imported at run time (start-up time)
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Sequence, Type

    from .options import RetryArg

__all__ = ["Authlete", "SERVERS"]

SERVERS = ["https://us.authlete.com", "https://jp.authlete.com", "https://eu.authlete.com", "https://br.authlete.com"]
"""The Authlete servers, by ``server_idx``."""

_BINDING = f"python/{sys.version_info[0]}.{sys.version_info[1]}"


def _optional(name: str, value: Any, types: Any, label: str) -> Any:
    if value is not None and (isinstance(value, bool) and bool not in types or not isinstance(value, types)):
        raise TypeError(f"{name}: expected {label}, got {type(value).__name__}")
    return value


class Authlete:
    """An Authlete API client; safe to share between threads and usable from asyncio.

    Args:
        security: ``{"authlete": token}`` or ``{"bearer": token}``; else the environment's
            ``AUTHLETE_AUTHLETE`` or ``AUTHLETE_BEARER``.
        server_idx: 0..3 for us, jp, eu, br (the default is us).
        server: ``"us"``, ``"jp"``, ``"eu"`` or ``"br"``.
        server_url: any URL (a path prefix is kept); else ``AUTHLETE_SERVER_URL``.
        retry_config: a :class:`RetryConfig` or its dict form; the default is a safe backoff.
        retry_codes: statuses retried, e.g. ``["5XX", "429"]``.
        timeout_ms: the deadline of a call across retries (default 60 000).
        connect_timeout_ms: the connect timeout (default 10 000).
        user_agent: replaces the User-Agent.
        max_response_bytes: the cap on the decompressed size of a response body (default
            16 MiB); a larger body ends the call in :class:`ResponseValidationError`.
        ca_certificates: extra CA certificates (PEM text) trusted beside the operating
            system's store, e.g. a corporate proxy's.
        client_certificate: a client certificate chain (PEM text) for mutual TLS, with
            ``client_key`` (its private key, PEM text; never shown).
        proxy: an HTTP(S) proxy URL for every request, instead of the environment's
            ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY`` (its credentials are never shown).

    Example::

        with Authlete(security={"bearer": token}) as authlete:
            client = authlete.clients.get(service_id="715948317", client_id="1140735077")
    """

    clients: Clients

    def __init__(
        self,
        security: Optional[Mapping[str, str]] = None,
        server_idx: Optional[int] = None,
        server: Optional[str] = None,
        server_url: Optional[str] = None,
        retry_config: Optional[RetryArg] = None,
        timeout_ms: Optional[int] = None,
        user_agent: Optional[str] = None,
        *,
        connect_timeout_ms: Optional[int] = None,
        retry_codes: Optional[Sequence[str]] = None,
        max_response_bytes: Optional[int] = None,
        ca_certificates: Optional[str] = None,
        client_certificate: Optional[str] = None,
        client_key: Optional[str] = None,
        proxy: Optional[str] = None,
    ) -> None:
        opts: Dict[str, Any] = {}
        if security is not None:
            if not isinstance(security, Mapping):
                raise TypeError(f"security: expected a dict like {{'bearer': token}}, got {type(security).__name__}")
            opts["security"] = dict(security)
        for name, wire, value, types, label in (
            ("server_idx", "serverIdx", server_idx, (int,), "int"),
            ("server", "server", server, (str,), "str"),
            ("server_url", "serverURL", server_url, (str,), "str"),
            ("timeout_ms", "timeoutMs", timeout_ms, (int,), "int"),
            ("connect_timeout_ms", "connectTimeoutMs", connect_timeout_ms, (int,), "int"),
            ("user_agent", "userAgent", user_agent, (str,), "str"),
            ("max_response_bytes", "maxResponseBytes", max_response_bytes, (int,), "int"),
            ("ca_certificates", "caCertificates", ca_certificates, (str,), "str"),
            ("client_certificate", "clientCertificate", client_certificate, (str,), "str"),
            ("client_key", "clientKey", client_key, (str,), "str"),
            ("proxy", "proxy", proxy, (str,), "str"),
        ):
            if _optional(name, value, types, label) is not None:
                opts[wire] = value
        if retry_config is not None:
            opts["retryConfig"] = retry_to_wire(retry_config, "retry_config")
        if retry_codes is not None:
            if isinstance(retry_codes, str):
                raise TypeError("retry_codes: expected a list of str, got str")
            opts["retryCodes"] = list(retry_codes)
        native, err = _native.NativeClient.create(json.dumps(opts).encode(), _BINDING)
        if native is None:
            raise from_native(err)
        self._native: Optional[_native.NativeClient] = native
        self.clients = Clients(self)

    def _client(self) -> _native.NativeClient:
        native = self._native
        if native is None:
            raise RuntimeError("this Authlete client is closed")
        return native

    @property
    def server_url(self) -> str:
        """The server URL calls are sent to."""
        return self._client().server_url

    @property
    def user_agent(self) -> str:
        """The User-Agent sent with every call."""
        return self._client().user_agent

    def close(self) -> None:
        """Releases the client (its connection pool); later calls raise RuntimeError."""
        self._native = None

    def __enter__(self) -> Authlete:
        return self

    def __exit__(
        self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    async def __aenter__(self) -> Authlete:
        return self

    async def __aexit__(
        self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._native is None:
            return "Authlete(closed)"
        return f"Authlete(server_url={self._native.server_url!r}, security=***)"
