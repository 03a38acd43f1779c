//! Secrets never appear in Debug/Display of the config, errors and models, nor in the
//! tracing output of a call.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use authlete::{Client, ClientSecretRefreshResponse};
use support::{Recorder, Reply};

const TOKEN: &str = "very-secret-token-123";
const SECRET: &str = "gXz97ISgLs4HuXwOZWch8GEmgL4YMvUJwu3er";

#[test]
fn debug_of_config_and_models_hides_secrets() {
    let authlete = authlete::Authlete::builder().bearer_token(TOKEN).build().expect("client");
    let text = format!("{authlete:?} {:?}", authlete.config());
    assert!(!text.contains(TOKEN), "{text}");
    assert!(text.contains("<redacted>"));

    let client =
        Client { client_secret: Some(SECRET.into()), client_name: Some("App".into()), ..Default::default() };
    let text = format!("{client:?} {client:#?}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains("App") && text.contains("<redacted>"));

    let r = ClientSecretRefreshResponse {
        new_client_secret: Some(SECRET.into()),
        old_client_secret: Some(format!("{SECRET}old").into()),
        ..Default::default()
    };
    assert!(!format!("{r:?}").contains(SECRET));

    let mut c = Client::default();
    c.extra.insert("registrationAccessToken".into(), serde_json::json!(SECRET));
    let text = format!("{c:?}");
    assert!(!text.contains(SECRET) && text.contains("registrationAccessToken"), "{text}");
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_output_and_errors_of_a_call_show_no_token() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = Recorder::start().await;
    server.push(Reply::text(503, "text/plain", "busy"));
    server.push(Reply::json(200, &format!(r#"{{"clientId":1,"clientSecret":"{SECRET}"}}"#)));
    server.push(Reply::json(401, r#"{"resultCode":"A001202","resultMessage":"no"}"#));
    let authlete = server.builder().bearer_token(TOKEN).build().expect("client");
    let client = authlete
        .clients()
        .get(authlete::ClientGetApiRequest { service_id: "s".into(), client_id: "1".into() })
        .await
        .expect("get");
    assert_eq!(client.client_secret.as_ref().map(authlete::Secret::expose), Some(SECRET));
    let e = authlete
        .clients()
        .get(authlete::ClientGetApiRequest { service_id: "s".into(), client_id: "1".into() })
        .await
        .expect_err("401");
    assert!(!format!("{e} {e:?}").contains(TOKEN));
    assert_eq!(server.requests()[0].header("authorization"), Some(&*format!("Bearer {TOKEN}")));

    let log = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf8");
    assert!(log.contains("clients.get"), "the calls were traced: {log}");
    assert!(log.contains("call succeeded") && log.contains("call failed"), "{log}");
    let succeeded = log.lines().find(|l| l.contains("call succeeded")).unwrap_or_default();
    assert!(succeeded.contains("status=200"), "the success event carries the status: {succeeded}");
    assert!(!log.contains(TOKEN), "the token leaked into the logs");
    assert!(!log.contains(SECRET), "a client secret leaked into the logs");
}
