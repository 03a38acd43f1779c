"""Configuration, env fallbacks, context managers, misuse, all 16 operations present."""

from __future__ import annotations

import asyncio
import json

import pytest
from helpers import SERVICE, TOKEN, admin, emulator_url, sdk

import authlete_sdk
from authlete_sdk import Authlete, RetryConfig, _native
from authlete_sdk.errors import AuthleteError, ResultError, SDKValidationError


def test_every_core_operation_has_a_sync_and_an_async_method() -> None:
    names = _native.operation_names()
    assert len(names) == 16
    a = sdk()
    for op in names:
        snake = "".join("_" + ch.lower() if ch.isupper() else ch for ch in op.split(".")[-1])
        assert callable(getattr(a.clients, snake)), snake
        assert asyncio.iscoroutinefunction(getattr(a.clients, snake + "_async")), snake


def test_env_fallbacks_for_server_and_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTHLETE_SERVER_URL", emulator_url())
    monkeypatch.setenv("AUTHLETE_BEARER", "env-token")
    a = Authlete()
    assert a.server_url.rstrip("/") == emulator_url()
    a.clients.get_list(service_id=SERVICE)
    log = admin("log", {"op": "clients.getList"})["requests"]
    assert log[-1]["headers"]["authorization"] == "Bearer ***"
    monkeypatch.delenv("AUTHLETE_BEARER")
    monkeypatch.delenv("AUTHLETE_AUTHLETE", raising=False)
    with pytest.raises(ResultError) as e:
        Authlete().clients.get_list(service_id=SERVICE)
    assert e.value.status_code == 401


def test_server_idx_and_user_agent() -> None:
    assert Authlete(security={"bearer": "t"}, server_idx=1).server_url.startswith("https://jp.authlete.com")
    a = sdk(user_agent="my-app/1.0")
    assert a.user_agent == "my-app/1.0"
    assert "python/" in sdk().user_agent


def test_configuration_errors_name_the_argument() -> None:
    with pytest.raises(SDKValidationError) as e:
        Authlete(security={"bearer": "a\r\nb"})
    assert "security" in str(e.value)
    with pytest.raises(TypeError, match="timeout_ms"):
        Authlete(timeout_ms="10")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="security"):
        Authlete(security="token")  # type: ignore[arg-type]
    with pytest.raises(SDKValidationError) as e:
        Authlete(security={"bearer": "t"}, retry_config={"strategy": "sometimes"})
    assert e.value.field and e.value.field.startswith("retry_config")


def test_repr_never_shows_the_token() -> None:
    a = sdk()
    assert TOKEN not in repr(a) and "***" in repr(a)


def test_context_managers_close_the_client() -> None:
    with sdk() as a:
        assert a.clients.get_list(service_id=SERVICE).total_count == 0
    with pytest.raises(RuntimeError, match="closed"):
        a.clients.get_list(service_id=SERVICE)

    async def run() -> None:
        async with sdk() as b:
            page = await b.clients.get_list_async(service_id=SERVICE)
            assert page.total_count == 0
        with pytest.raises(RuntimeError):
            await b.clients.get_list_async(service_id=SERVICE)

    asyncio.run(run())


def test_misuse_raises_type_errors_naming_the_field() -> None:
    a = sdk()
    with pytest.raises(TypeError, match="client_id"):
        a.clients.get(service_id=SERVICE)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="service_id"):
        a.clients.get(service_id=1, client_id="2")  # type: ignore[arg-type]
    with pytest.raises(SDKValidationError) as e:
        a.clients.update_lock_flag(
            service_id=SERVICE, client_identifier="1", client_flag_update_request={"client_locked": "yes"}
        )
    assert e.value.field == "client_flag_update_request.client_locked"
    assert e.value.wire_field == "clientFlagUpdateRequest.clientLocked"
    with pytest.raises(SDKValidationError) as e:
        a.clients.get_list(service_id=SERVICE, start=-1)
    assert e.value.field == "start"
    with pytest.raises(TypeError, match="timeout_ms"):
        a.clients.get_list(service_id=SERVICE, timeout_ms="5")  # type: ignore[arg-type]
    with pytest.raises(SDKValidationError) as e:
        a.clients.get_list(service_id=SERVICE, http_headers={"X-A": "a\nb"})
    assert "headers" in (e.value.field or "")
    assert admin("log")["count"] == 0, "nothing reached the server"


