"""Requests are read natively from the arguments and model objects into the core's request
struct: what the server receives must be the model's wire form (``to_dict()``, less the
read-only fields the core never sends), numbers in ``extra`` exactly as given; a value of the
wrong type is an SDKValidationError naming its path, and a value no JSON can carry is refused
as the whole request, both before anything is sent."""

from __future__ import annotations

import asyncio
import json
import math
from decimal import Decimal
from typing import Any, Dict, List, Tuple

import pytest
from cases_runner import dumps, snake
from helpers import SERVICE, admin, sdk

from authlete_sdk import AuthleteError, clients
from authlete_sdk._errors import _snake_path
from authlete_sdk.errors import SDKValidationError
from authlete_sdk.models import (
    Client,
    ClientExtension,
    ClientFlagUpdateRequest,
    ClientSecretUpdateRequest,
    ClientType,
    GrantType,
    JwsAlg,
    Model,
    TaggedValue,
)
from authlete_sdk.models._base import Field


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


def sent(model: Model) -> Dict[str, Any]:
    """The body the core sends for `model`: its wire form without the read-only fields, read
    back as the emulator's log is (fractions as Decimal)."""
    read_only = {f.wire for f in type(model)._fields_ if f.read_only}
    body = {k: v for k, v in model.to_dict().items() if k not in read_only}
    return json.loads(dumps(body), parse_float=Decimal)  # type: ignore[no-any-return]


def created(client: Any) -> Dict[str, Any]:
    """Creates `client` and returns the body the emulator received (it refuses enum values it
    does not know, after logging the request)."""
    admin("reset")
    try:
        sdk().clients.create(service_id=SERVICE, client=client)
    except AuthleteError:
        pass
    log = admin("log", {"op": "clients.create"})["requests"]
    assert len(log) == 1
    body: Dict[str, Any] = log[0]["body"]
    return body


def refused(call: Any) -> SDKValidationError:
    """The SDKValidationError `call` raises, sync and async alike, with nothing sent."""
    admin("reset")
    errors = []
    for run in (lambda: call(sdk().clients, ""), lambda: asyncio.run(call(sdk().clients, "_async"))):
        with pytest.raises(SDKValidationError) as e:
            run()
        errors.append(e.value)
    assert admin("log")["count"] == 0, "nothing reached the server"
    sync, async_ = errors
    assert (sync.field, sync.wire_field, str(sync)) == (async_.field, async_.wire_field, str(async_))
    return sync


def create(client: Any) -> Any:
    return lambda c, suffix: getattr(c, "create" + suffix)(service_id=SERVICE, client=client)


BODY_OPS = [op for op in (getattr(clients, n) for n in sorted(dir(clients)) if n.startswith("_OP_")) if op.body]


@pytest.mark.parametrize("op", BODY_OPS, ids=lambda op: op.name)
def test_every_body_model_is_sent_as_its_wire_form(op: Any) -> None:
    # Every field of the body (nested models to depth 2, enum values known and not), through
    # its operation; the emulator logs the request even when it refuses the values.
    for n in range(3):
        body = full(op.body, n)
        if isinstance(body, ClientSecretUpdateRequest):
            object.__setattr__(body, "client_secret", f"a-valid_secret{n}")  # checked before sending
        kwargs = {name: "1" for name, _wire, kind, _required in op.params if kind == "str"}
        kwargs[op.params[-1][0]] = body  # the body is the last argument
        admin("reset")
        try:
            getattr(sdk().clients, snake(op.name.split(".")[1]))(**kwargs)
        except AuthleteError:
            pass
        log = admin("log", {"op": op.name})["requests"]
        assert len(log) == 1 and log[0]["body"] == sent(body), op.name


def test_absent_fields_extra_and_shadowing_follow_to_dict() -> None:
    c = Client(client_name="n", client_type=ClientType.PUBLIC, grant_types=[GrantType.IMPLICIT, "FUTURE"])
    c.extra = {
        "clientName": "shadowed by the set field",  # dropped: clientName is set
        "description": "kept: the field is not set",
        "future": {"n": [1, -2, 2**64 - 1, 0.5, 1e300, None, True, False, "s"], "t": ("a", "b")},
        "nothing": None,
    }
    c.extension = ClientExtension(requestable_scopes=["openid"], extra={"flag": True})
    body = created(c)
    assert body == sent(c)
    assert body["description"] == "kept: the field is not set"
    assert body["clientName"] == "n" and body["nothing"] is None
    assert "logoUri" not in body, "an unset field is not sent"


