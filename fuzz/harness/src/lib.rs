//! The fuzz targets of the Authlete SDK as plain functions over bytes. libFuzzer runs them
//! (fuzz/fuzz_targets/, nightly) and `tests/replay.rs` runs them over the committed corpus and
//! regression inputs (stable). Each function panics only when it finds a bug: a panic in the
//! code under test, or a broken invariant checked here.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::ptr;
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

use authlete::fuzzing::{self, OPERATIONS};
use authlete::{Authlete, AuthleteBuilder, CallOptions, CancellationToken, Error, ErrorKind, StatusPattern};
use authlete_c as c;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use serde_json::Value;

/// A fuzz target: one input, a panic on a bug.
pub type Target = fn(&[u8]);

/// Every target by name, as the corpus directories are named.
pub const TARGETS: &[(&str, Target)] = &[
    ("decode_response", decode_response),
    ("call_by_name", call_by_name),
    ("c_api", c_api),
    ("parsers", parsers),
];

/// A server URL that every per-call override is set to in the C target: it fails the URL
/// check (not http or https), so a call that got that far stops before any I/O.
const NO_IO_SERVER: &str = "fuzz:no-io";

/// The parts of an input separated by NUL bytes (which no C string can hold either).
fn parts(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == 0).collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Reads everything an error offers, as a binding does.
fn touch_error(e: &Error) {
    let _ = e.to_string();
    let _ = format!("{e:?}");
    let _ = (e.kind().name(), e.status(), e.result_code(), e.result_message(), e.field());
    if let Some(r) = e.response() {
        let _ = (r.status, r.content_type.len(), r.body.len(), r.headers.len());
    }
}

// ---------------------------------------------------------------------------------------------
// decode_response

const STATUSES: [u16; 4] = [200, 201, 400, 404];
const CONTENT_TYPES: [Option<&str>; 4] =
    [Some("application/json"), None, Some("application/json; charset=utf-8"), Some("text/html")];

/// A response as the transport hands it over. The first byte selects the operation (bits
/// 0-3), the Content-Type (bits 4-5) and the status (bits 6-7); the rest is the body. A
/// success goes through the operation's decoding as the JSON bindings (checked body or typed
/// decode), the typed bindings (boxed model) and the typed decode alone; an error status
/// through the error mapping.
///
/// Invariants: the three ways agree on success or failure; the checked body, when handed over,
/// holds the same JSON value as the typed decode written again; a failure is a
/// `ResponseValidationError` for a success status, a `ResultError` or `AuthleteDefaultError`
/// for an error status.
pub fn decode_response(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else { return };
    let op = OPERATIONS[usize::from(selector & 0x0f) % OPERATIONS.len()];
    let content_type = CONTENT_TYPES[usize::from((selector >> 4) & 3)];
    let status = STATUSES[usize::from(selector >> 6)];
    let mut headers = HeaderMap::new();
    if let Some(ct) = content_type {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    let body = Bytes::copy_from_slice(body);
    if (200..300).contains(&status) {
        let json = (op.json)(status, &headers, &body);
        let typed = (op.typed_json)(status, &headers, &body);
        let model = (op.typed)(status, &headers, &body);
        match (&json, &typed) {
            (Ok(a), Ok(b)) => {
                if let (Some(a), Some(b)) = (a, b) {
                    let va: Value = serde_json::from_str(a).expect("the JSON output is JSON");
                    let vb: Value = serde_json::from_str(b).expect("the typed output is JSON");
                    assert_eq!(va, vb, "{}: the checked body and the typed decode differ", op.name);
                } else {
                    assert_eq!(a.is_some(), b.is_some(), "{}: one way returned a body", op.name);
                }
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.kind(), ErrorKind::ResponseValidation, "{}: {a}", op.name);
                assert_eq!(b.kind(), ErrorKind::ResponseValidation, "{}: {b}", op.name);
            }
            _ => panic!("{}: the checked and the typed way disagree: {json:?} / {typed:?}", op.name),
        }
        assert_eq!(model.is_ok(), typed.is_ok(), "{}: the model and the typed JSON disagree", op.name);
        for e in [json.err(), typed.err(), model.err()].iter().flatten() {
            touch_error(e);
        }
    } else {
        let e = fuzzing::status_error(status, &headers, &body);
        assert!(
            matches!(e.kind(), ErrorKind::Result | ErrorKind::AuthleteDefault),
            "{}: status {status} gave {e:?}",
            op.name
        );
        assert_eq!(e.status(), Some(status));
        touch_error(&e);
    }
}

