"""Models: construction, the wire form, unknown fields, equality, redaction, open enums."""

from __future__ import annotations

import pytest

from authlete_sdk.errors import SDKValidationError
from authlete_sdk.models import (
    Client,
    ClientExtension,
    ClientFlagUpdateRequest,
    ClientSecretRefreshResponse,
    ClientType,
    GrantType,
    TaggedValue,
)


def test_three_ways_to_build_a_model_agree() -> None:
    a = Client(client_name="x", client_type="PUBLIC", extension={"requestable_scopes": ["a"]})
    b = Client(
        {"client_name": "x", "client_type": ClientType.PUBLIC, "extension": ClientExtension(requestable_scopes=["a"])}
    )
    c = Client(a)
    assert a == b == c
    assert a.client_type is ClientType.PUBLIC
    assert isinstance(a.extension, ClientExtension)
    c.client_name = "y"
    assert a != c and a.client_name == "x"


def test_wire_form_is_camel_case_without_unset_fields() -> None:
    c = Client(client_name="x", client_names=[TaggedValue(tag="ja", value="エックス")], pkce_s256_required=True)
    assert c.to_dict() == {
        "clientName": "x",
        "clientNames": [{"tag": "ja", "value": "エックス"}],
        "pkceS256Required": True,
    }
    assert Client.from_json(c.to_json()) == c


def test_unknown_fields_and_enum_values_survive_the_round_trip() -> None:
    wire = '{"clientName":"x","futureField":{"a":[1,null]},"clientType":"SEMI","grantTypes":["CIBA","NEW_GRANT"],'
    wire += '"extension":{"unknownKnob":3},"clientId":9223372036854775807}'
    c = Client.from_json(wire)
    assert c.extra == {"futureField": {"a": [1, None]}}
    assert c.client_type == "SEMI" and not c.client_type.is_known
    assert c.grant_types == [GrantType.CIBA, "NEW_GRANT"]
    assert c.extension is not None and c.extension.extra == {"unknownKnob": 3}
    assert c.client_id == 9223372036854775807
    back = c.to_dict()
    assert back["futureField"] == {"a": [1, None]} and back["clientType"] == "SEMI"
    assert back["extension"] == {"unknownKnob": 3} and back["clientId"] == 9223372036854775807


def test_null_reads_as_absent() -> None:
    c = Client.from_json('{"clientName": null, "logoUri": null}')
    assert c.client_name is None and c.to_dict() == {}


def test_repr_redacts_secrets() -> None:
    c = Client(client_name="x", extra={})
    object.__setattr__(c, "client_secret", "s3cr3t-value")  # read-only fields come from the server
    r = ClientSecretRefreshResponse.from_json('{"newClientSecret":"n3w-secret","oldClientSecret":"0ld-secret"}')
    text = repr(c) + repr(r) + str(c) + str(r)
    for secret in ("s3cr3t-value", "n3w-secret", "0ld-secret"):
        assert secret not in text
    assert "client_secret='***'" in repr(c) and "client_name='x'" in repr(c)
    assert r.new_client_secret == "n3w-secret"  # the value itself is there for the caller


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Client(client_name=5), "client_name"),
        (lambda: Client(pkce_required="yes"), "pkce_required"),
        (lambda: Client(default_max_age=True), "default_max_age"),
        (lambda: Client(redirect_uris="https://a"), "redirect_uris"),
        (lambda: Client(client_names=[{"tag": 1}]), "client_names[0].tag"),
        (lambda: Client({"extension": {"access_token_duration": "1h"}}), "extension.access_token_duration"),
        (lambda: Client(client_type=3), "client_type"),
        (lambda: Client(no_such_field=1), "no_such_field"),
        (lambda: Client(default_max_age=2**31), "default_max_age"),
        (lambda: ClientFlagUpdateRequest(), "client_locked"),
    ],
)
def test_bad_values_name_the_field(build, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SDKValidationError) as e:
        build()
    assert e.value.field == field
    assert field in str(e.value)
    assert isinstance(e.value, TypeError) and isinstance(e.value, ValueError)


def test_attribute_assignment_is_checked() -> None:
    c = Client()
    with pytest.raises(TypeError, match="client_locked|locked"):
        c.locked = "no"  # type: ignore[assignment]
    c.locked = True
    assert c.to_dict() == {"locked": True}


def test_models_are_unhashable_values_and_not_equal_across_types() -> None:
    assert Client(client_name="x") != ClientExtension()
    with pytest.raises(TypeError):
        hash(Client())
