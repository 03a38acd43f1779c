"""Logging through `logging` (one line per call, no secrets) and the pagination iterators."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest
from helpers import SERVICE, TOKEN, admin, sdk, seed_clients

from authlete_sdk import AsyncPageIterator, PageIterator, RetryConfig
from authlete_sdk import logging as _logging
from authlete_sdk.errors import ConnectionError, ResultError
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


def test_one_debug_record_per_attempt(caplog: pytest.LogCaptureFixture) -> None:
    seed_clients(1)
    a = sdk()
    admin("fault", {"op": "clients.get", "status": 503, "times": 1})
    caplog.set_level(logging.DEBUG, logger="authlete_sdk")
    a.clients.get(service_id=SERVICE, client_id="10000000000001")  # the first call switches per-attempt events on
    admin("fault", {"op": "clients.get", "status": 503, "times": 1})
    caplog.clear()
    c = a.clients.get(service_id=SERVICE, client_id="10000000000001")
    records = [r for r in caplog.records if r.name == "authlete_sdk" and r.levelno == logging.DEBUG]
    attempts = [r.authlete for r in records if r.getMessage().startswith("attempt ")]  # type: ignore[attr-defined]
    assert len(attempts) == 2, [r.getMessage() for r in caplog.records]
    first, second = attempts
    assert first["operation"] == second["operation"] == "clients.get"
    assert (first["attempt"], first["status"]) == ("1", "503")
    assert (second["attempt"], second["status"]) == ("2", "200")
    assert int(first["duration_ms"]) >= 0 and int(second["duration_ms"]) >= 0
    assert int(first["wait_ms"]) > 0, "the wait before the retry"
    assert "wait_ms" not in second, "no retry follows the last attempt"
    assert records[0].getMessage().startswith("attempt operation=clients.get attempt=1 status=503 duration_ms=")
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(info) == 1 and "attempts=2" in info[0]
    text = " ".join(r.getMessage() + repr(getattr(r, "authlete", {})) for r in caplog.records)
    assert c.client_secret and c.client_secret not in text
    assert TOKEN not in text


def test_a_transport_failure_is_recorded_by_its_kind(caplog: pytest.LogCaptureFixture) -> None:
    a = sdk()
    caplog.set_level(logging.DEBUG, logger="authlete_sdk")
    a.clients.get_list(service_id=SERVICE)
    admin("fault", {"op": "clients.getList", "drop": "before", "times": 1})
    caplog.clear()
    a.clients.get_list(service_id=SERVICE)
    attempts = [r.authlete for r in caplog.records if r.getMessage().startswith("attempt ")]  # type: ignore[attr-defined]
    assert [x.get("failure") for x in attempts] == ["broken", None], attempts
    assert "status" not in attempts[0] and int(attempts[0]["wait_ms"]) > 0


def test_nothing_is_logged_when_the_logger_is_quiet(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="authlete_sdk")
    sdk().clients.get_list(service_id=SERVICE)
    assert [r for r in caplog.records if r.name == "authlete_sdk"] == []


class _Seen(logging.Handler):
    """Notes, for each record of the SDK, what the application would see when it is emitted."""

    def __init__(self, observe: Callable[[], Any]) -> None:
        super().__init__(logging.DEBUG)
        self.observe = observe
        self.seen: List[Tuple[int, str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append((record.levelno, record.getMessage(), self.observe()))


_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


@contextlib.contextmanager
def _attached(observe: Callable[[], Any]) -> Iterator[_Seen]:
    logger = logging.getLogger("authlete_sdk")
    handler = _Seen(observe)
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def test_sync_records_are_emitted_during_the_call_on_the_calling_thread() -> None:
    import threading

    returned = False
    with _attached(lambda: (threading.get_ident(), _request_id.get(), returned)) as handler:
        admin("fault", {"op": "clients.getList", "status": 503, "times": 1})
        token = _request_id.set("req-1")
        try:
            sdk().clients.get_list(service_id=SERVICE)
        finally:
            _request_id.reset(token)
        returned = True
        here = threading.get_ident()
        assert handler.seen, "records were emitted"
        # Every record during the call (before it returned), on this thread, in its context.
        assert all(seen == (here, "req-1", False) for _, _, seen in handler.seen), handler.seen
        levels = [level for level, _, _ in handler.seen]
        assert levels.count(logging.INFO) == 1 and logging.DEBUG in levels


def test_a_failure_the_caller_cannot_explain_is_a_warning() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    refused = sdk(server_url=f"http://127.0.0.1:{port}", retry_config=RetryConfig("none"))
    with _attached(lambda: None) as handler:
        with pytest.raises(ConnectionError):
            refused.clients.get(service_id=SERVICE, client_id="1")
        with pytest.raises(ResultError):
            sdk().clients.get(service_id=SERVICE, client_id="999")
        calls = [(level, message) for level, message, _ in handler.seen if message.startswith("call")]
        assert [level for level, _ in calls] == [logging.WARNING, logging.INFO], calls
        assert "error=ConnectionError" in calls[0][1] and "error=ResultError" in calls[1][1]


def test_async_records_keep_each_callers_contextvars_and_arrive_before_the_result() -> None:
    import threading

    async def run() -> None:
        loop_thread = threading.get_ident()
        done: Dict[str, bool] = {}

        async def call(request_id: str) -> None:
            _request_id.set(request_id)
            done[request_id] = False
            await sdk().clients.get_list_async(service_id=SERVICE)
            done[request_id] = True

        with _attached(lambda: (threading.get_ident(), _request_id.get(), dict(done))) as handler:
            admin("fault", {"op": "clients.getList", "status": 503, "times": 2})
            await asyncio.gather(call("a"), call("b"))
            assert handler.seen
            for _, message, (thread, request_id, finished) in handler.seen:
                assert thread == loop_thread
                assert request_id in ("a", "b"), message
                assert finished[request_id] is False, "emitted before its call returned"
            ids = {request_id for _, message, (_, request_id, _) in handler.seen if message.startswith("call")}
            assert ids == {"a", "b"}, handler.seen

    asyncio.run(run())


def test_a_failing_handler_does_not_fail_the_call(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    def boom() -> None:
        raise RuntimeError("handler broke")

    reported: List[BaseException] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: reported.append(u.exc_value))
    with _attached(boom):
        assert sdk().clients.get_list(service_id=SERVICE) is not None

        async def run() -> None:
            await sdk().clients.get_list_async(service_id=SERVICE)

        asyncio.run(run())
    # Two records per call (the attempt's DEBUG line, the call's INFO line), each reported.
    assert len(reported) == 4 and all(isinstance(e, RuntimeError) for e in reported), reported


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


def test_records_below_the_loggers_level_are_not_made(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    native = sdk()._client()
    request = (SERVICE, None, None, None)  # getList's arguments, in the order of its Op.params
    # Every record the native module makes asks the logger whether its level is enabled.
    logger = logging.getLogger("authlete_sdk")
    asked: List[int] = []
    real = logger.isEnabledFor
    monkeypatch.setattr(logger, "isEnabledFor", lambda level: asked.append(level) or real(level))
    caplog.set_level(logging.WARNING, logger="authlete_sdk")
    asked.clear()  # set_level asks too
    _logging.prepare()
    assert native.call("getList", request)[0]
    assert asked == []
    caplog.set_level(logging.INFO, logger="authlete_sdk")
    asked.clear()
    _logging.prepare()
    assert native.call("getList", request)[0]
    assert asked and set(asked) == {logging.INFO}, asked


def test_a_logger_turned_on_between_calls_logs_the_next_call(caplog: pytest.LogCaptureFixture) -> None:
    a = sdk()
    caplog.set_level(logging.WARNING, logger="authlete_sdk")
    a.clients.get_list(service_id=SERVICE)
    caplog.set_level(logging.INFO, logger="authlete_sdk")
    a.clients.get_list(service_id=SERVICE)
    records = [r for r in caplog.records if r.name == "authlete_sdk"]
    assert len(records) == 1 and records[0].getMessage().startswith("call succeeded")
