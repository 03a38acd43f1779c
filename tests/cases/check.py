#!/usr/bin/env python3
"""Reference runner for tests/cases over raw HTTP (no SDK): checks that the case data agree
with the emulator and with the SDK's documented rules (retries, error kinds, validation). It is a
model of what an SDK runner does, not a test of any SDK.

Usage: tests/with-emulator.sh python3 tests/cases/check.py [FILTER]
Needs PyYAML (python3-yaml) for response validation against spec/.
"""
import http.client, json, os, re, socket, sys, time, urllib.parse, zlib
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.environ.get("AUTHLETE_EMULATOR_URL", "")
OPS = {  # name: (method, template, body field, response schema or None for 204, idempotent)
    "get": ("GET", "/client/get/{clientId}", None, "client"),
    "getList": ("GET", "/client/get/list", None, "client_get_list_response"),
    "create": ("POST", "/client/create", "client", "client"),
    "update": ("POST", "/client/update/{clientId}", "client", "client"),
    "delete": ("DELETE", "/client/delete/{clientId}", None, None),
    "updateLockFlag": ("POST", "/client/lock_flag/update/{clientIdentifier}", "clientFlagUpdateRequest", "client_flag_update_response"),
    "rotateSecret": ("GET", "/client/secret/refresh/{clientIdentifier}", None, "client_secret_refresh_response"),
    "updateSecret": ("POST", "/client/secret/update/{clientIdentifier}", "clientSecretUpdateRequest", "client_secret_update_response"),
    "getAuthorizedApplications": ("GET", "/client/authorization/get/list/{subject}", None, "client_authorization_get_list_response"),
    "updateTokens": ("POST", "/client/authorization/update/{clientId}", "clientAuthorizationUpdateRequest", "client_authorization_update_response"),
    "deleteTokens": ("DELETE", "/client/authorization/delete/{clientId}/{subject}", None, "client_authorization_delete_response"),
    "updateRequestableScopes": ("PUT", "/client/extension/requestable_scopes/update/{clientId}", "clientExtensionRequestableScopesUpdateRequest", "client_extension_requestable_scopes_update_response"),
    "deleteRequestableScopes": ("DELETE", "/client/extension/requestable_scopes/delete/{clientId}", None, None),
    "getGrantedScopes": ("GET", "/client/granted_scopes/get/{clientId}/{subject}", None, "client_authorization_delete_response"),
    "deleteGrantedScopes": ("DELETE", "/client/granted_scopes/delete/{clientId}/{subject}", None, "client_granted_scopes_delete_response"),
    "getRequestableScopes": ("GET", "/client/extension/requestable_scopes/get/{clientId}", None, "client_extension_requestable_scopes_get_response"),
}
SUBJECT_QUERY = {"getAuthorizedApplications", "deleteTokens", "getGrantedScopes", "deleteGrantedScopes"}
REQUIRED_BODY = {"updateSecret", "updateRequestableScopes"}
READ_ONLY = ["clientId", "number", "serviceNumber", "clientSecret", "createdAt", "modifiedAt", "dynamicallyRegistered", "derivedSectorIdentifier"]
BASE_OPTIONS = {"security": {"bearer": "test-token"}, "retryConfig": {"strategy": "backoff", "backoff": {
    "initialInterval": 10, "maxInterval": 50, "exponent": 1.5, "maxElapsedTime": 3000}, "retryConnectionErrors": True}}


class Fail(Exception):
    def __init__(self, kind, status=None, body=None, code=None, field=None):
        super().__init__(kind)
        self.kind, self.status, self.body, self.code, self.field = kind, status, body, code, field


def load_spec():
    import yaml
    with open(os.path.join(HERE, "..", "..", "spec", "authlete-clients.openapi.yaml")) as f:
        return yaml.safe_load(f)


SPEC = None


def validate(schema, v, at):
    while "$ref" in schema:
        schema = SPEC["components"]["schemas"][schema["$ref"].split("/")[-1]]
    if v is None:
        return
    t = schema.get("type")
    if t == "object":
        if not isinstance(v, dict):
            raise ValueError(f"{at}: object expected")
        for k, s in schema.get("properties", {}).items():
            if k in v:
                validate(s, v[k], f"{at}.{k}")
    elif t == "array":
        if not isinstance(v, list):
            raise ValueError(f"{at}: array expected")
        for i, x in enumerate(v):
            validate(schema["items"], x, f"{at}[{i}]")
    elif t == "string" and not isinstance(v, str):
        raise ValueError(f"{at}: string expected")
    elif t == "integer" and (isinstance(v, bool) or not isinstance(v, int)):
        raise ValueError(f"{at}: integer expected")
    elif t == "boolean" and not isinstance(v, bool):
        raise ValueError(f"{at}: boolean expected")


