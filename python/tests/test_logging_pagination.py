"""Logging through `logging` (one line per call, no secrets) and the pagination iterators."""

from __future__ import annotations

import asyncio
import logging

import pytest
from helpers import SERVICE, TOKEN, admin, sdk, seed_clients

from authlete_sdk import AsyncPageIterator, PageIterator, RetryConfig, _native
from authlete_sdk import logging as _logging
from authlete_sdk.errors import ResultError
from authlete_sdk.models import Client, ClientLimited


def test_one_info_line_per_call_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    a = sdk(retry_config=RetryConfig("none"))
    seed_clients(1)
    caplog.set_level(logging.INFO, logger="authlete_sdk")
    c = a.clients.get(service_id=SERVICE, client_id="10000000000001")
    assert c.client_secret, "the secret came back"
    with pytest.raises(ResultError):
        a.clients.get(service_id=SERVICE, client_id="999")
    records = [r for r in caplog.records if r.name == "authlete_sdk" and r.levelno == logging.INFO]
    assert len(records) == 2, [r.getMessage() for r in caplog.records]
    ok, failed = records
    assert ok.getMessage().startswith("call succeeded")
    assert ok.authlete["operation"] == "clients.get"  # type: ignore[attr-defined]
    assert ok.authlete["status"] == "200" and ok.authlete["attempts"] == "1"  # type: ignore[attr-defined]
    assert "duration_ms" in ok.authlete  # type: ignore[attr-defined]
    assert "call failed" in failed.getMessage() and "status=400" in failed.getMessage()
    assert "error=ResultError" in failed.getMessage()
    text = " ".join(r.getMessage() for r in caplog.records)
    assert TOKEN not in text and c.client_secret not in text


def test_debug_lines_per_attempt_only_when_enabled(caplog: pytest.LogCaptureFixture) -> None:
    a = sdk()
    admin("fault", {"op": "clients.getList", "status": 503, "times": 1})
    caplog.set_level(logging.DEBUG, logger="authlete_sdk")
    a.clients.get_list(service_id=SERVICE)  # the first call switches per-attempt events on
    admin("fault", {"op": "clients.getList", "status": 503, "times": 1})
    caplog.clear()
    a.clients.get_list(service_id=SERVICE)
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any("retrying" in m for m in debug), debug
    assert len(info) == 1 and "attempts=2" in info[0]


def test_nothing_is_logged_when_the_logger_is_quiet(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="authlete_sdk")
    sdk().clients.get_list(service_id=SERVICE)
    assert [r for r in caplog.records if r.name == "authlete_sdk"] == []


def test_list_all_pages_lazily_through_every_client() -> None:
    seed_clients(7)
    it = sdk().clients.list_all(service_id=SERVICE, page_size=3)
    assert isinstance(it, PageIterator)
    first = next(it)
    assert isinstance(first, Client) and first.client_name == "c0"
    assert admin("log", {"op": "clients.getList"})["count"] == 1, "only the first page was fetched"
    rest = list(it)
    assert [c.client_name for c in [first, *rest]] == [f"c{i}" for i in range(7)]
    queries = [r["query"] for r in admin("log", {"op": "clients.getList"})["requests"]]
    assert len(queries) == 3 and "start=6" in queries[-1]


def test_list_all_async() -> None:
    seed_clients(5)

    async def run() -> list:
        it = sdk().clients.list_all_async(service_id=SERVICE, page_size=2)
        assert isinstance(it, AsyncPageIterator)
        return [c.client_name async for c in it]

    assert asyncio.run(run()) == [f"c{i}" for i in range(5)]


def test_authorized_applications_all_sync_and_async() -> None:
    seeded = seed_clients(4)
    auths = [{"clientId": c["clientId"], "subject": "john", "scopes": ["openid"]} for c in seeded]
    admin("seed", {"serviceId": SERVICE, "authorizations": auths})
    a = sdk()
    apps = list(a.clients.authorized_applications_all(service_id=SERVICE, subject="john", page_size=3))
    assert len(apps) == 4 and all(isinstance(x, ClientLimited) for x in apps)

    async def run() -> int:
        n = 0
        async for _ in a.clients.authorized_applications_all_async(service_id=SERVICE, subject="john", page_size=3):
            n += 1
        return n

    assert asyncio.run(run()) == 4


def test_pagination_errors_are_sdk_errors() -> None:
    a = sdk(retry_config=RetryConfig("none"))
    admin("fault", {"op": "clients.getList", "status": 404})
    with pytest.raises(Exception) as e:
        list(a.clients.list_all(service_id=SERVICE))
    assert type(e.value).__name__ == "AuthleteDefaultError" and e.value.status_code == 404  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="page_size"):
        a.clients.list_all(service_id=SERVICE, page_size=0)


def test_records_below_the_loggers_level_are_not_made(caplog: pytest.LogCaptureFixture) -> None:
    native = sdk()._client()
    request = (SERVICE, None, None, None)  # getList's arguments, in the order of its Op.params
    caplog.set_level(logging.WARNING, logger="authlete_sdk")
    _logging.prepare()
    assert native.call("getList", request)[0]
    assert _native.drain_logs() == []
    caplog.set_level(logging.INFO, logger="authlete_sdk")
    _logging.prepare()
    assert native.call("getList", request)[0]
    assert [(level, message.split()[0]) for level, message, _ in _native.drain_logs()] == [(logging.INFO, "call")]


def test_a_logger_turned_on_between_calls_logs_the_next_call(caplog: pytest.LogCaptureFixture) -> None:
    a = sdk()
    caplog.set_level(logging.WARNING, logger="authlete_sdk")
    a.clients.get_list(service_id=SERVICE)
    caplog.set_level(logging.INFO, logger="authlete_sdk")
    a.clients.get_list(service_id=SERVICE)
    records = [r for r in caplog.records if r.name == "authlete_sdk"]
    assert len(records) == 1 and records[0].getMessage().startswith("call succeeded")
