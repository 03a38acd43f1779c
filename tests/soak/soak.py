"""The Python soak driver (`make soak`, tests/soak/README.md), sync (threads) or asyncio:

    python soak.py sync|async --url URL --calls N --seconds S --concurrency C
                   --warm-calls W --warm-seconds WS --timeout-ms T

Makes N calls spread evenly over S seconds (or as fast as it can), then prints one JSON line:
calls, seconds, outcomes per kind, unexpected outcomes, RSS (kB) and open descriptors at the
start, after warm-up and at the end (each sample after a full garbage collection).
"""

import asyncio
import gc
import json
import os
import random
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from authlete_sdk import Authlete, BackoffStrategy, RetryConfig
from authlete_sdk.errors import AuthleteError
from authlete_sdk.models import Client

SERVICE = "soak"
POOL_MAX = 8
HANG_GRACE_S = 5.0
KINDS = {
    "ResultError",
    "AuthleteDefaultError",
    "ResponseValidationError",
    "SDKValidationError",
    "ConnectionError",
    "RequestTimeoutError",
    "RequestAbortedError",
}


def parse(argv: List[str]) -> Dict[str, Any]:
    args: Dict[str, Any] = {
        "url": os.environ.get("AUTHLETE_EMULATOR_URL", ""),
        "calls": 1000,
        "seconds": 5.0,
        "concurrency": 8,
        "warm-calls": 200,
        "warm-seconds": 30.0,
        "timeout-ms": 1500,
    }
    for k, v in zip(argv[0::2], argv[1::2]):
        key = k.lstrip("-")
        if key not in args:
            raise SystemExit(f"soak.py: unknown argument {k}")
        args[key] = v if key == "url" else float(v)
    for key in ("calls", "concurrency", "warm-calls", "timeout-ms"):
        args[key] = int(args[key])
    if not args["url"]:
        raise SystemExit("soak.py: --url (or AUTHLETE_EMULATOR_URL) is required")
    return args


def sample() -> List[int]:
    """[VmRSS in kB, open descriptors] after a full collection."""
    gc.collect()
    rss = 0
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    return [rss, len(os.listdir("/proc/self/fd"))]


