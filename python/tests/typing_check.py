"""Type-checked by `mypy --strict` in `make test-python`: the public API as users write it."""

from __future__ import annotations

import asyncio
from typing import List, Optional

from authlete_sdk import Authlete, BackoffStrategy, RetryConfig
from authlete_sdk.errors import AuthleteError, ResultError
from authlete_sdk.models import Client, ClientGetListResponse, ClientType


def sync_usage(a: Authlete) -> Optional[str]:
    c: Client = a.clients.get(service_id="1", client_id="2", timeout_ms=500, http_headers={"X-A": "b"})
    page: ClientGetListResponse = a.clients.get_list(service_id="1", start=0, end=5)
    names: List[Optional[str]] = [x.client_name for x in page.clients or []]
    c2 = Client(c, client_type=ClientType.PUBLIC)
    a.clients.update(service_id="1", client_id="2", client=c2)
    a.clients.update_lock_flag(
        service_id="1", client_identifier="2", client_flag_update_request={"client_locked": True}
    )
    a.clients.delete(service_id="1", client_id="2")
    for item in a.clients.list_all(service_id="1", page_size=10):
        names.append(item.client_name)
    try:
        a.clients.rotate_secret(service_id="1", client_identifier="2")
    except ResultError as e:
        return e.result_code
    except AuthleteError as e:
        return str(e.status_code)
    return names[0] if names else None


async def async_usage(a: Authlete) -> int:
    c = await a.clients.get_async(service_id="1", client_id="2")
    n = 0
    async for _ in a.clients.authorized_applications_all_async(service_id="1", subject="john"):
        n += 1
    return n + (c.number or 0)


def main() -> None:
    retry = RetryConfig("backoff", BackoffStrategy(10, 100, 1.5, 1000), True)
    with Authlete(security={"authlete": "t"}, server_url="http://127.0.0.1:1", retry_config=retry) as a:
        print(sync_usage, asyncio.iscoroutinefunction(async_usage), a)
