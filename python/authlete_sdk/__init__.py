"""Authlete client-management SDK for Python, on a Rust core.

    from authlete_sdk import Authlete

    with Authlete(security={"bearer": "<token>"}) as authlete:
        client = authlete.clients.get(service_id="715948317", client_id="1140735077")
        print(client.client_name)
"""

from . import _native, errors, models
from .client import SERVERS, Authlete
from .clients import Clients
from .errors import (
    AuthleteDefaultError,
    AuthleteError,
    ConnectionError,
    RequestAbortedError,
    RequestTimeoutError,
    ResponseValidationError,
    ResultError,
    SDKValidationError,
)
from .options import BackoffStrategy, RetryConfig
from .pagination import AsyncPageIterator, PageIterator

__version__: str = _native.__version__

__all__ = [
    "Authlete",
    "Clients",
    "SERVERS",
    "RetryConfig",
    "BackoffStrategy",
    "PageIterator",
    "AsyncPageIterator",
    "errors",
    "models",
    "AuthleteError",
    "ResultError",
    "AuthleteDefaultError",
    "ResponseValidationError",
    "SDKValidationError",
    "ConnectionError",
    "RequestTimeoutError",
    "RequestAbortedError",
]
