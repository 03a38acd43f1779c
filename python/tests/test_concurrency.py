"""The GIL is released during I/O, many threads share one client, async calls are
cancellable (the server sees the connection closed) and settle their own callers in
batches, the process exits cleanly around them, and a forked child can call."""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest
from cases_runner import emulator_url
from helpers import SERVICE, admin, sdk, seed_clients, wait_for

from authlete_sdk import AuthleteError, RetryConfig, _calls


def test_python_threads_run_while_a_sync_call_waits_on_the_server() -> None:
    a = sdk()
    admin("fault", {"op": "clients.get", "delayMs": 1500})
    seed_clients(1)
    done = threading.Event()
    counted = []

    def count() -> None:
        n = 0
        while not done.is_set():
            n += 1
        counted.append(n)

    counter = threading.Thread(target=count)
    counter.start()
    slow_finished = threading.Event()

    def slow() -> None:
        a.clients.get(service_id=SERVICE, client_id="10000000000001")
        slow_finished.set()

    t = threading.Thread(target=slow)
    t.start()
    # Other calls on the same client complete while the slow one is still in flight.
    assert wait_for(lambda: admin("log", {"op": "clients.get"})["count"] == 1)
    for _ in range(5):
        a.clients.get_list(service_id=SERVICE)
    assert not slow_finished.is_set(), "the fast calls did not wait for the slow one"
    t.join()
    done.set()
    counter.join()
    assert slow_finished.is_set()
    assert counted[0] > 1000, "a pure-Python thread kept running during the blocking call"


def test_many_threads_share_one_client() -> None:
    a = sdk()
    ids: list = []
    errors: list = []

    def work(i: int) -> None:
        try:
            for j in range(5):
                c = a.clients.create(service_id=SERVICE, client={"client_name": f"t{i}-{j}"})
                got = a.clients.get(service_id=SERVICE, client_id=str(c.client_id))
                assert got.client_name == f"t{i}-{j}"
                ids.append(c.client_id)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(ids)) == 40
    assert a.clients.get_list(service_id=SERVICE).total_count == 40


def _cancelled_on_server(op: str) -> bool:
    return admin("log", {"op": op})["cancelled"] >= 1


def test_asyncio_timeout_aborts_the_request_on_the_wire() -> None:
    a = sdk()
    admin("fault", {"op": "clients.getList", "delayMs": 5000})

    async def run() -> None:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(a.clients.get_list_async(service_id=SERVICE), timeout=0.3)

    asyncio.run(run())
    assert wait_for(lambda: _cancelled_on_server("clients.getList")), admin("log")