// ---------------------------------------------------------------------------------------------
// call_by_name

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime")
    })
}

fn client() -> &'static Authlete {
    static CLIENT: OnceLock<Authlete> = OnceLock::new();
    CLIENT.get_or_init(|| {
        Authlete::builder()
            .server("http://127.0.0.1:9/prefix")
            .bearer_token("fuzz-token")
            .build()
            .expect("the fuzz client")
    })
}

/// The by-name JSON entry (`Clients::call_json`, what every binding calls) up to, not
/// including, the network: operation name, request JSON and options JSON, separated by NUL
/// bytes. The call's cancellation token is cancelled before it starts; the call validates and
/// builds the whole request, then stops with `RequestAbortedError` where it would send it.
///
/// Invariant: the result is `SDKValidationError` (refused input) or `RequestAbortedError`
/// (everything accepted); anything else means the call got past the point of sending.
pub fn call_by_name(data: &[u8]) {
    let p = parts(data);
    let operation = text(p[0]);
    let request = p.get(1).copied().unwrap_or_default();
    let options = match p.get(2) {
        Some(json) => CallOptions::from_json(json),
        None => Ok(CallOptions::default()),
    };
    let result = options.and_then(|mut options| {
        let token = CancellationToken::new();
        token.cancel();
        options.cancel = Some(token);
        runtime().block_on(client().clients().call_json(&operation, request, Some(&options)))
    });
    match result {
        Ok(out) => panic!("{operation}: a call returned {out:?} without I/O"),
        Err(e) => {
            assert!(
                matches!(e.kind(), ErrorKind::SdkValidation | ErrorKind::RequestAborted),
                "{operation}: {e:?}"
            );
            touch_error(&e);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// c_api

/// A borrowed C string or NULL, owned by this value.
struct CArg(Option<CString>);

impl CArg {
    fn new(part: Option<&[u8]>) -> Self {
        CArg(part.map(|p| CString::new(p).expect("parts hold no NUL")))
    }

    fn ptr(&self) -> *const c_char {
        self.0.as_ref().map_or(ptr::null(), |s| s.as_ptr())
    }
}

/// The per-call options given to the C entry points: the fuzzed JSON with `serverURL` set to
/// [`NO_IO_SERVER`] when it is an object (so the call stops before I/O), as it is otherwise
/// (refused by the options parser), `{"serverURL": NO_IO_SERVER}` when absent.
fn no_io_options(part: Option<&[u8]>) -> CArg {
    let forced = |mut map: serde_json::Map<String, Value>| {
        map.remove("serverUrl");
        map.insert("serverURL".into(), Value::from(NO_IO_SERVER));
        serde_json::to_vec(&Value::Object(map)).expect("a JSON object")
    };
    match part {
        None => CArg::new(Some(&forced(serde_json::Map::new()))),
        Some(p) => match serde_json::from_slice::<Value>(p) {
            Ok(Value::Object(map)) => CArg::new(Some(&forced(map))),
            _ => CArg::new(Some(p)),
        },
    }
}

/// A C string the library returned or owns: must be valid until freed.
fn read_c(p: *const c_char) {
    if !p.is_null() {
        // SAFETY: the library hands out NUL-terminated strings.
        let _ = unsafe { CStr::from_ptr(p) }.to_bytes().len();
    }
}

/// Every accessor of an error, then frees it; returns its kind.
fn consume_error(e: *mut c::authlete_error) -> c::authlete_kind {
    // SAFETY: `e` is NULL or a live error from the library, freed once here.
    unsafe {
        let kind = c::authlete_error_kind(e);
        let _ = c::authlete_error_status(e);
        for s in [
            c::authlete_error_message(e),
            c::authlete_error_kind_name(e),
            c::authlete_error_result_code(e),
            c::authlete_error_result_message(e),
            c::authlete_error_body(e),
            c::authlete_error_content_type(e),
            c::authlete_error_field(e),
            c::authlete_error_reason(e),
            c::authlete_error_header(e, c"content-type".as_ptr()),
        ] {
            read_c(s);
        }
        let _ = c::authlete_error_attempts(e);
        // The boundary turns a panic into an UnexpectedClientError: a bug all the same.
        assert_ne!(
            kind,
            c::authlete_kind::AUTHLETE_UNEXPECTED_CLIENT_ERROR,
            "a panic was caught at the C boundary"
        );
        c::authlete_error_free(e);
        kind
    }
}

/// What a call through the C API must give in this target: a validation error, with an error
/// object, and no result.
fn check_refused(what: &str, kind: c::authlete_kind, out: *mut c_char, err: *mut c::authlete_error) {
    assert!(out.is_null(), "{what}: a result without I/O");
    let err_kind = consume_error(err);
    assert_eq!(kind, c::authlete_kind::AUTHLETE_SDK_VALIDATION_ERROR, "{what}: unexpected kind");
    assert_eq!(err_kind, kind, "{what}: the error object has another kind");
}

/// What the completion callback saw: the kind, whether it got a result, the error's kind.
type Completion = (c::authlete_kind, bool, c::authlete_kind);

extern "C" fn completion(
    user_data: *mut c_void,
    kind: c::authlete_kind,
    out_json: *mut c_char,
    err: *mut c::authlete_error,
) {
    // SAFETY: `user_data` is the boxed sender given to authlete_call_async, owned from here:
    // the channel then lives until `send` has returned, whatever the receiving thread does.
    let tx = unsafe { Box::from_raw(user_data as *mut mpsc::Sender<Completion>) };
    let had_result = !out_json.is_null();
    // SAFETY: the callback owns `out_json`.
    unsafe { c::authlete_string_free(out_json) };
    let err_kind = consume_error(err);
    let _ = tx.send((kind, had_result, err_kind));
}

/// The C entry points (bindings/c) with arbitrary strings: the first byte selects the entry
/// point, the rest is split at NUL bytes into its string arguments, a missing one passed as
/// NULL. The client comes from the first string (`authlete_client_new`, options JSON or
/// NULL); the calls get the options of [`no_io_options`], so they end before any I/O.
///
/// Invariants: no panic or leak; a call fails with `AUTHLETE_SDK_VALIDATION_ERROR`, an error
/// object of that kind and no result; an async call that starts calls back exactly once.
pub fn c_api(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else { return };
    let p = parts(rest);
    let arg = |i: usize| CArg::new(p.get(i).copied());
    let client_options = arg(0);
    let mut client: *mut c::authlete_client = ptr::null_mut();
    let mut err: *mut c::authlete_error = ptr::null_mut();
    // SAFETY: valid pointers and NUL-terminated strings throughout, each result freed once.
    unsafe {
        let kind = c::authlete_client_new(client_options.ptr(), &mut client, &mut err);
        if kind == c::authlete_kind::AUTHLETE_OK {
            assert!(err.is_null() && !client.is_null(), "authlete_client_new: OK without a client");
        } else {
            assert!(client.is_null(), "authlete_client_new: a client and an error");
            assert_eq!(consume_error(err), kind);
        }
        let c_ptr = client as *const c::authlete_client;
        let mut out: *mut c_char = ptr::null_mut();
        let mut err: *mut c::authlete_error = ptr::null_mut();
        match selector % 8 {
            0 => {
                let (op, req, opts) = (arg(1), arg(2), no_io_options(p.get(3).copied()));
                let kind =
                    c::authlete_call_with_options(c_ptr, op.ptr(), req.ptr(), opts.ptr(), &mut out, &mut err);
                check_refused("authlete_call_with_options", kind, out, err);
            }
            1 => {
                let (op, req, opts) = (arg(1), arg(2), no_io_options(p.get(3).copied()));
                let (tx, rx) = mpsc::channel::<Completion>();
                let tx = Box::into_raw(Box::new(tx));
                let mut cancel: *mut c::authlete_cancel = ptr::null_mut();
                let kind = c::authlete_call_async(
                    c_ptr,
                    op.ptr(),
                    req.ptr(),
                    opts.ptr(),
                    Some(completion),
                    tx.cast::<c_void>(),
                    &mut cancel,
                    &mut err,
                );
                if kind == c::authlete_kind::AUTHLETE_OK {
                    assert!(err.is_null() && !cancel.is_null(), "authlete_call_async: OK without a handle");
                    let (kind, had_result, err_kind) =
                        rx.recv_timeout(Duration::from_secs(10)).expect("authlete_call_async: no callback");
                    assert!(!had_result, "authlete_call_async: a result without I/O");
                    assert_eq!(kind, c::authlete_kind::AUTHLETE_SDK_VALIDATION_ERROR, "authlete_call_async");
                    assert_eq!(err_kind, kind);
                    c::authlete_cancel_request(cancel);
                } else {
                    // Not started: the callback never runs, the sender is ours again.
                    drop(Box::from_raw(tx));
                    assert!(cancel.is_null(), "authlete_call_async: a handle and an error");
                    check_refused("authlete_call_async", kind, out, err);
                }
                c::authlete_cancel_free(cancel);
                assert!(rx.try_recv().is_err(), "authlete_call_async: called back twice");
            }
            2 => {
                let (a, b, opts) = (arg(1), arg(2), no_io_options(p.get(3).copied()));
                let kind = c::authlete_clients_get(c_ptr, a.ptr(), b.ptr(), opts.ptr(), &mut out, &mut err);
                check_refused("authlete_clients_get", kind, out, err);
            }
            3 => {
                let (a, dev) = (arg(1), arg(2));
                let num = |i: usize| p.get(i).map(|t| text(t).trim().parse::<i32>().unwrap_or(-1));
                let (start, end) = (num(3), num(4));
                let opts = no_io_options(p.get(5).copied());
                let kind = c::authlete_clients_get_list(
                    c_ptr,
                    a.ptr(),
                    dev.ptr(),
                    start.as_ref().map_or(ptr::null(), |v| v as *const i32),
                    end.as_ref().map_or(ptr::null(), |v| v as *const i32),
                    opts.ptr(),
                    &mut out,
                    &mut err,
                );
                check_refused("authlete_clients_get_list", kind, out, err);
            }
            4 => {
                let (a, body, opts) = (arg(1), arg(2), no_io_options(p.get(3).copied()));
                let kind =
                    c::authlete_clients_create(c_ptr, a.ptr(), body.ptr(), opts.ptr(), &mut out, &mut err);
                check_refused("authlete_clients_create", kind, out, err);
            }
            5 => {
                let (a, b, body, opts) = (arg(1), arg(2), arg(3), no_io_options(p.get(4).copied()));
                let kind = c::authlete_clients_update(
                    c_ptr,
                    a.ptr(),
                    b.ptr(),
                    body.ptr(),
                    opts.ptr(),
                    &mut out,
                    &mut err,
                );
                check_refused("authlete_clients_update", kind, out, err);
            }
            6 => {
                let (a, b, opts) = (arg(1), arg(2), no_io_options(p.get(3).copied()));
                let kind = c::authlete_clients_delete(c_ptr, a.ptr(), b.ptr(), opts.ptr(), &mut err);
                check_refused("authlete_clients_delete", kind, out, err);
            }
            _ => {
                // The static strings and the NULL cases of the accessors and free functions.
                let n = p.get(1).map_or(0, |t| text(t).trim().parse::<c_int>().unwrap_or(c_int::MIN));
                read_c(c::authlete_kind_name(n));
                read_c(c::authlete_version());
                assert_eq!(consume_error(ptr::null_mut()), c::authlete_kind::AUTHLETE_OK);
                c::authlete_string_free(ptr::null_mut());
                c::authlete_cancel_request(ptr::null());
                c::authlete_cancel_free(ptr::null_mut());
                c::authlete_client_free(ptr::null_mut());
            }
        }
        c::authlete_client_free(client);
    }
}

// ---------------------------------------------------------------------------------------------
// parsers

/// The parsers of values that come from outside: the first byte selects one, the rest is its
/// input. `Retry-After` values (and the wait they give under a retry configuration), server
/// names and URLs, `SDKOptions` JSON (resolved, and a whole client built), per-call options
/// JSON, retried status patterns.
///
/// Invariants: no panic; a resolved server URL resolves again to itself; a `Retry-After` of
/// delay seconds gives exactly that many seconds.
pub fn parsers(data: &[u8]) {
    let Some((&selector, input)) = data.split_first() else { return };
    let s = text(input);
    match selector % 6 {
        0 => {
            let parsed = fuzzing::parse_retry_after(&s);
            if let Ok(secs) = s.trim().parse::<u64>() {
                assert_eq!(parsed, Some(Duration::from_secs(secs)), "Retry-After {s:?}");
            }
            retry_waits(&authlete::RetryConfig::default(), parsed);
        }
        1 => {
            if let Ok(url) = fuzzing::server_url(&s) {
                let again = fuzzing::server_url(&url);
                assert_eq!(again.as_ref().ok(), Some(&url), "server URL {s:?} resolved to {url:?}");
            }
            let _ = fuzzing::parsed_server_url(&s);
            let _ = AuthleteBuilder::default().server(s.as_str()).resolve();
        }
        2 => {
            let resolved = AuthleteBuilder::default().sdk_options_json(input).and_then(|b| b.resolve());
            match resolved {
                Ok(config) => {
                    let again = fuzzing::server_url(&config.server_url);
                    assert_eq!(again.as_ref().ok(), Some(&config.server_url), "options {s:?}");
                    retry_waits(&config.retry, Some(Duration::from_secs(1)));
                    retry_waits(&config.retry, None);
                    let client = Authlete::from_options_json(input, "fuzz");
                    assert!(client.is_ok(), "options {s:?} resolve but build no client: {client:?}");
                }
                Err(e) => touch_error(&e),
            }
        }
        3 => match CallOptions::from_json(input) {
            Ok(o) => {
                let _ = format!("{o:?}");
                if let Some(url) = &o.server_url {
                    let _ = fuzzing::parsed_server_url(url);
                }
                if let Some(retry) = &o.retries {
                    retry_waits(retry, None);
                }
            }
            Err(e) => touch_error(&e),
        },
        4 => {
            if let Ok(p) = StatusPattern::parse(&s) {
                let _ = (100..600).filter(|&code| p.matches(code)).count();
            }
        }
        _ => {
            // SDKOptions JSON, NUL, a Retry-After value: the wait a retry would take.
            let p = parts(input);
            let config = AuthleteBuilder::default().sdk_options_json(p[0]).and_then(|b| b.resolve());
            let retry_after = p.get(1).and_then(|v| fuzzing::parse_retry_after(&text(v)));
            if let Ok(config) = config {
                retry_waits(&config.retry, retry_after);
            }
        }
    }
}

/// The wait before a few retries, at a few elapsed times, as the retry loop computes it.
fn retry_waits(config: &authlete::RetryConfig, retry_after: Option<Duration>) {
    for retry in [1, 2, 10, u32::MAX] {
        for elapsed in [Duration::ZERO, Duration::from_millis(1500), Duration::from_secs(864_000)] {
            let _ = fuzzing::retry_wait(config, retry, elapsed, retry_after);
        }
    }
}
