"""Python bench client, for our package (sync and asyncio) and for PyPI `authlete` 1.3.0:

    python bench.py ours|async|peer --workload get|list|create|concurrent|cold --count N
                    --warmup W --inflight 64 --url URL --fixtures DIR

Prints one line: {"calls","wall_s","cpu_s","rss_kb"}. `peer` has no asyncio API: its
`concurrent` runs the calls on 64 threads.
"""

import json
import os
import resource
import sys
import time

SERVICE = "715948317"
CLIENT_ID = "1140735077"


def cpu() -> float:
    t = os.times()
    return t.user + t.system


def parse(argv):
    args = {"workload": "get", "count": "100", "warmup": "0", "inflight": "64", "url": "", "fixtures": "."}
    for k, v in zip(argv[0::2], argv[1::2]):
        args[k.lstrip("-")] = v
    return args


def result(calls, wall0, cpu0):
    return json.dumps({
        "calls": calls,
        "wall_s": time.perf_counter() - wall0,
        "cpu_s": cpu() - cpu0,
        "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    })


def ours(args, body):
    from authlete_sdk import Authlete
    from authlete_sdk.models import Client

    sdk = Authlete(security={"bearer": "bench-token"}, server_url=args["url"])
    client = Client.from_dict(body)
    c = sdk.clients

    def check(r, n):
        assert (len(r.clients) == 100) if n == "list" else r.client_id is not None
        return r

    sync_ops = {
        "get": lambda: check(c.get(service_id=SERVICE, client_id=CLIENT_ID), "get"),
        "list": lambda: check(c.get_list(service_id=SERVICE, start=0, end=100), "list"),
        "create": lambda: check(c.create(service_id=SERVICE, client=client), "create"),
    }

    async def aget():
        return check(await c.get_async(service_id=SERVICE, client_id=CLIENT_ID), "get")

    async def alist():
        return check(await c.get_list_async(service_id=SERVICE, start=0, end=100), "list")

    async def acreate():
        return check(await c.create_async(service_id=SERVICE, client=client), "create")

    return sync_ops, {"get": aget, "list": alist, "create": acreate}


def peer(args, body):
    from authlete.api.authlete_api_impl import AuthleteApiImpl
    from authlete.conf.authlete_configuration import AuthleteConfiguration
    from authlete.dto.client import Client

    cnf = AuthleteConfiguration({
        "apiVersion": "V3",
        "baseUrl": args["url"],
        "serviceApiKey": SERVICE,
        "serviceAccessToken": "bench-token",
    })
    api = AuthleteApiImpl(cnf)
    client = Client.from_json(json.dumps(body))

    def check(r, n):
        assert (len(r.clients) == 100) if n == "list" else r.clientId is not None
        return r

    return {
        "get": lambda: check(api.getClient(CLIENT_ID), "get"),
        "list": lambda: check(api.getClientList(start=0, end=100), "list"),
        "create": lambda: check(api.createClient(client), "create"),
    }, None


def main() -> None:
    impl = sys.argv[1]
    args = parse(sys.argv[2:])
    workload, count = args["workload"], int(args["count"])
    wall0, cpu0 = time.perf_counter(), cpu()
    with open(os.path.join(args["fixtures"], "create.json")) as f:
        body = json.load(f)
    sync_ops, async_ops = peer(args, body) if impl == "peer" else ours(args, body)
    if workload == "cold":
        sync_ops["get"]()
        print(result(1, wall0, cpu0))
        return
    op = workload if workload in sync_ops else "get"
    if impl == "async":
        import asyncio

        async def run():
            for _ in range(int(args["warmup"])):
                await async_ops[op]()
            w0, c0 = time.perf_counter(), cpu()
            if workload == "concurrent":
                left = [count]

                async def worker():
                    while left[0] > 0:
                        left[0] -= 1
                        await async_ops["get"]()

                await asyncio.gather(*(worker() for _ in range(int(args["inflight"]))))
            else:
                for _ in range(count):
                    await async_ops[op]()
            return result(count, w0, c0)

        print(asyncio.run(run()))
        return
    for _ in range(int(args["warmup"])):
        sync_ops[op]()
    w0, c0 = time.perf_counter(), cpu()
    if workload == "concurrent":
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(int(args["inflight"])) as pool:
            for _ in pool.map(lambda _: sync_ops["get"](), range(count)):
                pass
    else:
        for _ in range(count):
            sync_ops[op]()
    print(result(count, w0, c0))


if __name__ == "__main__":
    main()