def test_enums_as_members_as_str_and_unknown() -> None:
    c = Client(client_type="PUBLIC", grant_types=[GrantType.CIBA, "CIBA", "NEW_GRANT"])
    object.__setattr__(c, "id_token_sign_alg", "RS256")  # a str where the enum is
    object.__setattr__(c, "client_name", JwsAlg.ES256)  # an enum member is a str
    body = created(c)
    assert body["clientType"] == "PUBLIC" and body["idTokenSignAlg"] == "RS256"
    assert body["grantTypes"] == ["CIBA", "CIBA", "NEW_GRANT"] and body["clientName"] == "ES256"


def test_dicts_tuples_subclasses_and_other_models_in_model_fields() -> None:
    class MyClient(Client):
        __slots__ = ("note",)

    mine = MyClient(client_name="sub", client_names=[TaggedValue(tag="ja", value="名前")])
    object.__setattr__(mine, "note", "not sent")
    assert created(mine) == sent(mine)

    class Renamed(Client):
        __slots__ = ()

        def to_dict(self) -> Dict[str, Any]:
            return {"clientName": "what to_dict says"}

    assert created(Renamed(client_name="not this")) == {"clientName": "what to_dict says"}

    c = Client(client_name="x")
    # from_dict and object.__setattr__ leave dicts, tuples and other models where models are.
    object.__setattr__(c, "extension", {"requestableScopes": ("a", "b"), "unknownKnob": 1})
    object.__setattr__(c, "client_names", (TaggedValue(tag="en", value="x"), {"tag": "fr", "value": "y"}))
    object.__setattr__(c, "attributes", [ClientExtension(extra={"key": "k", "value": "v"})])
    assert created(c) == {
        "clientName": "x",
        "clientNames": [{"tag": "en", "value": "x"}, {"tag": "fr", "value": "y"}],
        "extension": {"requestableScopes": ["a", "b"], "unknownKnob": 1},
        "attributes": [{"key": "k", "value": "v"}],
    }


def test_a_body_dict_is_checked_by_its_model() -> None:
    body = created({"client_name": "snake", "clientType": "PUBLIC", "extra": {"k": 1}})
    assert body == {"clientName": "snake", "clientType": "PUBLIC", "k": 1}


def test_numbers_in_extra_of_any_size_or_precision_are_sent_digit_for_digit() -> None:
    pi = "3.14159265358979323846264338327950288"
    c = Client(client_name="numbers")
    c.extra = {"a": 2**70, "b": -(2**64) - 1, "c": Decimal(pi), "d": Decimal("1E+400"), "e": 2**63, "f": 0.1}
    admin("reset")
    sdk().clients.create(service_id=SERVICE, client=c)
    # serde_json writes an exponent as `e` (its numbers keep their digits, not the letter's case).
    for text in ("1180591620717411303424", "-18446744073709551617", pi, "1e+400", "9223372036854775808", "0.1"):
        assert admin("log", {"op": "clients.create", "contains": text})["count"] == 1, text
    body = admin("log", {"op": "clients.create"})["requests"][0]["body"]
    assert body["a"] == 2**70 and body["c"] == Decimal(pi) and body["d"] == Decimal("1E+400") and body["e"] == 2**63


# (what is set, how, the error's field, its wire field)
WRONG: List[Tuple[str, Any, str, str]] = [
    ("a str field", {"clientName": 5}, "client.client_name", "client.clientName"),
    ("deep in a list", {"clientNames": [{"tag": "ok"}, {"tag": 1}]}, "client.client_names[1].tag",
     "client.clientNames[1].tag"),
    ("deep in a model", {"extension": {"accessTokenDuration": "1h"}}, "client.extension.access_token_duration",
     "client.extension.accessTokenDuration"),
    ("a bool for an int", {"defaultMaxAge": True}, "client.default_max_age", "client.defaultMaxAge"),
    ("an int for a bool", {"pkceRequired": 1}, "client.pkce_required", "client.pkceRequired"),
    ("an int beyond int32", {"defaultMaxAge": 2**31}, "client.default_max_age", "client.defaultMaxAge"),
    ("an int beyond int64", {"createdAt": 2**70}, "client.created_at", "client.createdAt"),
    ("a float for an int", {"defaultMaxAge": 5.0}, "client.default_max_age", "client.defaultMaxAge"),
    ("a str for a list", {"redirectUris": "https://a"}, "client.redirect_uris", "client.redirectUris"),
    ("a number for an enum", {"clientType": 3}, "client.client_type", "client.clientType"),
    ("a list for a model", {"extension": ["x"]}, "client.extension", "client.extension"),
    ("an unknown key naming an unset field", {"extra": {"clientName": 5}}, "client.client_name", "client.clientName"),
]


