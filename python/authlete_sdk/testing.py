"""Test helpers: run the Authlete emulator (a local, stateful stand-in for Authlete's
client-management API) around your tests, without Authlete credentials.

The emulator is a separate executable: ``pip install authlete-emulator`` puts
``authlete-emulator`` on PATH (or set ``AUTHLETE_EMULATOR_BIN`` to its path).

With pytest (the ``authlete_emulator`` fixture is registered automatically)::

    def test_create(authlete_emulator):
        with Authlete(security={"bearer": authlete_emulator.token},
                      server_url=authlete_emulator.url) as authlete:
            ...

Without pytest::

    with Emulator() as emu:
        ...  # emu.url, emu.token, emu.reset(), emu.fault(...), emu.log()

pytest is not a dependency of this package: the fixture is defined only when pytest can
be imported.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from types import TracebackType
from typing import Any, Dict, Iterator, List, Optional, Type

__all__ = ["ANY_TOKEN", "Emulator", "EmulatorError", "EmulatorNotFoundError", "find_emulator"]

#: The token :attr:`Emulator.token` reports when the emulator accepts any token.
ANY_TOKEN = "emulator-token"


class EmulatorError(RuntimeError):
    """The emulator could not be started, or an admin call failed."""


class EmulatorNotFoundError(EmulatorError, FileNotFoundError):
    """No ``authlete-emulator`` executable was found."""


def find_emulator(bin: Optional[str] = None) -> str:
    """The emulator executable: ``bin`` if given, else ``$AUTHLETE_EMULATOR_BIN``, else
    ``authlete-emulator`` on PATH. Raises :class:`EmulatorNotFoundError` otherwise."""
    if bin:
        candidate = shutil.which(bin) or bin
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
        raise EmulatorNotFoundError(f"the Authlete emulator {bin!r} is not an executable file")
    env = os.environ.get("AUTHLETE_EMULATOR_BIN")
    if env:
        if os.path.isfile(env) and os.access(env, os.X_OK):
            return env
        raise EmulatorNotFoundError(f"AUTHLETE_EMULATOR_BIN={env!r} is not an executable file")
    found = shutil.which("authlete-emulator")
    if found:
        return found
    raise EmulatorNotFoundError(
        "the Authlete emulator was not found: run `pip install authlete-emulator` "
        "(or set AUTHLETE_EMULATOR_BIN to the path of an authlete-emulator executable)"
    )


class Emulator:
    """A running emulator process (a context manager; :meth:`start` / :meth:`stop` also work).

    ``token``: when given, the emulator accepts only ``Authorization: Bearer <token>``
    (``--require-token``) and answers 401 to any other; when ``None``, any non-empty token
    is accepted. ``bin``: the executable (default: :func:`find_emulator`).
    ``startup_timeout``: seconds to wait for the emulator's URL line.
    """

    def __init__(
        self,
        token: Optional[str] = None,
        bin: Optional[str] = None,
        *,
        addr: str = "127.0.0.1:0",
        startup_timeout: float = 10.0,
        stop_timeout: float = 5.0,
    ) -> None:
        self._token = token
        self._bin = bin
        self._addr = addr
        self._startup_timeout = startup_timeout
        self._stop_timeout = stop_timeout
        self._proc: Optional[subprocess.Popen[bytes]] = None
        self._url: Optional[str] = None

    @property
    def url(self) -> str:
        """The base URL (``http://127.0.0.1:PORT``); pass it as the SDK's server URL."""
        if self._url is None:
            raise EmulatorError("the emulator is not running")
        return self._url

    @property
    def token(self) -> str:
        """A bearer token the emulator accepts: the required one, or any placeholder."""
        return self._token if self._token is not None else ANY_TOKEN

    @property
    def pid(self) -> Optional[int]:
        """The process id while running."""
        return self._proc.pid if self._proc is not None else None

    def start(self) -> Emulator:
        """Starts the process and waits for its URL line. Returns ``self``."""
        if self._proc is not None:
            return self
        exe = find_emulator(self._bin)
        args = [exe, "--addr", self._addr]
        env = dict(os.environ)
        # Only the token given here applies (not one inherited from the environment).
        env.pop("AUTHLETE_EMULATOR_TOKEN", None)
        if self._token is not None:
            args += ["--require-token", self._token]
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=env)
        self._proc = proc
        lines: queue.Queue[bytes] = queue.Queue()
        out = proc.stdout

        def read_first_line() -> None:
            lines.put(out.readline() if out is not None else b"")

        threading.Thread(target=read_first_line, name="authlete-emulator-url", daemon=True).start()
        try:
            line = lines.get(timeout=self._startup_timeout)
        except queue.Empty:
            self.stop()
            raise EmulatorError(f"the emulator printed no URL within {self._startup_timeout} s") from None
        url = line.decode("utf-8", "replace").strip()
        if not url.startswith("http"):
            code = proc.poll()
            self.stop()
            raise EmulatorError(f"the emulator did not start (exit status {code}; see its stderr)")
        self._url = url
        return self

    def stop(self) -> None:
        """Stops the process: SIGTERM, then SIGKILL if it has not exited in time."""
        proc, self._proc, self._url = self._proc, None, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=self._stop_timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.stop()

    def admin(self, call: str, body: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """A call of the emulator's admin API (``POST /__emulator/<call>``, see the emulator's
        README); returns its JSON answer."""
        req = urllib.request.Request(
            f"{self.url}/__emulator/{call}",
            data=json.dumps(body or {}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                answer: Dict[str, Any] = json.loads(resp.read())
                return answer
        except urllib.error.HTTPError as e:
            raise EmulatorError(f"admin {call}: HTTP {e.code}: {e.read().decode('utf-8', 'replace')}") from None

    def reset(self) -> None:
        """Forgets every service, client, authorization, queued fault and logged request."""
        self.admin("reset")

    def fault(self, op: Optional[str] = None, **spec: Any) -> Dict[str, Any]:
        """Queues a fault for the next request to operation ``op`` (e.g. ``"clients.get"``;
        ``None``: any). ``spec`` is the admin API's fault body, e.g. ``status=503,
        retryAfter="1"``, ``delayMs=200``, ``drop="before"``, ``malformed=True``, ``times=2``."""
        body: Dict[str, Any] = dict(spec)
        if op is not None:
            body["op"] = op
        return self.admin("fault", body)

    def log(self, op: Optional[str] = None) -> List[Dict[str, Any]]:
        """The requests the emulator received (optionally of one operation), oldest first."""
        answer = self.admin("log", {"op": op} if op is not None else {})
        requests: List[Dict[str, Any]] = answer.get("requests", [])
        return requests


try:
    import pytest
except ImportError:  # pragma: no cover - pytest is optional
    pass
else:
    __all__ += ["authlete_emulator"]

    @pytest.fixture(scope="session")
    def _authlete_emulator_process() -> Iterator[Emulator]:
        with Emulator() as emu:
            yield emu

    @pytest.fixture
    def authlete_emulator(_authlete_emulator_process: Emulator) -> Iterator[Emulator]:
        """A running Authlete emulator, emptied before each test (one process per session).
        Use ``.url`` as the server URL and ``.token`` as the bearer token."""
        _authlete_emulator_process.reset()
        yield _authlete_emulator_process