def test_errors_carry_the_response() -> None:
    a = sdk(retry_config=RetryConfig("none"))
    with pytest.raises(ResultError) as e:
        a.clients.get(service_id=SERVICE, client_id="424242")
    err = e.value
    assert isinstance(err, AuthleteError)
    assert err.status_code == 400 and err.result_code and err.result_message
    assert err.body and json.loads(err.body)["resultCode"] == err.result_code
    assert err.headers.get("content-type", "").startswith("application/json")
    assert TOKEN not in str(err)


def test_all_error_classes_subclass_authlete_error() -> None:
    for name in _native.ERROR_KINDS:
        assert issubclass(getattr(authlete_sdk.errors, name), AuthleteError)
    assert sorted(_native.ERROR_KINDS) == sorted(n for n in authlete_sdk.errors.__all__ if n != "AuthleteError")
    assert "UnexpectedClientError" in _native.ERROR_KINDS


def test_the_native_error_record_keeps_the_body_out_of_its_repr() -> None:
    a = sdk(retry_config=RetryConfig("none"))
    admin("fault", {"op": "clients.get", "status": 200, "body": '{"clientId": "x", "token": "s3cr3t"}'})
    with pytest.raises(authlete_sdk.errors.ResponseValidationError) as e:
        a.clients.get(service_id=SERVICE, client_id="1")
    assert e.value.reason and "clientId" in e.value.reason
    assert e.value.body and "s3cr3t" in e.value.body, "the raw body stays behind its accessor"
    assert "s3cr3t" not in str(e.value) and "s3cr3t" not in repr(e.value)
    assert e.value.status_code == 200 and e.value.headers.get("content-type")


def test_transport_errors_are_also_the_builtin_exceptions() -> None:
    import builtins
    import socket

    assert issubclass(authlete_sdk.ConnectionError, builtins.ConnectionError)
    assert issubclass(authlete_sdk.RequestTimeoutError, builtins.TimeoutError)
    assert not issubclass(authlete_sdk.RequestAbortedError, builtins.OSError)
    # A port nobody listens on: refused at once, caught as the builtin.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    refused = sdk(server_url=f"http://127.0.0.1:{port}", retry_config=RetryConfig(strategy="none"))
    with pytest.raises(builtins.ConnectionError) as caught:
        refused.clients.get(service_id=SERVICE, client_id="1")
    e = caught.value
    assert isinstance(e, authlete_sdk.ConnectionError) and isinstance(e, AuthleteError)
    assert str(e) == e.message and e.attempts == 1
    admin("fault", {"op": "clients.getList", "delayMs": 2000})
    with pytest.raises(builtins.TimeoutError) as timed_out:
        sdk().clients.get_list(service_id=SERVICE, timeout_ms=200)
    assert isinstance(timed_out.value, authlete_sdk.RequestTimeoutError)
    assert str(timed_out.value) == timed_out.value.message


def test_per_call_options_headers_and_timeout() -> None:
    a = sdk()
    a.clients.get_list(service_id=SERVICE, http_headers={"X-Trace": "abc"})
    assert admin("log")["requests"][-1]["headers"]["x-trace"] == "abc"
    admin("fault", {"op": "clients.getList", "delayMs": 2000})
    with pytest.raises(authlete_sdk.RequestTimeoutError):
        a.clients.get_list(service_id=SERVICE, timeout_ms=200)