def strip_nulls(v):
    if isinstance(v, dict):
        return {k: strip_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [strip_nulls(x) for x in v]
    return v


MAX_RESPONSE_BYTES = 16 << 20
B64TOKEN = re.compile(r"[A-Za-z0-9._~+/-]+=*")


def loads(data):
    """JSON with numbers kept exactly (fractions as Decimal)."""
    return json.loads(data, parse_float=Decimal)


def dumps(v):
    """JSON with Decimals written digit for digit."""
    marks = []

    def default(o):
        if isinstance(o, Decimal):
            marks.append(str(o))
            return f"\u0000num{len(marks) - 1}"
        raise TypeError(type(o).__name__)

    text = json.dumps(v, default=default)
    return re.sub(r'"\\u0000num(\d+)"', lambda m: marks[int(m.group(1))], text)


def enc(s):
    return urllib.parse.quote(str(s), safe="-_~")


def check_input(op, req, opts, token):
    def bad(field):
        raise Fail("SDKValidationError", field=field)
    method, template, body_field, _ = OPS[op]
    for name in ["serviceId"] + re.findall(r"{(\w+)}", template):
        if name == "subject":
            continue
        v = req.get(name)
        if not isinstance(v, str) or v in ("", ".", ".."):
            bad(name)
    if op in SUBJECT_QUERY:
        p = req.get("subjectPathParameter", req.get("subject"))
        if not p or p in (".", ".."):
            bad("subject")
    for k in ("start", "end"):
        if k in req and (not isinstance(req[k], int) or req[k] < 0):
            bad(k)
    for k, v in (opts.get("headers") or {}).items():
        if any(ord(c) < 32 or ord(c) == 127 for c in v):
            bad("headers")
    if token and not B64TOKEN.fullmatch(token):
        bad("security")
    for k in ("developer", "subjectQueryParameter"):
        if isinstance(req.get(k), str) and any(ord(c) < 32 or 127 <= ord(c) < 160 for c in req[k]):
            bad(k)
    body = req.get(body_field) if body_field else None
    if op in REQUIRED_BODY and body is None:
        bad(body_field)
    if op == "updateSecret":
        s = body.get("clientSecret")
        if not isinstance(s, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,86}", s):
            bad("clientSecretUpdateRequest.clientSecret")
    if op == "updateLockFlag" and not isinstance((body or {}).get("clientLocked"), bool):
        bad("clientFlagUpdateRequest.clientLocked")
    if op == "updateTokens" and not isinstance((body or {}).get("subject"), str):
        bad("clientAuthorizationUpdateRequest.subject")
    if body_field == "client" and body is not None and not isinstance(body.get("clientName", ""), (str, type(None))):
        bad("client.clientName")


def build(op, req):
    method, template, body_field, _ = OPS[op]
    vals = dict(req)
    if op in SUBJECT_QUERY:
        vals["subject"] = req.get("subjectPathParameter", req.get("subject"))
    path = "/api/" + enc(req["serviceId"]) + re.sub(r"{(\w+)}", lambda m: enc(vals[m.group(1)]), template)
    q = []
    if op in SUBJECT_QUERY:
        q.append(("subject", req.get("subjectQueryParameter", req.get("subject"))))
    for k in ("developer", "start", "end"):
        if k in req:
            q.append((k, req[k]))
    if q:
        path += "?" + "&".join(f"{enc(k)}={enc(v)}" for k, v in q)
    body = None
    if body_field and req.get(body_field) is not None:
        b = req[body_field]
        if body_field == "client":
            b = {k: v for k, v in b.items() if k not in READ_ONLY and v is not None}
        body = dumps(b).encode()
    return method, path, body


def read_capped(r, limit):
    """The body, decompressed, or a ResponseValidationError past `limit` bytes."""
    gz = r.getheader("Content-Encoding", "").lower() == "gzip"
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gz else None
    out = bytearray()
    while True:
        chunk = r.read(65536)
        if not chunk:
            if r.length:  # the connection closed before the announced length
                raise http.client.IncompleteRead(bytes(out), r.length)
            break
        out += inflate.decompress(chunk, limit + 1 - len(out)) if inflate else chunk
        if len(out) > limit:
            raise Fail("ResponseValidationError", r.status)
    return bytes(out)


def once(url, method, path, body, headers, timeout, limit=MAX_RESPONSE_BYTES):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        try:
            conn.connect()
        except ConnectionRefusedError:
            raise Fail("ConnectionError", body="refused")
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = read_capped(r, limit)
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data
    except socket.timeout:
        raise Fail("RequestTimeoutError")
    except (http.client.HTTPException, ConnectionError, OSError) as e:
        if isinstance(e, Fail):
            raise
        raise Fail("ConnectionError", body="ambiguous")
    finally:
        conn.close()


def run_call(options, op, req, opts):
    token = (options.get("security") or {}).get("authlete") or (options.get("security") or {}).get("bearer")
    check_input(op, req, opts, token)
    method, path, body = build(op, req)
    headers = {"Accept": "application/json", "User-Agent": "cases-check/0"}
    if token:
        headers["Authorization"] = "Bearer " + token
    if body is not None:
        headers["Content-Type"] = "application/json"
    headers.update(opts.get("headers") or {})
    retry = opts.get("retries") or options.get("retryConfig") or {"strategy": "none"}
    codes = opts.get("retryCodes") or ["429", "500", "502", "503", "504"]
    idempotent = op != "create"
    deadline = time.monotonic() + (opts.get("timeoutMs") or options.get("timeoutMs") or 60000) / 1000
    if opts.get("abortAfterMs"):
        deadline = time.monotonic() + opts["abortAfterMs"] / 1000
    start, attempt = time.monotonic(), 0
    bo = retry.get("backoff", {})
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Fail("RequestAbortedError" if opts.get("abortAfterMs") else "RequestTimeoutError")
        wait, result = None, None
        try:
            limit = opts.get("maxResponseBytes") or options.get("maxResponseBytes") or MAX_RESPONSE_BYTES
            status, hdrs, data = once(options["serverURL"], method, path, body, headers, remaining, limit)
            matches = any(str(status) == c or (c.endswith("XX") and str(status)[0] == c[0]) for c in codes)
            if status >= 400 and retry.get("strategy") == "backoff" and matches and (idempotent or status in (429, 503)):
                ra = hdrs.get("retry-after")
                if ra:
                    wait = float(ra) if ra.isdigit() else 0.0
                result = ("status", status, hdrs, data)
            else:
                return finish(op, status, hdrs, data)
        except Fail as f:
            if f.kind == "RequestTimeoutError" and opts.get("abortAfterMs"):
                raise Fail("RequestAbortedError")
            retryable = (f.kind == "ConnectionError" and retry.get("strategy") == "backoff" and retry.get("retryConnectionErrors", True)
                         and (f.body == "refused" or idempotent))
            if not retryable:
                raise
            result = ("fail", f)
        if wait is None:
            wait = min(bo.get("initialInterval", 500) * float(bo.get("exponent", 1.5)) ** attempt, bo.get("maxInterval", 60000)) / 1000
        attempt += 1
        if time.monotonic() - start + wait > bo.get("maxElapsedTime", 3600000) / 1000:
            if result[0] == "fail":
                raise result[1]
            return finish(op, *result[1:])
        time.sleep(wait)


def finish(op, status, hdrs, data):
    ct = hdrs.get("content-type", "").split(";")[0].strip().lower()
    if status >= 300:
        if status in (400, 401, 403, 500) and ct == "application/json":
            try:
                v = loads(data)
                if isinstance(v, dict):
                    raise Fail("ResultError", status, v, v.get("resultCode"))
            except ValueError:
                pass
        raise Fail("AuthleteDefaultError", status, data)
    schema = OPS[op][3]
    if schema is None:
        return None
    if ct != "application/json":
        raise Fail("ResponseValidationError", status)
    try:
        v = loads(data)
        validate({"$ref": "#/components/schemas/" + schema}, v, op)
    except ValueError:
        raise Fail("ResponseValidationError", status)
    return strip_nulls(v)


def lookup(saved, expr):
    conv = None
    if "|" in expr:
        expr, conv = expr.split("|", 1)
    parts = expr.split(".")
    v = saved[parts[0]]
    for p in parts[1:]:
        v = v[int(p)] if isinstance(v, list) else v[p]
    if conv == "string":
        v = v if isinstance(v, str) else dumps(v)
    return v


def subst(v, saved):
    if isinstance(v, str):
        m = re.fullmatch(r"\$\{([^}]+)\}", v)
        if m:
            return lookup(saved, m.group(1))
        return re.sub(r"\$\{([^}]+)\}", lambda m: (lambda x: x if isinstance(x, str) else dumps(x))(lookup(saved, m.group(1))), v)
    if isinstance(v, list):
        return [subst(x, saved) for x in v]
    if isinstance(v, dict):
        return {k: subst(x, saved) for k, x in v.items()}
    return v


def match(exp, act, at="$"):
    if exp == "$any":
        if act is None:
            raise AssertionError(f"{at}: missing")
        return
    if exp == "$absent" or exp is None:
        if act is not None:
            raise AssertionError(f"{at}: expected absent, got {act!r}")
        return
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            raise AssertionError(f"{at}: expected object, got {act!r}")
        for k, x in exp.items():
            match(x, act.get(k), f"{at}.{k}")
    elif isinstance(exp, list):
        if not isinstance(act, list) or len(act) != len(exp):
            raise AssertionError(f"{at}: expected {len(exp)} items, got {act!r}")
        for i, (x, y) in enumerate(zip(exp, act)):
            match(x, y, f"{at}[{i}]")
    elif isinstance(exp, bool) or isinstance(act, bool):
        if exp is not act:
            raise AssertionError(f"{at}: expected {exp!r}, got {act!r}")
    elif exp != act:
        raise AssertionError(f"{at}: expected {exp!r}, got {act!r}")


def admin(what, body):
    status, _, data = once(BASE, "POST", "/__emulator/" + what, dumps(body).encode(), {"Content-Type": "application/json"}, 10)
    if status // 100 != 2:
        raise AssertionError(f"admin {what}: {status} {data!r}")
    return loads(data)


def run_case(case):
    admin("reset", {})
    options = dict(BASE_OPTIONS, serverURL=BASE)
    options.update(case.get("client", {}))
    saved = {}
    for i, step in enumerate(case["steps"]):
        step = subst(step, saved)
        try:
            if "admin" in step:
                end = time.monotonic() + step.get("waitMs", 0) / 1000
                while True:
                    v = admin(step["admin"], step.get("body", {}))
                    try:
                        match(step.get("expect", {}), v)
                        break
                    except AssertionError:
                        if time.monotonic() >= end:
                            raise
                        time.sleep(0.05)
            else:
                exp = step["expect"]
                try:
                    v = run_call(options, step["call"].split(".", 1)[1], step["request"], step.get("options") or {})
                except Fail as f:
                    if "error" not in exp:
                        raise AssertionError(f"unexpected {f.kind} {f.status} {f.code} {f.body!r:.200}")
                    e = exp["error"]
                    got = {"kind": f.kind, "status": f.status, "resultCode": f.code}
                    match({k: e[k] for k in ("kind", "status", "resultCode") if k in e}, got)
                    if "field" in e and not (f.field == e["field"] or (f.field or "").startswith(e["field"] + ".")):
                        raise AssertionError(f"field {f.field} != {e['field']}")
                    continue
                if "error" in exp:
                    raise AssertionError(f"expected {exp['error']}, got result {dumps(v)[:200]}")
                if exp.get("void"):
                    match("$absent", v)
                else:
                    match(exp["result"], v)
            if "save" in step:
                saved[step["save"]] = v
        except AssertionError as e:
            raise AssertionError(f"step {i}: {e}")


def main():
    global SPEC
    SPEC = load_spec()
    filt = sys.argv[1] if len(sys.argv) > 1 else ""
    passed = failed = 0
    for fn in sorted(os.listdir(HERE)):
        if not fn.endswith(".json"):
            continue
        with open(os.path.join(HERE, fn)) as f:
            cases = loads(f.read())["cases"]
        for case in cases:
            if filt not in case["name"]:
                continue
            try:
                run_case(case)
                passed += 1
            except Exception as e:  # noqa: BLE001
                failed += 1
                print(f"FAIL {case['name']}: {e}")
    print(f"cases: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
