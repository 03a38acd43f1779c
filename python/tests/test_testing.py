"""authlete_sdk.testing: the emulator fixture (registered through the pytest11 entry point)
and the Emulator context manager."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
import urllib.error
import urllib.request
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from authlete_sdk import Authlete
from authlete_sdk.errors import AuthleteError, ResultError
from authlete_sdk.testing import ANY_TOKEN, Emulator, EmulatorError, EmulatorNotFoundError, find_emulator

ROOT = Path(__file__).resolve().parents[2]
# The emulator `cargo build -p authlete-emulator` builds (make test-python does).
os.environ.setdefault(
    "AUTHLETE_EMULATOR_BIN",
    str(Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "authlete-emulator"),
)


def _status(url: str, token: str) -> tuple[int, dict[str, object]]:
    req = urllib.request.Request(f"{url}/api/s1/client/get/list", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_fixture_is_registered_as_a_pytest_plugin() -> None:
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins.get("authlete_sdk") == "authlete_sdk.testing"


def test_the_fixture_serves_the_sdk(authlete_emulator: Emulator) -> None:
    assert authlete_emulator.url.startswith("http://127.0.0.1:")
    with Authlete(security={"bearer": authlete_emulator.token}, server_url=authlete_emulator.url) as a:
        created = a.clients.create(service_id="s1", client={"client_name": "fixture"})
        got = a.clients.get(service_id="s1", client_id=str(created.client_id))
        assert got.client_name == "fixture"
        assert a.clients.get_list(service_id="s1").total_count == 1
    assert [r["op"] for r in authlete_emulator.log()] == ["clients.create", "clients.get", "clients.getList"]
    # A queued fault reaches the SDK.
    authlete_emulator.fault("clients.getList", status=403)
    with Authlete(security={"bearer": authlete_emulator.token}, server_url=authlete_emulator.url) as a:
        with pytest.raises(AuthleteError) as e:
            a.clients.get_list(service_id="s1")
        assert e.value.status_code == 403


def test_the_fixture_is_emptied_before_each_test(authlete_emulator: Emulator) -> None:
    # The previous test stored a client and made requests; this one starts from nothing.
    status, body = _status(authlete_emulator.url, authlete_emulator.token)
    assert (status, body["totalCount"]) == (200, 0)
    assert [r["op"] for r in authlete_emulator.log()] == ["clients.getList"]
    authlete_emulator.reset()
    assert authlete_emulator.log() == []


def test_context_manager_starts_and_stops_the_process() -> None:
    with Emulator() as emu:
        pid = emu.pid
        assert pid is not None and not _gone(pid)
        assert emu.token == ANY_TOKEN
        assert _status(emu.url, "anything")[0] == 200
    assert _gone(pid)
    with pytest.raises(EmulatorError):
        _ = emu.url
    emu.stop()  # stopping twice is harmless


def test_token_is_required_when_given() -> None:
    with Emulator(token="s3cret") as emu:
        assert emu.token == "s3cret"
        assert _status(emu.url, "s3cret")[0] == 200
        status, body = _status(emu.url, "other")
        assert (status, body["resultCode"]) == (401, "A001203")
        with Authlete(security={"bearer": "other"}, server_url=emu.url) as a:
            with pytest.raises(ResultError) as e:
                a.clients.get_list(service_id="s1")
            assert e.value.status_code == 401


def test_an_inherited_token_variable_does_not_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTHLETE_EMULATOR_TOKEN", "from-env")
    with Emulator() as emu:
        assert _status(emu.url, "anything")[0] == 200


def test_lookup_order_and_the_install_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = os.environ["AUTHLETE_EMULATOR_BIN"]
    assert find_emulator() == real
    assert find_emulator(real) == real
    monkeypatch.delenv("AUTHLETE_EMULATOR_BIN")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EmulatorNotFoundError) as e:
        Emulator().start()
    assert "pip install authlete-emulator" in str(e.value)
    # On PATH.
    link = tmp_path / "authlete-emulator"
    link.symlink_to(os.path.abspath(real))
    assert find_emulator() == str(link)
    monkeypatch.setenv("AUTHLETE_EMULATOR_BIN", str(tmp_path / "missing"))
    with pytest.raises(EmulatorNotFoundError, match="AUTHLETE_EMULATOR_BIN"):
        find_emulator()


def test_a_process_that_exits_or_never_prints_its_url_is_an_error(tmp_path: Path) -> None:
    false = shutil.which("false")
    assert false is not None
    with pytest.raises(EmulatorError, match="did not start"):
        Emulator(bin=false).start()
    silent = tmp_path / "silent"
    silent.write_text("#!/bin/sh\nexec sleep 60\n")
    silent.chmod(silent.stat().st_mode | stat.S_IXUSR)
    emu = Emulator(bin=str(silent), startup_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(EmulatorError, match="no URL within"):
        emu.start()
    assert time.monotonic() - started < 5
    assert emu.pid is None
