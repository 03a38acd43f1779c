#!/usr/bin/env python3
"""Writes the initial inputs of the fuzz targets into a directory (default fuzz/initial/, not
committed; `make fuzz` minimises them into fuzz/corpus/ together with what the fuzzer finds):
the responses the emulator gives to every call of tests/cases (through the raw-HTTP reference
runner tests/cases/check.py), the calls and options of those cases, documented option JSONs,
Retry-After values and server URLs. Run it under tests/with-emulator.sh."""

import hashlib, json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "cases"))
import check  # noqa: E402

OPS = ["get", "getList", "create", "update", "delete", "updateLockFlag", "rotateSecret", "updateSecret",
       "getAuthorizedApplications", "updateTokens", "deleteTokens", "getGrantedScopes", "deleteGrantedScopes",
       "getRequestableScopes", "updateRequestableScopes", "deleteRequestableScopes"]
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fuzz", "initial")


def put(target, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def j(v):
    return json.dumps(v, separators=(",", ":")).encode()


def response_selector(op, status, ct):
    essence = ct.split(";")[0].strip().lower()
    c = 1 if not ct else 0 if ct == "application/json" else 2 if essence == "application/json" else 3
    s = {200: 0, 201: 1, 204: 0}.get(status, 2 if status in (400, 401, 403, 500) else 3)
    return OPS.index(op) | c << 4 | s << 6


original_finish = check.finish


def recording_finish(op, status, hdrs, data):
    put("decode_response", bytes([response_selector(op, status, hdrs.get("content-type", ""))]) + data)
    if "retry-after" in hdrs:
        put("parsers", b"\0" + hdrs["retry-after"].encode())
    return original_finish(op, status, hdrs, data)


check.finish = recording_finish
original_run_call = check.run_call


def recording_run_call(options, op, req, opts):
    opts_json = j({k: v for k, v in opts.items() if k != "abortAfterMs"})
    put("call_by_name", b"clients." + op.encode() + b"\0" + j(req) + (b"\0" + opts_json if opts else b""))
    put("c_api", b"\0" + j({k: v for k, v in options.items() if k != "serverURL"}) + b"\0" + op.encode() + b"\0" + j(req))
    put("parsers", b"\x02" + j(options))
    if opts:
        put("parsers", b"\x03" + opts_json)
    return original_run_call(options, op, req, opts)


check.run_call = recording_run_call

TOKEN_OPTIONS = {"security": {"bearer": "TOKEN"}}
for options in [
    {}, TOKEN_OPTIONS, {"security": {"authlete": "T"}, "serverIdx": 1}, {"server": "eu"},
    {"serverURL": "https://us.authlete.com", "timeoutMs": 5000, "connectTimeoutMs": 1000},
    {"retryConfig": {"strategy": "none"}, "retryCodes": ["5XX", "429"], "userAgent": "my-app/1.0"},
    {"retryConfig": {"strategy": "backoff", "backoff": {"initialInterval": 10, "maxInterval": 50,
                                                        "exponent": 1.5, "maxElapsedTime": 3000},
                     "retryConnectionErrors": True}},
]:
    put("parsers", b"\x02" + j(options))
    put("parsers", b"\x05" + j(options) + b"\x00120")
for opts in [{"timeoutMs": 2000, "retries": {"strategy": "none"}, "retryCodes": ["503"],
              "serverURL": "https://jp.authlete.com", "headers": {"X-Trace": "1"}},
             {"fetchOptions": {"headers": {"X-A": "b"}}}, {"serverUrl": "jp"}]:
    put("parsers", b"\x03" + j(opts))
for v in ["0", "3", "120", " 7 ", "Wed, 21 Oct 2015 07:28:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT",
          "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Fri, 31 Dec 9999 23:59:59 GMT", "soon"]:
    put("parsers", b"\x00" + v.encode())
for u in ["us", "JP", "eu", "br", "https://us.authlete.com", "http://localhost:8080/prefix/",
          "http://[::1]:3000", "https://user:pw@example.com/a/b/", "ftp://x", "http://h/?q=1", "not a url"]:
    put("parsers", b"\x01" + u.encode())
for p in ["5XX", "429", "4xx", "9XX", "42"]:
    put("parsers", b"\x04" + p.encode())

# The typed C functions and the accessors, with valid and invalid arguments.
client_opts = j(TOKEN_OPTIONS)
for mode, args in [
    (2, [b"715948317", b"1140735077"]), (2, [b"", b"x"]), (3, [b"715948317", b"john", b"0", b"5"]),
    (3, [b"1", b"", b"-1"]), (4, [b"715948317", j({"clientName": "My client", "clientType": "CONFIDENTIAL"})]),
    (4, [b"1", b"{not json"]), (5, [b"1", b"2", j({"clientName": "x", "redirectUris": ["https://a/cb"]})]),
    (6, [b"1", b"2"]), (6, [b"1", b".."]), (7, [b"3"]), (7, [b"-1"]), (1, [b"clients.get", j({"serviceId": "1", "clientId": "2"})]),
]:
    put("c_api", bytes([mode]) + b"\0".join([client_opts] + args))

check.SPEC = check.load_spec()
for fn in sorted(os.listdir(os.path.join(ROOT, "tests", "cases"))):
    if fn.endswith(".json"):
        with open(os.path.join(ROOT, "tests", "cases", fn)) as f:
            for case in json.load(f)["cases"]:
                try:
                    check.run_case(case)
                except Exception as e:  # noqa: BLE001
                    print(f"{case['name']}: {e}", file=sys.stderr)
for target in sorted(os.listdir(OUT)):
    print(f"{target}: {len(os.listdir(os.path.join(OUT, target)))} inputs")
