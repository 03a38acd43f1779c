"""The machinery behind the generated models: field specs, checked construction, the wire
form (camelCase JSON), equality and a repr with secrets redacted.

Each generated model class lists its fields once in ``_fields_`` (generated from the
contract); nothing here knows a field name.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping

from ..errors import SDKValidationError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING; typing itself is not imported at run time (start-up time)
if TYPE_CHECKING:
    from typing import Any, Callable, ClassVar, Dict, Optional, Tuple, Type, TypeVar

    _M = TypeVar("_M", bound="Model")
    _E = TypeVar("_E", bound="OpenEnum")

    _Path = Tuple[str, str]
    """A field's path: (snake_case, wire camelCase), e.g. ("client.client_name", "client.clientName")."""

REDACTED = "***"

_I32 = (-(2**31), 2**31 - 1)
_I64 = (-(2**63), 2**63 - 1)


def _join(path: _Path, name: str, wire: str) -> _Path:
    return (f"{path[0]}.{name}" if path[0] else name, f"{path[1]}.{wire}" if path[1] else wire)


def _invalid(path: _Path, reason: str) -> SDKValidationError:
    return SDKValidationError(f"{path[0]}: {reason}", field=path[0], wire_field=path[1], reason=reason)


class OpenEnum(str, enum.Enum):
    """A ``str`` enum that also accepts values it does not know (kept as they are)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            member = str.__new__(cls, value)
            member._name_ = value
            member._value_ = value
            return member
        return None

    if TYPE_CHECKING:

        def __new__(cls: Type[_E], value: object) -> _E: ...

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_known(self) -> bool:
        """Whether the value is one of the contract's values."""
        return self._name_ in type(self).__members__


class Field:
    """One field: its snake_case name, wire name and type."""

    __slots__ = ("name", "wire", "kind", "target", "item", "secret", "read_only", "required")

    def __init__(
        self,
        name: str,
        wire: str,
        kind: str,
        target: Any = None,
        item: Optional[Field] = None,
        secret: bool = False,
        read_only: bool = False,
        required: bool = False,
    ) -> None:
        self.name = name
        self.wire = wire
        self.kind = kind  # str | bool | i32 | i64 | enum | model | list
        self.target = target  # the enum or model class
        self.item = item  # the item spec of a list
        self.secret = secret
        self.read_only = read_only
        self.required = required

    def check(self, value: Any, path: _Path) -> Any:
        """The value for this field from user input; a bad value raises SDKValidationError
        (also a TypeError/ValueError) naming `path` (snake_case and wire)."""
        if value is None:
            return None
        kind = self.kind
        if kind == "str":
            if not isinstance(value, str):
                raise _invalid(path, f"expected str, got {type(value).__name__}")
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                raise _invalid(path, f"expected bool, got {type(value).__name__}")
            return value
        if kind in ("i32", "i64"):
            if isinstance(value, bool) or not isinstance(value, int):
                raise _invalid(path, f"expected int, got {type(value).__name__}")
            lo, hi = _I32 if kind == "i32" else _I64
            if not lo <= value <= hi:
                raise _invalid(path, f"{value} is out of range for {'int32' if kind == 'i32' else 'int64'}")
            return value
        if kind == "enum":
            if isinstance(value, self.target):
                return value
            if isinstance(value, str):
                return self.target(value)
            raise _invalid(path, f"expected {self.target.__name__} or str, got {type(value).__name__}")
        if kind == "model":
            if isinstance(value, self.target):
                return value
            if isinstance(value, Mapping):
                return self.target._checked(value, path)
            raise _invalid(path, f"expected {self.target.__name__} or dict, got {type(value).__name__}")
        # list
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
            raise _invalid(path, f"expected a list, got {type(value).__name__}")
        assert self.item is not None
        return [self.item.check(v, (f"{path[0]}[{i}]", f"{path[1]}[{i}]")) for i, v in enumerate(value)]

    def from_wire(self, value: Any) -> Any:
        """The Python value of a wire value (already validated by the core)."""
        if value is None:
            return None
        kind = self.kind
        # Values of another type are kept as they are (the core refuses them if sent).
        if kind == "enum":
            return self.target(value) if isinstance(value, str) else value
        if kind == "model":
            return self.target.from_dict(value) if isinstance(value, Mapping) else value
        if kind == "list":
            assert self.item is not None
            return [self.item.from_wire(v) for v in value] if isinstance(value, list) else value
        return value

    def to_wire(self, value: Any) -> Any:
        kind = self.kind
        if kind == "enum":
            return value.value if isinstance(value, OpenEnum) else value
        if kind == "model":
            return value.to_dict() if isinstance(value, Model) else value
        if kind == "list" and isinstance(value, list):
            assert self.item is not None
            return [self.item.to_wire(v) for v in value]
        return value


def _index(cls: Type[Model]) -> Dict[str, Field]:
    idx = cls.__dict__.get("_index_")
    if idx is None:
        idx = {}
        for f in cls._fields_:
            idx[f.name] = f
        for f in cls._fields_:
            idx.setdefault(f.wire, f)
        cls._index_ = idx
    return idx


