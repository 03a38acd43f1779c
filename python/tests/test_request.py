"""Requests are written natively from the model objects (`_native.request_json`): the JSON must
be exactly what `json.dumps(model.to_dict())` gives, for every model and every field, and a
value no JSON can carry is refused before anything is sent."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any, List, Tuple

import pytest
from helpers import SERVICE, admin, sdk

from authlete_sdk import _native, models
from authlete_sdk.errors import SDKValidationError
from authlete_sdk.models import Client, ClientExtension, ClientType, GrantType, Model, TaggedValue
from authlete_sdk.models._base import Field


def compact(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def sample(field: Field, n: int, depth: int) -> Any:
    """A value for `field` as a user could set it (nested models to depth 2)."""
    kind = field.kind
    if kind == "str":
        return f"{field.wire} \"value\" {n} \\ é ✓ \n\t\u0001 😀"
    if kind == "bool":
        return n % 2 == 0
    if kind == "i32":
        return -(2**31) + n if n % 2 else 2**31 - 1 - n
    if kind == "i64":
        return -(2**63) if n % 2 else 2**63 - 1
    if kind == "enum":
        members = list(field.target)
        return members[n % len(members)] if n % 3 else field.target("NOT_IN_THE_CONTRACT")
    if kind == "model":
        return full(field.target, n + 1, depth + 1) if depth < 2 else None
    assert field.item is not None
    return [sample(field.item, n + i, depth) for i in range(2)]


def full(cls: Any, n: int = 0, depth: int = 0) -> Model:
    obj = cls.__new__(cls)
    obj._clear()
    for i, f in enumerate(cls._fields_):
        object.__setattr__(obj, f.name, sample(f, n + i, depth))
    return obj  # type: ignore[no-any-return]


MODEL_CLASSES = [
    c for c in (getattr(models, name) for name in models.__all__)
    if isinstance(c, type) and issubclass(c, Model) and c is not Model and c._fields_
]


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda c: c.__name__)
def test_every_model_is_written_as_to_dict_then_json_dumps(cls: Any) -> None:
    for n in range(3):
        obj = full(cls, n)
        assert _native.request_json({"body": obj, "serviceId": SERVICE}) == compact(
            {"body": obj.to_dict(), "serviceId": SERVICE}
        )


def test_absent_fields_extra_and_shadowing_follow_to_dict() -> None:
    c = Client(client_name="n", client_type=ClientType.PUBLIC, grant_types=[GrantType.IMPLICIT, "FUTURE"])
    c.extra = {
        "clientName": "shadowed by the set field",  # dropped: clientName is set
        "description": "kept: the field is not set",
        "future": {"n": [1, -2, 2**64 - 1, 0.5, 1e300, None, True, False, "s"], "t": ("a", "b")},
    }
    c.extension = ClientExtension(requestable_scopes=["openid"], extra={"flag": True})
    got = _native.request_json({"client": c})
    assert got == compact({"client": c.to_dict()})
    assert json.loads(got)["client"]["description"] == "kept: the field is not set"
    assert json.loads(got)["client"]["clientName"] == "n"


def test_dicts_of_models_subclasses_and_tuples() -> None:
    class MyClient(Client):
        __slots__ = ("note",)

    mine = MyClient(client_name="sub")
    object.__setattr__(mine, "note", "not sent")
    tags = (TaggedValue(tag="ja", value="名前"),)
    got = _native.request_json({"a": mine, "b": tags, "c": [Client(client_id=1)], "d": {}})
    assert got == compact({"a": mine.to_dict(), "b": [t.to_dict() for t in tags], "c": [{"clientId": 1}], "d": {}})


def test_numbers_of_any_size_or_precision_are_written_digit_for_digit() -> None:
    pi = "3.14159265358979323846264338327950288"
    numbers = {"a": 2**70, "b": -(2**64) - 1, "c": Decimal(pi), "d": Decimal("1E+400")}
    got = _native.request_json(numbers)
    text = got.decode() if isinstance(got, bytes) else str(got)
    for expected in ("1180591620717411303424", "-18446744073709551617", pi, "1E+400"):
        assert expected in text, text


BAD: List[Tuple[str, Any, str]] = [
    ("a set", {1, 2}, "not JSON serializable"),
    ("bytes", b"x", "not JSON serializable"),
    ("a Decimal NaN", Decimal("NaN"), "not a JSON number"),
    ("NaN", math.nan, "not a JSON number"),
    ("infinity", math.inf, "not a JSON number"),
    ("a non-str key", {1: "x"}, "keys must be str"),
    ("a lone surrogate", "\ud800", "surrogate"),
]


@pytest.mark.parametrize("what,value,message", BAD, ids=[b[0] for b in BAD])
def test_values_json_cannot_carry_are_refused_before_sending(what: str, value: Any, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        _native.request_json({"x": value})
    admin("reset")
    c = Client(client_name="bad extra")
    c.extra = {"future": value}
    with pytest.raises(SDKValidationError, match=message) as err:
        sdk().clients.create(service_id=SERVICE, client=c)
    assert err.value.field == "request"
    assert admin("log")["count"] == 0


def test_nesting_is_limited_and_a_cycle_is_refused() -> None:
    deep: Any = "leaf"
    for _ in range(200):
        deep = [deep]
    with pytest.raises(ValueError, match="nested more than 128"):
        _native.request_json({"x": deep})
    cycle: Any = {}
    cycle["self"] = cycle
    with pytest.raises(ValueError, match="nested more than 128"):
        _native.request_json({"x": cycle})
    ok: Any = "leaf"
    for _ in range(100):
        ok = [ok]
    assert _native.request_json({"x": ok}) == compact({"x": ok})


def test_create_sends_the_model_the_server_stores() -> None:
    admin("reset")
    c = Client(
        client_name="created",
        client_names=[TaggedValue(tag="ja", value="作成")],
        grant_types=[GrantType.AUTHORIZATION_CODE],
        redirect_uris=["https://app.example/cb"],
        extension=ClientExtension(requestable_scopes=["openid", "email"]),
        default_max_age=60,
    )
    c.extra = {"unknownToTheSdk": {"kept": [1, 2]}}
    created = sdk().clients.create(service_id=SERVICE, client=c)
    assert created.client_name == "created"
    assert created.client_names == [TaggedValue(tag="ja", value="作成")]
    assert created.extension is not None and created.extension.requestable_scopes == ["openid", "email"]
    assert created.default_max_age == 60