def test_task_cancel_aborts_the_request_on_the_wire() -> None:
    a = sdk()
    seed_clients(1)
    admin("fault", {"op": "clients.get", "delayMs": 5000})

    async def run() -> None:
        task = asyncio.ensure_future(a.clients.get_async(service_id=SERVICE, client_id="10000000000001"))
        assert await asyncio.to_thread(wait_for, lambda: admin("log", {"op": "clients.get"})["count"] == 1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(run())
    assert wait_for(lambda: _cancelled_on_server("clients.get")), admin("log")
    entry = admin("log", {"op": "clients.get"})["requests"][0]
    assert entry["cancelled"] is True and entry["completed"] is False


def test_async_calls_run_concurrently_on_one_loop() -> None:
    a = sdk()
    seed_clients(3)
    admin("fault", {"op": "clients.get", "delayMs": 300, "times": 3})

    async def run() -> list:
        return await asyncio.gather(
            *(a.clients.get_async(service_id=SERVICE, client_id=str(10_000_000_000_001 + i)) for i in range(3))
        )

    got = asyncio.run(run())
    assert [c.client_name for c in got] == ["c0", "c1", "c2"]


def test_many_async_calls_in_flight_each_get_their_own_outcome() -> None:
    # Outcomes reach the loop in batches (one wake-up for all that finished); each must settle
    # its own caller's future, results and errors mixed in one batch.
    a = sdk()
    seed_clients(64)

    async def one(i: int) -> str:
        client_id = str(10_000_000_000_001 + i) if i % 4 else "99999999999999"
        try:
            return (await a.clients.get_async(service_id=SERVICE, client_id=client_id)).client_name or ""
        except AuthleteError as e:
            return f"error {e.status_code}"

    async def run() -> list:
        return await asyncio.gather(*(one(i) for i in range(64)))

    got = asyncio.run(run())
    assert got == [f"c{i}" if i % 4 else "error 400" for i in range(64)]  # unknown client: 400


def test_a_cancelled_calls_late_outcome_settles_no_other_call() -> None:
    a = sdk()
    seed_clients(3)
    admin("fault", {"op": "clients.get", "delayMs": 400, "times": 1})

    async def run() -> list:
        slow = asyncio.ensure_future(a.clients.get_async(service_id=SERVICE, client_id="10000000000001"))
        assert await asyncio.to_thread(wait_for, lambda: admin("log", {"op": "clients.get"})["count"] == 1)
        slow.cancel()
        names = []
        for i in (1, 2, 1, 2):  # across the time the slow call would have ended
            c = await a.clients.get_async(service_id=SERVICE, client_id=str(10_000_000_000_001 + i))
            names.append(c.client_name)
            await asyncio.sleep(0.15)
        _, waiting = _calls._inbox(asyncio.get_running_loop())
        assert waiting == {}  # nothing left waiting: the cancelled call's entry went with it
        return names

    assert asyncio.run(run()) == ["c1", "c2", "c1", "c2"]


def test_a_finished_loop_takes_its_inbox_along() -> None:
    a = sdk()
    seed_clients(1)

    async def run() -> None:
        await a.clients.get_async(service_id=SERVICE, client_id="10000000000001")
        assert asyncio.get_running_loop() in _calls._inboxes

    for _ in range(3):
        asyncio.run(run())
    gc.collect()
    assert _calls._inboxes is not None and len(_calls._inboxes) == 0


class _LoopWithoutAddReader(asyncio.SelectorEventLoop):
    """A loop without add_reader, like Windows' default ProactorEventLoop."""

    def add_reader(self, fd: Any, callback: Any, *args: Any) -> None:
        raise NotImplementedError


def _watcher_threads() -> list:
    return [t for t in threading.enumerate() if t.name == "authlete_sdk inbox"]


def test_a_loop_without_add_reader_is_settled_through_a_watcher_thread() -> None:
    a = sdk()
    ids = [str(a.clients.create(service_id=SERVICE, client={"client_name": f"w{i}"}).client_id) for i in range(4)]
    admin("fault", {"op": "clients.get", "delayMs": 400, "times": 1})

    async def one(i: int) -> str:
        client_id = ids[i % 4] if i % 4 else "99999999999999"
        try:
            return (await a.clients.get_async(service_id=SERVICE, client_id=client_id)).client_name or ""
        except AuthleteError as e:
            return f"error {e.status_code}"

    async def run() -> list:
        slow = asyncio.ensure_future(a.clients.get_async(service_id=SERVICE, client_id=ids[1]))
        assert await asyncio.to_thread(wait_for, lambda: admin("log", {"op": "clients.get"})["count"] == 1)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        got = await asyncio.gather(*(one(i) for i in range(64)))
        await asyncio.sleep(0.5)  # past the cancelled call's delay: its late outcome settles nothing
        got.append(await one(1))
        _, waiting = _calls._inbox(asyncio.get_running_loop())
        assert waiting == {}
        return got

    loop = _LoopWithoutAddReader()
    try:
        got = loop.run_until_complete(run())
    finally:
        loop.close()
    assert got == [f"w{i % 4}" if i % 4 else "error 400" for i in range(64)] + ["w1"]
    assert len(_watcher_threads()) == 1
    del loop
    gc.collect()
    assert wait_for(lambda: not _watcher_threads()), "the watcher thread outlived its loop"
    assert _calls._inboxes is not None and len(_calls._inboxes) == 0


def _exit_code_of_child(check: Callable[[], bool]) -> int:
    """Runs `check` in a forked child and returns the child's exit code: 0 when it returned
    true, 2 when false, 1 when it raised; a child still running after 10 s is killed."""
    pid = os.fork()
    if pid == 0:
        code = 1
        signal.alarm(10)
        try:
            code = 0 if check() else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_a_forked_child_can_call() -> None:
    a = sdk(retry_config=RetryConfig("none"))
    seed_clients(1)
    assert a.clients.get(service_id=SERVICE, client_id="10000000000001").client_name == "c0"

    def in_child() -> bool:  # the inherited client works
        c = a.clients.get(service_id=SERVICE, client_id="10000000000001")
        created = a.clients.create(service_id=SERVICE, client={"client_name": "from-child"})
        return c.client_name == "c0" and bool(created.client_id)

    assert _exit_code_of_child(in_child) == 0
    names = [c.client_name for c in a.clients.get_list(service_id=SERVICE).clients or []]
    assert "from-child" in names
    assert a.clients.get(service_id=SERVICE, client_id="10000000000001").client_name == "c0"


def test_a_child_forked_while_another_thread_waits_on_a_call_can_call() -> None:
    # The waiting thread drives its call on the runtime only one thread drives at a time; the
    # child inherits that claim, but not the thread, and must not wait for it.
    a = sdk(retry_config=RetryConfig("none"))
    seed_clients(1)
    admin("fault", {"op": "clients.get", "delayMs": 1500})
    slow = threading.Thread(target=lambda: a.clients.get(service_id=SERVICE, client_id="10000000000001"))
    slow.start()
    assert wait_for(lambda: admin("log", {"op": "clients.get"})["count"] == 1)

    def in_child() -> bool:  # a child that waited for the missing thread would be killed
        c = a.clients.get(service_id=SERVICE, client_id="10000000000001")
        page = a.clients.get_list(service_id=SERVICE)
        return c.client_name == "c0" and page.total_count == 1

    assert _exit_code_of_child(in_child) == 0
    slow.join()
    # The parent's client still works, its blocking calls on their own runtime included.
    assert a.clients.get(service_id=SERVICE, client_id="10000000000001").client_name == "c0"


_EXIT_WHILE_DELIVERING = """
import asyncio, os, sys
from authlete_sdk import Authlete

a = Authlete(security={"bearer": "t"}, server_url=os.environ["AUTHLETE_EMULATOR_URL"])

async def main() -> None:
    left = [400]

    async def worker() -> None:
        while left[0] > 0:
            left[0] -= 1
            await a.clients.get_async(service_id="s1", client_id="10000000000001")

    await asyncio.gather(*(worker() for _ in range(64)))

asyncio.run(main())
print("ok")
"""


_EXIT_WITH_CALLS_IN_FLIGHT = """
import asyncio, os
from authlete_sdk import Authlete

a = Authlete(security={"bearer": "t"}, server_url=os.environ["AUTHLETE_EMULATOR_URL"])
loop = asyncio.new_event_loop()
tasks = [loop.create_task(a.clients.get_async(service_id="s1", client_id="10000000000001")) for _ in range(64)]
loop.run_until_complete(asyncio.sleep(0.2))  # all sent, none answered yet
print("ok")
"""


_EXIT_WITH_A_WATCHER_THREAD = """
import asyncio, os
from authlete_sdk import Authlete

class Loop(asyncio.SelectorEventLoop):  # no add_reader, like Windows' ProactorEventLoop
    def add_reader(self, fd, callback, *args):
        raise NotImplementedError

a = Authlete(security={"bearer": "t"}, server_url=os.environ["AUTHLETE_EMULATOR_URL"])
loop = Loop()
tasks = [loop.create_task(a.clients.get_async(service_id="s1", client_id="10000000000001")) for _ in range(64)]
loop.run_until_complete(asyncio.sleep(0.2))  # all sent, none answered yet
print("ok")
"""


def _run_to_exit(script: str) -> None:
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    env = dict(os.environ, AUTHLETE_EMULATOR_URL=emulator_url())
    r = subprocess.run(pin + [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, (r.returncode, r.stderr[-2000:])
    assert r.stdout.strip() == "ok"


def test_the_process_exits_cleanly_right_after_many_async_calls() -> None:
    # Runtime threads once delivered async outcomes with the GIL; one that did so while the
    # interpreter finalized crashed the process (SIGSEGV/SIGABRT at exit, seen 9 times in 10
    # with 64 calls in flight on one CPU). They now only queue outcomes for the loop.
    seed_clients(1)
    for _ in range(4):
        _run_to_exit(_EXIT_WHILE_DELIVERING)


def test_the_process_exits_cleanly_with_async_calls_still_in_flight() -> None:
    # The outcomes arrive while (or after) the interpreter finalizes, for a loop that is gone.
    seed_clients(1)
    for _ in range(3):
        admin("fault", {"op": "clients.get", "delayMs": 400, "times": 64})
        _run_to_exit(_EXIT_WITH_CALLS_IN_FLIGHT)


def test_the_process_exits_cleanly_with_a_watcher_thread_and_calls_in_flight() -> None:
    # The loop is still alive at exit: the interpreter's exit ends its watcher thread, which
    # must be gone before the interpreter finalizes.
    for _ in range(3):
        admin("fault", {"op": "clients.get", "delayMs": 400, "times": 64})
        _run_to_exit(_EXIT_WITH_A_WATCHER_THREAD)
