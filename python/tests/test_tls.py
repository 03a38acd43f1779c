"""TLS options against the emulator serving HTTPS with a CA the test run made (it requires a
client certificate), and an explicit proxy. `make test-python` starts that emulator
(AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh ...)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from helpers import SERVICE, TOKEN, admin, emulator_url

from authlete_sdk import Authlete
from authlete_sdk.errors import ConnectionError, SDKValidationError


def _pki() -> Path:
    pki = os.environ.get("AUTHLETE_EMULATOR_PKI")
    assert pki, "run under AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh"
    return Path(pki)


def _https(**kw: Any) -> Authlete:
    url = os.environ.get("AUTHLETE_EMULATOR_TLS_URL")
    assert url, "run under AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh"
    return Authlete(security={"bearer": TOKEN}, server_url=url, retry_config={"strategy": "none"}, **kw)


def test_mutual_tls_with_an_extra_ca() -> None:
    pki = _pki()
    sdk = _https(
        ca_certificates=(pki / "ca.pem").read_text(),
        client_certificate=(pki / "client.pem").read_text(),
        client_key=(pki / "client.key").read_text(),
    )
    page = sdk.clients.get_list(service_id=SERVICE)
    assert page.clients == [] or page.clients is None
    assert "PRIVATE KEY" not in repr(sdk)


def test_an_unknown_ca_is_refused() -> None:
    with pytest.raises(ConnectionError, match="(?i)certificate"):
        _https().clients.get_list(service_id=SERVICE)


def test_no_client_certificate_is_refused() -> None:
    with pytest.raises(ConnectionError):
        _https(ca_certificates=(_pki() / "ca.pem").read_text()).clients.get_list(service_id=SERVICE)


def test_bad_pem_is_refused_before_any_request() -> None:
    with pytest.raises(SDKValidationError) as e:
        _https(ca_certificates="not a certificate")
    assert e.value.field == "ca_certificates"
    with pytest.raises(SDKValidationError) as e:
        _https(client_certificate=(_pki() / "client.pem").read_text(), client_key="-----BEGIN PRIVATE KEY-----\nx\n")
    assert e.value.field == "client_key"
    assert "BEGIN PRIVATE" not in str(e.value)


def test_an_explicit_proxy_carries_the_calls() -> None:
    admin("reset")
    host = emulator_url().split("://", 1)[1]
    sdk = Authlete(
        security={"bearer": TOKEN},
        server_url="http://api.authlete.invalid",
        proxy=f"http://user:proxy-secret@{host}",
        retry_config={"strategy": "none"},
    )
    sdk.clients.get_list(service_id=SERVICE)
    assert admin("log", {"op": "clients.getList"})["count"] == 1
    assert "proxy-secret" not in repr(sdk)
