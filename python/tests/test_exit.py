"""The process ends cleanly (status 0, no abort, no hang) while daemon threads are inside sync
calls: calls that finish while the interpreter finalizes must not take the thread back into
Python (on Python < 3.14 that ends the thread with pthread_exit, whose unwinding through the
native frames aborted the process: 'FATAL: exception not rethrown', 15 runs in 15)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from cases_runner import emulator_url
from helpers import admin, seed_clients

RUNS = 15

_PRELUDE = """
import atexit, os, sys, threading, time
from authlete_sdk import Authlete

a = Authlete(security={"bearer": "t"}, server_url=os.environ["AUTHLETE_EMULATOR_URL"])
in_flight = threading.Semaphore(0)

def work() -> None:
    while True:
        in_flight.release()
        try:
            a.clients.get(service_id="s1", client_id="10000000000001")
        except Exception:
            pass

threads = [threading.Thread(target=work, daemon=True) for _ in range(16)]
for t in threads:
    t.start()
for _ in threads:
    in_flight.acquire()
time.sleep(0.05)  # the calls are on the wire
"""

# The main thread ends while 16 daemon threads loop over calls that take 20 ms each: calls
# finish before, during and after the interpreter's finalization.
_MAIN_ENDS = _PRELUDE + """
print("ok")
"""

# The calls (300 ms) finish during a slow finalizer that runs after the interpreter has begun
# to finalize (a module global's __del__).
_SLOW_DEL = _PRELUDE + """
class Slow:
    def __del__(self) -> None:
        time.sleep(0.6)

# A module only sys.modules holds: the interpreter drops it while it finalizes.
holder = type(sys)("slow_finalizer_holder")
holder.slow = Slow()  # type: ignore[attr-defined]
sys.modules[holder.__name__] = holder
del holder
print("ok")
"""

# The calls finish during a slow atexit handler (the threads go back into Python and start
# new calls), and again during a slow __del__ when the interpreter finalizes.
_SLOW_ATEXIT = _SLOW_DEL + """
atexit.register(time.sleep, 0.4)
"""


def _run(script: str) -> None:
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    env = dict(os.environ, AUTHLETE_EMULATOR_URL=emulator_url())
    r = subprocess.run(pin + [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, env=env)
    assert r.returncode == 0, (r.returncode, r.stderr[-2000:])
    assert r.stdout.strip() == "ok"
    assert "Fatal" not in r.stderr and "FATAL" not in r.stderr, r.stderr[-2000:]


def _exits_cleanly(script: str, delay_ms: int, runs: int = RUNS) -> None:
    seed_clients(1)
    for _ in range(runs):
        admin("fault", {"op": "clients.get", "delayMs": delay_ms, "times": 100_000})
        _run(script)
        admin("reset")
        seed_clients(1)


def test_the_main_thread_ends_with_daemon_threads_in_sync_calls() -> None:
    _exits_cleanly(_MAIN_ENDS, 20)


def test_sync_calls_finish_during_a_slow_finalizer() -> None:
    _exits_cleanly(_SLOW_DEL, 300)


def test_sync_calls_finish_during_a_slow_atexit_handler() -> None:
    _exits_cleanly(_SLOW_ATEXIT, 300, runs=5)
