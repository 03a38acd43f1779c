//! The per-attempt DEBUG record every binding passes on: one event per attempt with the
//! operation, the attempt number, the status or the transport failure's kind, the attempt's
//! duration and, when a retry follows, the wait before it; never the token or a body.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use support::{Recorder, Reply};
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

const TOKEN: &str = "attempt-log-token-42";
const SECRET: &str = "attempt-log-secret-99";

/// The fields of one event, as text (as the bindings' bridges hand them on).
type Fields = BTreeMap<String, String>;

#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<(tracing::Level, Fields)>>>);

impl Events {
    /// The "attempt" events, in order.
    fn attempts(&self) -> Vec<Fields> {
        let all = self.0.lock().expect("lock");
        all.iter()
            .filter(|(_, f)| f.get("message").map(String::as_str) == Some("attempt"))
            .map(|(_, f)| f.clone())
            .collect()
    }

    fn levels_of_attempts(&self) -> Vec<tracing::Level> {
        let all = self.0.lock().expect("lock");
        all.iter()
            .filter(|(_, f)| f.get("message").map(String::as_str) == Some("attempt"))
            .map(|(l, _)| *l)
            .collect()
    }

    /// Every field value of every event, one text.
    fn text(&self) -> String {
        format!("{:?}", self.0.lock().expect("lock"))
    }
}

struct Collect<'a>(&'a mut Fields);

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S: Subscriber> Layer<S> for Events {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = Fields::new();
        event.record(&mut Collect(&mut fields));
        self.0.lock().expect("lock").push((*event.metadata().level(), fields));
    }
}

fn get() -> authlete::ClientGetApiRequest {
    authlete::ClientGetApiRequest { service_id: "s".into(), client_id: "1".into() }
}

#[tokio::test]
async fn a_503_then_success_gives_one_record_per_attempt() {
    let events = Events::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(events.clone()));
    let server = Recorder::start().await;
    server.push(Reply::text(503, "text/plain", "busy"));
    server.push(Reply::json(200, &format!(r#"{{"clientId":1,"clientSecret":"{SECRET}"}}"#)));
    let authlete = server.builder().bearer_token(TOKEN).build().expect("client");
    authlete.clients().get(get()).await.expect("get after a retry");

    let attempts = events.attempts();
    assert_eq!(attempts.len(), 2, "one record per attempt: {attempts:?}");
    assert!(events.levels_of_attempts().iter().all(|l| *l == tracing::Level::DEBUG));
    let (first, second) = (&attempts[0], &attempts[1]);
    for (n, a) in [("1", first), ("2", second)] {
        assert_eq!(a["operation"], "clients.get", "{a:?}");
        assert_eq!(a["attempt"], n, "{a:?}");
        assert!(a["duration_ms"].parse::<u64>().is_ok(), "{a:?}");
        assert!(!a.contains_key("failure"), "{a:?}");
    }
    assert_eq!(first["status"], "503");
    assert_eq!(second["status"], "200");
    // fast_retries: 5 ms +-25%.
    let wait: u64 = first["wait_ms"].parse().expect("a wait before the retry");
    assert!((3..=7).contains(&wait), "{first:?}");
    assert!(!second.contains_key("wait_ms"), "no retry follows the last attempt: {second:?}");
    let text = events.text();
    assert!(!text.contains(TOKEN) && !text.contains(SECRET) && !text.contains("busy"), "{text}");
}

#[tokio::test]
async fn a_transport_failure_is_named_by_its_kind() {
    let events = Events::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(events.clone()));
    let server = Recorder::start().await;
    server.push(Reply::Drop);
    let authlete = server.client();
    authlete.clients().get(get()).await.expect("get after a dropped connection");
    let attempts = events.attempts();
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    assert_eq!(attempts[0]["failure"], "broken", "{attempts:?}");
    assert!(!attempts[0].contains_key("status") && attempts[0].contains_key("wait_ms"), "{attempts:?}");
    assert_eq!(attempts[1]["status"], "200");

    // Nothing listens on a port just released: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let closed = authlete::Authlete::builder()
        .server(format!("http://127.0.0.1:{port}"))
        .bearer_token(TOKEN)
        .retry_config(authlete::RetryConfig::None)
        .build()
        .expect("client");
    closed.clients().get(get()).await.expect_err("refused");
    let attempts = events.attempts();
    let last = attempts.last().expect("a record for the refused attempt");
    assert_eq!((last["failure"].as_str(), last["attempt"].as_str()), ("connect", "1"), "{last:?}");
    assert!(!last.contains_key("wait_ms"), "strategy none: no retry follows: {last:?}");
}
