//! A hostile or broken server: bodies over the cap (plain and gzip bombs), redirects to
//! another origin, secrets echoed in errors; and TLS (extra CA, mutual TLS) and an explicit
//! proxy, against the emulator serving HTTPS with a PKI made here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::sync::Arc;

use authlete::{Authlete, CallOptions, ClientGetApiRequest, ClientSecretUpdateApiRequest, ErrorKind};
use authlete_emulator::Emulator;
use serde_json::{json, Value};

const TOKEN: &str = "hostile-test-token-0123456789";

/// An emulator on loopback (HTTPS with `tls`), its base URL, and a plain admin client.
struct Emu {
    base: String,
    admin: reqwest::Client,
    admin_base: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Emu {
    async fn start(tls: Option<tokio_rustls::TlsAcceptor>) -> Emu {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let emu = Arc::new(Emulator::new());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let scheme = if tls.is_some() { "https" } else { "http" };
        // The admin API over plain HTTP on a second listener of the same emulator.
        let admin_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let admin_addr = admin_listener.local_addr().unwrap();
        let (atx, arx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(authlete_emulator::server::serve_tls(listener, emu.clone(), tls, async move {
            let _ = rx.await;
        }));
        tokio::spawn(authlete_emulator::server::serve_with(admin_listener, emu, async move {
            let _ = arx.await;
            drop(atx);
        }));
        Emu {
            base: format!("{scheme}://{addr}"),
            admin: reqwest::Client::new(),
            admin_base: format!("http://{admin_addr}"),
            _stop: tx,
        }
    }

    async fn admin(&self, what: &str, body: Value) -> Value {
        let r = self
            .admin
            .post(format!("{}/__emulator/{what}", self.admin_base))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "admin {what}: {}", r.status());
        serde_json::from_slice(&r.bytes().await.unwrap()).unwrap()
    }

    async fn seed(&self) {
        self.admin("seed", json!({"serviceId": "s1", "clients": [{"clientId": 7, "clientName": "c"}]})).await;
    }

    /// A client without retries, so that every fault is the call's outcome.
    fn client(&self) -> Authlete {
        Authlete::builder()
            .server(&self.base)
            .bearer_token(TOKEN)
            .retry_config(authlete::RetryConfig::None)
            .build()
            .unwrap()
    }
}

fn get() -> ClientGetApiRequest {
    ClientGetApiRequest { service_id: "s1".into(), client_id: "7".into() }
}

fn update_secret(secret: &str) -> ClientSecretUpdateApiRequest {
    ClientSecretUpdateApiRequest {
        service_id: "s1".into(),
        client_identifier: "7".into(),
        client_secret_update_request: authlete::ClientSecretUpdateRequest {
            client_secret: secret.into(),
            ..Default::default()
        },
    }
}

#[tokio::test]
async fn a_body_over_the_cap_ends_in_a_typed_error_naming_the_limit() {
    let emu = Emu::start(None).await;
    emu.seed().await;
    // 20 MiB of body, over the 16 MiB default.
    emu.admin("fault", json!({"op": "clients.get", "bodyBytes": 20 << 20})).await;
    let e = emu.client().clients().get(get()).await.expect_err("over the cap");
    assert_eq!(e.kind(), ErrorKind::ResponseValidation, "{e}");
    assert!(e.to_string().contains("maxResponseBytes (16777216 bytes)"), "{e}");
    let kept = e.response().expect("response").body.len();
    assert!(kept <= 4096, "the error keeps a prefix, not {kept} bytes");

    // A gzip bomb: 256 MiB of body in about a quarter MiB on the wire.
    emu.admin("fault", json!({"op": "clients.get", "bodyBytes": 256u64 << 20, "gzip": true})).await;
    let e = emu.client().clients().get(get()).await.expect_err("bomb");
    assert_eq!(e.kind(), ErrorKind::ResponseValidation, "{e}");
    assert!(e.to_string().contains("maxResponseBytes"), "{e}");

    // Per client and per call.
    let small =
        Authlete::builder().server(&emu.base).bearer_token(TOKEN).max_response_bytes(64).build().unwrap();
    let e = small.clients().get(get()).await.expect_err("per client");
    assert!(e.to_string().contains("maxResponseBytes (64 bytes)"), "{e}");
    let opts = CallOptions { max_response_bytes: Some(1 << 20), ..Default::default() };
    small.clients().execute(&get(), Some(&opts)).await.expect("the call's own limit applies");
    let opts = CallOptions { max_response_bytes: Some(10), ..Default::default() };
    let e = emu.client().clients().execute(&get(), Some(&opts)).await.expect_err("per call");
    assert!(e.to_string().contains("maxResponseBytes (10 bytes)"), "{e}");
    // The capped calls' connections were dropped; the next call works.
    emu.client().clients().get(get()).await.expect("after the caps");
}

#[tokio::test]
async fn a_redirect_is_an_error_with_its_location_and_nothing_goes_elsewhere() {
    let emu = Emu::start(None).await;
    let other = Emu::start(None).await;
    emu.seed().await;
    let target = format!("{}/api/s1/client/secret/update/7", other.base);
    for status in [301, 302, 303, 307, 308] {
        emu.admin(
            "fault",
            json!({"op": "clients.updateSecret", "status": status, "headers": {"Location": target}}),
        )
        .await;
        let e =
            emu.client().clients().update_secret(update_secret("NewSecret_123")).await.expect_err("redirect");
        assert_eq!(e.kind(), ErrorKind::AuthleteDefault, "{e}");
        assert_eq!(e.status(), Some(status));
        assert!(e.to_string().contains(&format!("Location: {target}")), "{e}");
    }
    assert_eq!(other.admin("log", json!({})).await["count"], 0, "nothing reached the other origin");
}

#[tokio::test]
async fn secrets_echoed_by_the_server_are_not_in_any_message() {
    let emu = Emu::start(None).await;
    emu.seed().await;
    let echo = format!("Bearer {TOKEN} is not valid (token {TOKEN})");
    emu.admin(
        "fault",
        json!({"op": "clients.get", "status": 401, "body": json!({"resultCode": "A001202", "resultMessage": echo}).to_string()}),
    )
    .await;
    let e = emu.client().clients().get(get()).await.expect_err("401");
    assert_eq!(e.kind(), ErrorKind::Result);
    let shown = format!("{e} | {e:?} | {:?}", e.result_message());
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert!(e.response().unwrap().body.contains(TOKEN), "the raw body stays behind its accessor");

    emu.admin(
        "fault",
        json!({"op": "clients.get", "times": 100, "status": 502, "contentType": "text/html", "body": format!("<p>proxy saw Authorization: Bearer {TOKEN}</p>")}),
    )
    .await;
    let e = emu.client().clients().get(get()).await.expect_err("502");
    let shown = format!("{e} | {e:?}");
    assert!(!shown.contains(TOKEN), "{shown}");

    // A new client secret the call sent, echoed back in an error body.
    let secret = "Brand-New_Secret_0123456789";
    emu.admin(
        "fault",
        json!({"op": "clients.updateSecret", "status": 400, "body": json!({"resultCode": "A000001", "resultMessage": format!("secret {secret} refused"), "newClientSecret": secret}).to_string()}),
    )
    .await;
    let e = emu.client().clients().update_secret(update_secret(secret)).await.expect_err("400");
    let shown = format!("{e} | {e:?} | {:?}", e.result_message());
    assert!(!shown.contains(secret), "{shown}");
}

/// A fresh test PKI (the emulator's `make-test-pki`), in a folder of its own.
fn pki() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("authlete-pki-{}-{}", std::process::id(), fastrand::u64(..)));
    authlete_emulator::tls::make_test_pki(&dir).unwrap();
    dir
}