def tcp_connections() -> int:
    """The TCP connections among this process's descriptors (sockets whose inode is in
    /proc/self/net/tcp or tcp6)."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    n = 0
    for path in ("/proc/self/net/tcp", "/proc/self/net/tcp6"):
        with open(path) as f:
            n += sum(1 for line in list(f)[1:] if line.split()[9] in inodes)
    return n


class Tally:
    def __init__(self, args: Dict[str, Any]) -> None:
        self.args = args
        self.lock = threading.Lock()
        self.start = time.monotonic()
        self.started = 0
        self.done = 0
        self.outcomes: Dict[str, int] = {}
        self.unexpected: Dict[str, int] = {}
        self.examples: List[str] = []
        self.ops: Dict[str, int] = {}
        self.samples: List[List[int]] = [sample()]
        self.warm_at = 0
        # The highest descriptor count before and after the warm-up sample (every 250 ms).
        self.fd_peaks = [self.samples[0][1], 0]
        self.finished = threading.Event()
        threading.Thread(target=self.watch_fds, daemon=True).start()

    def watch_fds(self) -> None:
        while not self.finished.wait(0.25):
            n = len(os.listdir("/proc/self/fd"))
            i = 0 if len(self.samples) == 1 else 1
            self.fd_peaks[i] = max(self.fd_peaks[i], n)

    def turn(self) -> Tuple[bool, float]:
        """Whether to make another call, and how long to wait first: the calls are spread
        evenly over `seconds`; once `calls` have started, a worker waits out `seconds` and stops."""
        with self.lock:
            n = self.started
            self.started += 1
        calls, seconds = max(self.args["calls"], 1), self.args["seconds"]
        due = seconds if n >= calls else n * seconds / calls
        return n < calls, max(0.0, due - (time.monotonic() - self.start))

    def record(self, op: str, outcome: str, unexpected: Optional[str] = None) -> None:
        with self.lock:
            self.ops[op] = self.ops.get(op, 0) + 1
            if unexpected is not None:
                self.unexpected[unexpected] = self.unexpected.get(unexpected, 0) + 1
                if len(self.examples) < 10:
                    self.examples.append(f"{op}: {unexpected}: {outcome}"[:300])
            else:
                self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
            self.done += 1
            warm = self.done >= self.args["warm-calls"] or time.monotonic() - self.start >= self.args["warm-seconds"]
            take_warm = warm and len(self.samples) == 1
            if take_warm:
                self.warm_at = self.done
                self.samples.append(sample())

    def classify(self, op: str, e: BaseException) -> None:
        name = type(e).__name__
        if isinstance(e, AuthleteError) and name in KINDS:
            self.record(op, name)
        else:
            self.record(op, repr(e), f"{name}")

    def summary(self, lang: str, closed: List[int]) -> str:
        return json.dumps({
            "lang": lang,
            "calls": self.done,
            "seconds": self.seconds,
            "outcomes": self.outcomes,
            "unexpected": self.unexpected,
            "examples": self.examples,
            "ops": self.ops,
            "warm_at_calls": self.warm_at,
            "rss_kb": [self.samples[0][0], self.samples[1][0], self.end[0]],
            "fds": [self.samples[0][1], self.samples[1][1], self.end[1]],
            "fd_peaks": [max(self.fd_peaks[0], self.samples[1][1]), max(self.fd_peaks[1], self.end[1])],
            "closed": closed,
        })

    def finish(self) -> None:
        """The end sample, after the last call."""
        self.seconds = time.monotonic() - self.start
        if len(self.samples) == 1:
            self.samples.append(self.samples[0])
        self.finished.set()
        self.end = sample()


def pick_op(pool: List[str]) -> str:
    """The next operation for a worker whose clients are `pool`."""
    r = random.randrange(100)
    create = r < 15 or (not pool and r < 84)
    if create and len(pool) < POOL_MAX:
        return "create"
    if create or 72 <= r < 84:
        return "delete"
    if r < 45:
        return "get"
    if r < 60:
        return "getList"
    if r < 72:
        return "update"
    if r < 92:
        return "get(unknown)"
    if r < 96:
        return "get(invalid)"
    return "getList(cancelled)"


def make_client(args: Dict[str, Any]) -> Authlete:
    retry = RetryConfig("backoff", BackoffStrategy(5, 50, 1.5, 1200), True)
    return Authlete(security={"bearer": "soak-token"}, server_url=args["url"], retry_config=retry,
                    timeout_ms=args["timeout-ms"])


def call_args(op: str, pool: List[str]) -> Dict[str, Any]:
    pick = random.choice(pool) if pool else ""
    if op == "create":
        return {"service_id": SERVICE, "client": Client(client_name=f"soak {random.randrange(1 << 30)}")}
    if op == "delete":
        return {"service_id": SERVICE, "client_id": pool.pop()}
    if op == "get":
        return {"service_id": SERVICE, "client_id": pick}
    if op.startswith("getList"):
        return {"service_id": SERVICE, "start": 0, "end": 5}
    if op == "update":
        return {"service_id": SERVICE, "client_id": pick,
                "client": Client(client_name=f"renamed {random.randrange(1 << 30)}")}
    if op == "get(unknown)":
        return {"service_id": SERVICE, "client_id": "1"}
    return {"service_id": SERVICE, "client_id": ""}


def released() -> List[int]:
    """The sample 0.5 s after the client was closed and every reference to it dropped."""
    gc.collect()
    time.sleep(0.5)
    return sample() + [tcp_connections()]


def run_sync(args: Dict[str, Any]) -> int:
    tally = Tally(args)
    sdk = make_client(args)
    c = sdk.clients
    fns: Dict[str, Callable[..., Any]] = {
        "create": c.create, "delete": c.delete, "get": c.get, "getList": c.get_list, "update": c.update,
        "get(unknown)": c.get, "get(invalid)": c.get,
    }
    # Each worker's current call (op, start); a watchdog ends the run on a hang.
    inflight: Dict[int, Any] = {}
    stop = threading.Event()

    def worker(i: int) -> None:
        pool: List[str] = []
        while True:
            go, wait = tally.turn()
            time.sleep(wait)
            if not go:
                break
            op = pick_op(pool)
            if op == "getList(cancelled)":  # no cancellation in the sync API
                op = "getList"
            kw = call_args(op, pool)
            inflight[i] = (op, time.monotonic())
            try:
                r = fns[op](**kw)
                if op == "create" and r.client_id is not None:
                    pool.append(str(r.client_id))
                tally.record(op, "ok")
            except Exception as e:  # every outcome is counted; unknown types are failures
                tally.classify(op, e)
            inflight[i] = None

    def watchdog() -> None:
        limit = args["timeout-ms"] / 1000 + HANG_GRACE_S
        while not stop.wait(0.5):
            for i, cur in list(inflight.items()):
                if cur is not None and time.monotonic() - cur[1] > limit:
                    tally.record(cur[0], f"worker {i} stuck for {time.monotonic() - cur[1]:.1f}s", "Hang")
                    tally.finish()
                    print(tally.summary("python-sync", tally.end), flush=True)
                    os._exit(3)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args["concurrency"])]
    dog = threading.Thread(target=watchdog, daemon=True)
    dog.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    tally.finish()
    sdk.close()
    fns.clear()
    del sdk, c
    print(tally.summary("python-sync", released()), flush=True)
    return 0


async def run_async(args: Dict[str, Any]) -> int:
    tally = Tally(args)
    sdk = make_client(args)
    c = sdk.clients
    fns: Dict[str, Callable[..., Any]] = {
        "create": c.create_async, "delete": c.delete_async, "get": c.get_async, "getList": c.get_list_async,
        "getList(cancelled)": c.get_list_async, "update": c.update_async, "get(unknown)": c.get_async,
        "get(invalid)": c.get_async,
    }
    hang = args["timeout-ms"] / 1000 + HANG_GRACE_S

    async def one(op: str, kw: Dict[str, Any]) -> Any:
        if op != "getList(cancelled)":
            return await fns[op](**kw)
        # Cancelled a few ms in: asyncio's CancelledError (the SDK closes the connection).
        task = asyncio.ensure_future(fns[op](**kw))
        await asyncio.sleep(random.random() * 0.005)
        task.cancel()
        try:
            return await task
        except asyncio.CancelledError:
            return "cancelled"

    async def worker() -> None:
        pool: List[str] = []
        while True:
            go, wait = tally.turn()
            await asyncio.sleep(wait)
            if not go:
                break
            op = pick_op(pool)
            kw = call_args(op, pool)
            try:
                r = await asyncio.wait_for(one(op, kw), hang)
            except AuthleteError as e:
                # First: the SDK's RequestTimeoutError is also a builtin TimeoutError, which is
                # what asyncio.wait_for raises when the call itself gives no outcome.
                tally.classify(op, e)
                continue
            except asyncio.TimeoutError:
                tally.record(op, f"no outcome after {hang}s", "Hang")
                continue
            except Exception as e:  # every outcome is counted; unknown types are failures
                tally.classify(op, e)
                continue
            if r == "cancelled":
                tally.record(op, "CancelledError")
                continue
            if op == "create" and r.client_id is not None:
                pool.append(str(r.client_id))
            tally.record(op, "ok")

    await asyncio.gather(*(worker() for _ in range(args["concurrency"])))
    tally.finish()
    sdk.close()
    fns.clear()
    del sdk, c
    print(tally.summary("python-async", released()), flush=True)
    return 0


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    args = parse(sys.argv[2:])
    if mode == "sync":
        return run_sync(args)
    if mode == "async":
        return asyncio.run(run_async(args))
    raise SystemExit("usage: soak.py sync|async [--url URL ...]")


if __name__ == "__main__":
    sys.exit(main())