class Model:
    """Base of every model: snake_case attributes, the wire form, equality, redacted repr.

    A model is built from keyword arguments, from another model of its class, or from a dict
    with snake_case (or camelCase) keys: ``Client(client_name="x")``, ``Client(other)``,
    ``Client({"client_name": "x"})``. Fields the SDK does not know live in ``extra`` (wire
    names) and are sent back unchanged.
    """

    __slots__ = ("extra",)
    _fields_: ClassVar[Tuple[Field, ...]] = ()
    _index_: ClassVar[Optional[Dict[str, Field]]] = None
    extra: Dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        setv = object.__setattr__
        self._clear()
        if len(args) > 1:
            raise TypeError(f"{type(self).__name__}() takes at most one positional argument ({len(args)} given)")
        _from = args[0] if args else None
        if _from is not None:
            if isinstance(_from, type(self)):
                for f in self._fields_:
                    setv(self, f.name, getattr(_from, f.name))
                setv(self, "extra", dict(_from.extra))
            elif isinstance(_from, Mapping):
                self._assign(_from, ("", ""))
            else:
                raise TypeError(
                    f"{type(self).__name__}() takes a {type(self).__name__}, a dict or keyword arguments,"
                    f" not {type(_from).__name__}"
                )
        if kwargs:
            self._assign(kwargs, ("", ""))
        self._require(("", ""))

    def _clear(self) -> None:
        for f in self._fields_:
            object.__setattr__(self, f.name, None)
        object.__setattr__(self, "extra", {})

    def _require(self, path: _Path) -> None:
        for f in self._fields_:
            if f.required and getattr(self, f.name) is None:
                raise _invalid(_join(path, f.name, f.wire), f"{type(self).__name__}: missing required field")

    def _assign(self, values: Mapping[str, Any], path: _Path) -> None:
        idx = _index(type(self))
        for key, value in values.items():
            if key == "extra":
                if value is not None and not isinstance(value, Mapping):
                    raise _invalid(_join(path, "extra", "extra"), f"expected a dict, got {type(value).__name__}")
                object.__setattr__(self, "extra", dict(value or {}))
                continue
            f = idx.get(key) if isinstance(key, str) else None
            if f is None:
                k = str(key)
                reason = f"unknown field of {type(self).__name__} (pass fields unknown to this SDK in extra=)"
                raise _invalid(_join(path, k, k), reason)
            object.__setattr__(self, f.name, f.check(value, _join(path, f.name, f.wire)))

    @classmethod
    def _checked(cls: Type[_M], values: Mapping[str, Any], path: _Path) -> _M:
        obj = cls.__new__(cls)
        obj._clear()
        obj._assign(values, path)
        obj._require(path)
        return obj

    def __setattr__(self, name: str, value: Any) -> None:
        f = _index(type(self)).get(name)
        if f is not None and f.name == name:
            value = f.check(value, (name, f.wire))
        elif name == "extra":
            if not isinstance(value, dict):
                raise _invalid(("extra", "extra"), f"expected a dict, got {type(value).__name__}")
        object.__setattr__(self, name, value)

    @classmethod
    def from_dict(cls: Type[_M], data: Mapping[str, Any]) -> _M:
        """A model from its wire form (camelCase keys, as the API sends it); unknown keys go
        to ``extra``."""
        if not isinstance(data, Mapping):
            raise TypeError(f"{cls.__name__}.from_dict: expected a dict, got {type(data).__name__}")
        obj = cls.__new__(cls)
        setv = object.__setattr__
        for field in cls._fields_:
            setv(obj, field.name, None)
        extra: Dict[str, Any] = {}
        decoders = _decode_index(cls)
        for key, value in data.items():
            d = decoders.get(key)
            if d is None:
                extra[key] = value
            else:
                name, conv = d
                setv(obj, name, value if conv is None or value is None else conv(value))
        setv(obj, "extra", extra)
        return obj

    @classmethod
    def from_json(cls: Type[_M], text: str | bytes) -> _M:
        """A model from the JSON the API sends."""
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> Dict[str, Any]:
        """The wire form: camelCase keys, unset fields left out, unknown fields kept."""
        out: Dict[str, Any] = {}
        for f in self._fields_:
            v = getattr(self, f.name)
            if v is not None:
                out[f.wire] = f.to_wire(v)
        for k, v in self.extra.items():
            out.setdefault(k, v)
        return out

    def to_json(self) -> str:
        """The wire form as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in self._fields_) and (
            self.extra == other.extra
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        parts = []
        for f in self._fields_:
            v = getattr(self, f.name)
            if v is not None:
                parts.append(f"{f.name}={REDACTED!r}" if f.secret else f"{f.name}={v!r}")
        if self.extra:
            parts.append(f"extra={self.extra!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


def _decoder(f: Field) -> Optional[Callable[[Any], Any]]:
    """What `Field.from_wire` does for a non-null value, as one function (None: kept as is),
    so that decoding a page of models makes no call per scalar field."""
    kind = f.kind
    if kind == "enum":
        target = f.target
        members = target._value2member_map_

        def enum_value(v: Any) -> Any:
            if isinstance(v, str):
                m = members.get(v)
                return m if m is not None else target(v)
            return v

        return enum_value
    if kind == "model":
        model = f.target

        def model_value(v: Any) -> Any:
            return model.from_dict(v) if type(v) is dict or isinstance(v, Mapping) else v

        return model_value
    if kind == "list":
        assert f.item is not None
        item = _decoder(f.item)
        if item is None:
            return lambda v: list(v) if isinstance(v, list) else v
        conv = item

        def list_value(v: Any) -> Any:
            if not isinstance(v, list):
                return v
            return [x if x is None else conv(x) for x in v]

        return list_value
    return None


def _decode_index(cls: Type[Model]) -> Dict[str, Tuple[str, Optional[Callable[[Any], Any]]]]:
    idx = cls.__dict__.get("_decode_index_")
    if idx is None:
        idx = {f.wire: (f.name, _decoder(f)) for f in cls._fields_}
        cls._decode_index_ = idx  # type: ignore[attr-defined]
    return idx
