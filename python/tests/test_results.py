"""Results are built natively from the core's typed models: they must be exactly what
`Model.from_dict` makes of the server's JSON (same values, enum members, nested models,
unknown fields in `extra`, absent fields None), and behave like any other model object."""

from __future__ import annotations

import asyncio
import gc
import json
import urllib.request
from typing import Any, Dict

from helpers import SERVICE, TOKEN, admin, emulator_url, sdk

from authlete_sdk.errors import SDKValidationError
from authlete_sdk.models import Client, ClientGetListResponse, ClientType, GrantType, TaggedValue

FULL = {
    "clientId": 10_000_000_000_777,
    "clientName": "full",
    "clientNames": [{"tag": "ja", "value": "フル"}, {"tag": "en", "value": "full"}],
    "clientType": "CONFIDENTIAL",
    "grantTypes": ["AUTHORIZATION_CODE", "SOME_FUTURE_GRANT"],
    "redirectUris": ["https://a.example/cb", "https://b.example/cb"],
    "extension": {"requestableScopes": ["openid", "email"], "futureFlag": True},
    "attributes": [{"key": "k", "value": "v"}],
    "tlsClientCertificateBoundAccessTokens": False,
    "defaultMaxAge": 3600,
    "createdAt": 1_700_000_000_123,
    "clientSecret": "very-secret",
    "aFieldFromTheFuture": {"nested": [1, 2.5, None, "x", {"deep": True}], "big": 2**53 + 1},
}


def raw(path: str) -> Dict[str, Any]:
    req = urllib.request.Request(emulator_url() + path, headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        data: Dict[str, Any] = json.load(r)
        return data


def seed_full() -> int:
    admin("reset")
    admin("seed", {"serviceId": SERVICE, "clients": [FULL, {"clientId": 10_000_000_000_778, "clientName": "min"}]})
    return 10_000_000_000_777


def test_get_is_what_from_dict_makes_of_the_json() -> None:
    cid = seed_full()
    got = sdk().clients.get(service_id=SERVICE, client_id=str(cid))
    expected = Client.from_dict(raw(f"/api/{SERVICE}/client/get/{cid}"))
    assert got == expected
    assert type(got) is Client
    assert got.client_type is ClientType.CONFIDENTIAL
    assert got.grant_types is not None and got.grant_types[0] is GrantType.AUTHORIZATION_CODE
    assert got.grant_types[1] == "SOME_FUTURE_GRANT" and not got.grant_types[1].is_known
    assert got.client_names == [TaggedValue(tag="ja", value="フル"), TaggedValue(tag="en", value="full")]
    assert got.extension is not None and got.extension.extra == {"futureFlag": True}
    assert got.extra["aFieldFromTheFuture"] == {"nested": [1, 2.5, None, "x", {"deep": True}], "big": 2**53 + 1}
    assert got.description is None and got.jwks is None
    assert "very-secret" not in repr(got)
    # An object built natively still checks assignments and round-trips.
    try:
        got.client_name = 5  # type: ignore[assignment]
        raise AssertionError("assignment was not checked")
    except SDKValidationError:
        pass
    assert Client.from_dict(got.to_dict()) == got


def test_get_list_sync_async_and_pages_agree_with_from_dict() -> None:
    seed_full()
    expected = ClientGetListResponse.from_dict(raw(f"/api/{SERVICE}/client/get/list"))
    clients = sdk().clients
    assert clients.get_list(service_id=SERVICE) == expected
    assert asyncio.run(clients.get_list_async(service_id=SERVICE)) == expected
    assert list(clients.list_all(service_id=SERVICE, page_size=1)) == expected.clients


def test_every_enum_value_is_its_member() -> None:
    # Results take known enum members by position (the core's order of the values): every
    # value of every enum field of Client must come back as its own member, identical.
    enum_fields = []
    for f in Client._fields_:
        target = f.item if f.kind == "list" and f.item is not None else f
        if target.kind == "enum":
            enum_fields.append((f, list(target.target)))
    assert len(enum_fields) > 10
    n = max(len(members) for _, members in enum_fields)
    wires = []
    for k in range(n):
        wire: Dict[str, Any] = {"clientId": 10_000_000_001_000 + k}
        for f, members in enum_fields:
            values = [m.value for m in members]
            wire[f.wire] = values if f.kind == "list" else values[k % len(values)]
        wires.append(wire)
    admin("reset")
    admin("seed", {"serviceId": SERVICE, "clients": wires})
    page = sdk().clients.get_list(service_id=SERVICE, start=0, end=n)
    assert page.clients is not None and len(page.clients) == n
    for k, got in enumerate(sorted(page.clients, key=lambda c: c.client_id or 0)):
        for f, members in enum_fields:
            value = getattr(got, f.name)
            if f.kind == "list":
                assert len(value) == len(members) and all(v is m for v, m in zip(value, members)), f.name
            else:
                assert value is members[k % len(members)], f.name


def test_the_collector_is_paused_while_a_result_is_built_and_left_as_it_was() -> None:
    admin("reset")
    admin("seed", {"serviceId": SERVICE, "clients": [dict(FULL, clientId=10_000_000_001_000 + i) for i in range(100)]})
    clients = sdk().clients
    clients.get_list(service_id=SERVICE, start=0, end=100)  # warm: the first call makes one-time objects
    starts = []

    def on_gc(phase: str, info: Dict[str, Any]) -> None:
        if phase == "start":
            starts.append(info["generation"])

    gc.callbacks.append(on_gc)
    try:
        for _ in range(5):
            page = clients.get_list(service_id=SERVICE, start=0, end=100)
            assert page.clients is not None and len(page.clients) == 100
            assert gc.isenabled()
        # A page holds ~2,000 tracked objects (models and lists): without the pause, two or
        # three young collections a call (the threshold is 700); with it, at most the one
        # that the first allocation after the build sets off (+2 for the test's own objects).
        assert len(starts) <= 5 + 2, starts
        gc.disable()
        try:
            clients.get(service_id=SERVICE, client_id=str(10_000_000_001_000))
            asyncio.run(clients.get_list_async(service_id=SERVICE))
            assert not gc.isenabled(), "a call turned on a collector the application had turned off"
        finally:
            gc.enable()
    finally:
        gc.callbacks.remove(on_gc)