@pytest.mark.parametrize("what,wire,field,wire_field", WRONG, ids=[w[0] for w in WRONG])
def test_a_value_of_the_wrong_type_names_its_path(what: str, wire: Dict[str, Any], field: str, wire_field: str) -> None:
    extra = wire.pop("extra", None)
    c = Client.from_dict(wire)  # from_dict keeps what it is given (assignments would check it)
    if extra is not None:
        c.extra = extra
    e = refused(create(c))
    assert (e.field, e.wire_field) == (field, wire_field), str(e)
    assert str(e).startswith(field + ": ")


def test_a_decimal_is_an_integer_when_written_as_one() -> None:
    c = Client.from_dict({"defaultMaxAge": Decimal("60")})
    assert created(c)["defaultMaxAge"] == 60
    e = refused(create(Client.from_dict({"defaultMaxAge": Decimal("60.0")})))
    assert e.field == "client.default_max_age"


def test_a_required_field_that_is_absent_or_none_is_refused() -> None:
    null_in_extra = ClientFlagUpdateRequest.from_dict({})
    null_in_extra.extra = {"clientLocked": None}
    for body in (ClientFlagUpdateRequest.from_dict({"clientLocked": None}), null_in_extra):
        e = refused(
            lambda c, suffix, body=body: getattr(c, "update_lock_flag" + suffix)(
                service_id=SERVICE, client_identifier="1", client_flag_update_request=body
            )
        )
        assert e.field == "client_flag_update_request.client_locked"
        assert e.wire_field == "clientFlagUpdateRequest.clientLocked"


def test_arguments_are_checked_as_before() -> None:
    def get_list(**kw: Any) -> Any:
        return lambda c, suffix: getattr(c, "get_list" + suffix)(service_id=SERVICE, **kw)

    e = refused(get_list(start=2**31))
    assert (e.field, e.wire_field, str(e)) == ("start", "start", "start: 2147483648 is out of range for int32")
    e = refused(get_list(end=True))
    assert str(e) == "end: expected int, got bool"
    e = refused(get_list(developer=b"x"))
    assert str(e) == "developer: expected str, got bytes"
    e = refused(lambda c, suffix: getattr(c, "get" + suffix)(service_id=SERVICE, client_id=None))
    assert (e.field, e.wire_field) == ("client_id", "clientId")
    assert str(e) == "client_id: clients.get: missing required argument"
    e = refused(create("a client"))
    assert (e.field, str(e)) == ("client", "client: expected Client or dict, got str")
    e = refused(create({"client_name": 5}))  # a body dict is checked by the model itself, in Python
    assert (e.field, e.wire_field) == ("client.client_name", "client.clientName")


def test_every_argument_is_named_as_its_python_name() -> None:
    # The native module names an argument by its wire name; the package shows the Python one.
    for op in (getattr(clients, name) for name in dir(clients) if name.startswith("_OP_")):
        for name, wire, _kind, _required in op.params:
            assert _snake_path(wire) == name, (op.name, wire)


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
    admin("reset")
    c = Client(client_name="bad extra")
    c.extra = {"future": value}
    with pytest.raises(SDKValidationError, match=message) as err:
        sdk().clients.create(service_id=SERVICE, client=c)
    assert err.value.field == "request"
    assert admin("log")["count"] == 0
    e = refused(create(c))
    assert e.field == "request" and message in str(e)


def test_nesting_is_limited_and_a_cycle_is_refused() -> None:
    deep: Any = "leaf"
    for _ in range(200):
        deep = [deep]
    cycle: Any = {}
    cycle["self"] = cycle
    for value in (deep, cycle):
        e = refused(create(Client(client_name="deep", extra={"x": value})))
        assert e.field == "request" and "nested more than 128" in str(e)
    ok: Any = "leaf"
    for _ in range(100):
        ok = [ok]
    assert created(Client(client_name="deep", extra={"x": ok}))["x"] == ok


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
    stored = sdk().clients.create(service_id=SERVICE, client=c)
    assert stored.client_name == "created"
    assert stored.client_names == [TaggedValue(tag="ja", value="作成")]
    assert stored.extension is not None and stored.extension.requestable_scopes == ["openid", "email"]
    assert stored.default_max_age == 60
