"""What every operation goes through: per-call options, the native call (sync with the GIL
released, or async and cancellable), logs, errors and the result model. The native module
reads the arguments into the core's request itself, checking each as it goes (a bad one is an
SDKValidationError naming it, before anything is sent). The operations themselves are
generated (clients.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from . import _native
from . import logging as _logging
from ._calls import await_native, main_thread, result_of
from .models import Client, ClientLimited, Model, OpenEnum
from .options import retry_to_wire
from .pagination import AsyncPageIterator, PageIterator

TYPE_CHECKING = False  # as typing.TYPE_CHECKING; typing itself is not imported at run time (start-up time)
if TYPE_CHECKING:
    from typing import Any, Dict, Optional, Protocol, Sequence, Tuple, Type

    from .options import RetryArg

    class _Sdk(Protocol):
        """What the operations need of :class:`authlete_sdk.Authlete` (imported by it)."""

        def _client(self) -> _native.NativeClient: ...

__all__ = ["ClientsBase", "Op"]


class Op:
    """An operation: its name, its request fields (python name, wire name, kind, required),
    in the order its arguments are passed to the native module, and the body model. The
    result arrives as its model object from the native module."""

    __slots__ = ("name", "params", "body")

    def __init__(self, name: str, params: Tuple[Tuple[str, str, str, bool], ...], body: Optional[Type[Model]]) -> None:
        self.name = name
        self.params = params
        self.body = body


def _register_models() -> None:
    """Hands the model and enum classes to the native module, which builds results as these
    objects directly from the core's typed models."""
    from . import models

    classes = [getattr(models, name) for name in models.__all__]
    _native.register_models(
        {c.__name__: c for c in classes if isinstance(c, type) and issubclass(c, Model) and c is not Model},
        {c.__name__: c for c in classes if isinstance(c, type) and issubclass(c, OpenEnum) and c is not OpenEnum},
    )


_register_models()


class ClientsBase:
    """Shared machinery of :class:`authlete_sdk.clients.Clients`."""

    __slots__ = ("_sdk",)

    def __init__(self, sdk: _Sdk) -> None:
        self._sdk = sdk

    @staticmethod
    def _options(
        retries: Optional[RetryArg] = None,
        retry_codes: Optional[Sequence[str]] = None,
        server_url: Optional[str] = None,
        timeout_ms: Optional[int] = None,
        http_headers: Optional[Mapping[str, str]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> Optional[bytes]:
        opts: Dict[str, Any] = {}
        if retries is not None:
            opts["retries"] = retry_to_wire(retries, "retries")
        if retry_codes is not None:
            if isinstance(retry_codes, str):
                raise TypeError("retry_codes: expected a list of str, got str")
            opts["retryCodes"] = list(retry_codes)
        if server_url is not None:
            opts["serverURL"] = server_url
        for name, wire, value in (
            ("timeout_ms", "timeoutMs", timeout_ms),
            ("max_response_bytes", "maxResponseBytes", max_response_bytes),
        ):
            if value is not None:
                if isinstance(value, bool) or not isinstance(value, int):
                    raise TypeError(f"{name}: expected int, got {type(value).__name__}")
                opts[wire] = value
        if http_headers is not None:
            if not isinstance(http_headers, Mapping):
                raise TypeError(f"http_headers: expected a dict, got {type(http_headers).__name__}")
            opts["headers"] = dict(http_headers)
        return json.dumps(opts).encode() if opts else None

    def _call(self, op: Op, args: Tuple[Any, ...], options: Optional[bytes]) -> Any:
        """Runs `op` with its arguments (in the order of ``op.params``)."""
        native = self._sdk._client()
        _logging.prepare()
        outcome = native.call(op.name, args, options, main_thread())
        return result_of(outcome)

    async def _call_async(self, op: Op, args: Tuple[Any, ...], options: Optional[bytes]) -> Any:
        native = self._sdk._client()
        log_context = _logging.prepare()
        outcome = await await_native(lambda inbox: native.call_async(op.name, args, options, inbox, log_context))
        return result_of(outcome)

    # ------------------------------------------------------------ pagination

    def list_all(
        self, *, service_id: str, developer: Optional[str] = None, page_size: int = 100
    ) -> PageIterator[Client]:
        """Every client of a service (optionally of one developer), fetched ``page_size``
        at a time as the iterator is consumed."""
        return PageIterator(Client, self._clients_pager(service_id, developer, page_size))

    def list_all_async(
        self, *, service_id: str, developer: Optional[str] = None, page_size: int = 100
    ) -> AsyncPageIterator[Client]:
        """Async twin of :meth:`list_all` (``async for client in ...``)."""
        return AsyncPageIterator(Client, self._clients_pager(service_id, developer, page_size))

    def authorized_applications_all(
        self, *, service_id: str, subject: str, developer: Optional[str] = None, page_size: int = 100
    ) -> PageIterator[ClientLimited]:
        """Every client application that ``subject`` authorized, ``page_size`` at a time."""
        return PageIterator(ClientLimited, self._apps_pager(service_id, subject, developer, page_size))

    def authorized_applications_all_async(
        self, *, service_id: str, subject: str, developer: Optional[str] = None, page_size: int = 100
    ) -> AsyncPageIterator[ClientLimited]:
        """Async twin of :meth:`authorized_applications_all`."""
        return AsyncPageIterator(ClientLimited, self._apps_pager(service_id, subject, developer, page_size))

    @staticmethod
    def _page_args(service_id: Any, developer: Any, page_size: Any) -> None:
        if not isinstance(service_id, str):
            raise TypeError(f"service_id: expected str, got {type(service_id).__name__}")
        if developer is not None and not isinstance(developer, str):
            raise TypeError(f"developer: expected str, got {type(developer).__name__}")
        if isinstance(page_size, bool) or not isinstance(page_size, int):
            raise TypeError(f"page_size: expected int, got {type(page_size).__name__}")
        if not 1 <= page_size <= 2**31 - 1:
            raise ValueError("page_size: must be between 1 and 2**31-1")

    def _clients_pager(self, service_id: str, developer: Optional[str], page_size: int) -> _native.Pager:
        self._page_args(service_id, developer, page_size)
        return _native.Pager.clients(self._sdk._client(), service_id, developer, page_size)

    def _apps_pager(
        self, service_id: str, subject: str, developer: Optional[str], page_size: int
    ) -> _native.Pager:
        self._page_args(service_id, developer, page_size)
        if not isinstance(subject, str):
            raise TypeError(f"subject: expected str, got {type(subject).__name__}")
        return _native.Pager.authorized_applications(self._sdk._client(), service_id, subject, developer, page_size)