fn read(dir: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[tokio::test]
async fn https_with_an_extra_ca_and_mutual_tls() {
    let dir = pki();
    let acceptor =
        authlete_emulator::tls::acceptor(&dir.join("server.pem"), &dir.join("server.key"), None).unwrap();
    let emu = Emu::start(Some(acceptor)).await;
    emu.seed().await;
    // Not in the operating system's store: refused.
    let e = emu.client().clients().get(get()).await.expect_err("unknown CA");
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert!(e.to_string().to_lowercase().contains("certificate"), "{e}");
    // Trusted through caCertificates.
    let trusting = Authlete::builder()
        .server(&emu.base)
        .bearer_token(TOKEN)
        .ca_certificates(read(&dir, "ca.pem"))
        .build()
        .unwrap();
    assert_eq!(trusting.clients().get(get()).await.expect("trusted").client_name.as_deref(), Some("c"));

    // Mutual TLS: without a client certificate the handshake fails; with one it works.
    let acceptor = authlete_emulator::tls::acceptor(
        &dir.join("server.pem"),
        &dir.join("server.key"),
        Some(&dir.join("ca.pem")),
    )
    .unwrap();
    let emu = Emu::start(Some(acceptor)).await;
    emu.seed().await;
    let no_cert = Authlete::builder()
        .server(&emu.base)
        .bearer_token(TOKEN)
        .ca_certificates(read(&dir, "ca.pem"))
        .build()
        .unwrap();
    let e = no_cert.clients().get(get()).await.expect_err("no client certificate");
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    let json = json!({
        "serverURL": emu.base, "security": {"bearer": TOKEN},
        "caCertificates": read(&dir, "ca.pem"),
        "clientCertificate": read(&dir, "client.pem"), "clientKey": read(&dir, "client.key"),
    });
    let mtls = Authlete::from_options_json(json.to_string().as_bytes(), "test").unwrap();
    assert!(!format!("{mtls:?}").contains("PRIVATE KEY"), "the key is not in Debug output");
    mtls.clients().get(get()).await.expect("mutual TLS");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn bad_tls_and_proxy_options_are_refused_at_construction() {
    for (json, field) in [
        (json!({"caCertificates": "not PEM"}), "caCertificates"),
        (json!({"clientCertificate": "x"}), "clientKey"),
        (json!({"clientKey": "x"}), "clientCertificate"),
        (json!({"proxy": "ftp://proxy"}), "proxy"),
        (json!({"maxResponseBytes": 0}), "maxResponseBytes"),
    ] {
        let e = Authlete::from_options_json(json.to_string().as_bytes(), "test").expect_err("refused");
        assert_eq!(e.field(), Some(field), "{json}: {e}");
    }
    let dir = pki();
    let json = json!({"clientCertificate": read(&dir, "client.pem"), "clientKey": "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"});
    let e = Authlete::from_options_json(json.to_string().as_bytes(), "test").expect_err("bad key");
    assert_eq!(e.field(), Some("clientKey"));
    assert!(!e.to_string().contains("not a key"), "{e}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn an_explicit_proxy_carries_every_request() {
    let emu = Emu::start(None).await;
    emu.seed().await;
    // The server URL does not resolve; the proxy (the emulator, which reads the absolute
    // request target as its path) answers.
    let secret_proxy = format!("http://user:proxy-pa55word@{}", emu.base.trim_start_matches("http://"));
    let via_proxy = Authlete::builder()
        .server("http://api.authlete.invalid")
        .bearer_token(TOKEN)
        .proxy(&secret_proxy)
        .build()
        .unwrap();
    assert!(!format!("{via_proxy:?}").contains("pa55word"));
    via_proxy.clients().get(get()).await.expect("through the proxy");
    let log = emu.admin("log", json!({"op": "clients.get"})).await;
    assert_eq!(log["count"], 1, "{log}");
}

#[test]
fn a_blocking_call_that_times_out_closes_its_connection_at_once() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emu = rt.block_on(Emu::start(None));
    rt.block_on(emu.seed());
    rt.block_on(emu.admin("fault", json!({"op": "clients.get", "delayMs": 5000})));
    let blocking = Authlete::builder()
        .server(&emu.base)
        .bearer_token(TOKEN)
        .timeout(std::time::Duration::from_millis(200))
        .build_blocking()
        .unwrap();
    let e = blocking.clients().get(get()).expect_err("timed out");
    assert_eq!(e.kind(), ErrorKind::RequestTimeout, "{e}");
    // The emulator sees the connection closed long before its 5 s delay ends.
    let started = std::time::Instant::now();
    loop {
        let log = rt.block_on(emu.admin("log", json!({"op": "clients.get"})));
        if log["cancelled"] == 1 {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "still open: {log}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
