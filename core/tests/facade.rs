//! Configuration resolution, lazy pagination and the blocking facade.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use futures_util::TryStreamExt;
use serde_json::json;
use support::{Recorder, Reply};

#[test]
fn servers_tokens_and_environment_fallbacks() {
    // One test owns the process environment of this binary.
    std::env::remove_var("AUTHLETE_SERVER_URL");
    std::env::remove_var("AUTHLETE_AUTHLETE");
    std::env::remove_var("AUTHLETE_BEARER");
    let url = |b: authlete::AuthleteBuilder| b.build().expect("client").config().server_url.clone();
    assert_eq!(url(authlete::Authlete::builder()), "https://us.authlete.com");
    assert_eq!(url(authlete::Authlete::builder().server("jp")), "https://jp.authlete.com");
    assert_eq!(url(authlete::Authlete::builder().server_index(2)), "https://eu.authlete.com");
    assert_eq!(url(authlete::Authlete::builder().server_index(3)), "https://br.authlete.com");
    assert_eq!(url(authlete::Authlete::builder().server("http://h:1/p/")), "http://h:1/p");

    std::env::set_var("AUTHLETE_SERVER_URL", "http://127.0.0.1:7/x");
    assert_eq!(url(authlete::Authlete::builder()), "http://127.0.0.1:7/x");
    assert_eq!(
        url(authlete::Authlete::builder().server_index(0)),
        "https://us.authlete.com",
        "explicit wins"
    );

    let token = |b: authlete::AuthleteBuilder| {
        b.build().expect("client").config().token.clone().map(|t| t.expose().to_owned())
    };
    assert_eq!(token(authlete::Authlete::builder()), None);
    std::env::set_var("AUTHLETE_BEARER", "from-bearer-env");
    assert_eq!(token(authlete::Authlete::builder()).as_deref(), Some("from-bearer-env"));
    std::env::set_var("AUTHLETE_AUTHLETE", "from-authlete-env");
    assert_eq!(token(authlete::Authlete::builder()).as_deref(), Some("from-authlete-env"));
    assert_eq!(token(authlete::Authlete::builder().bearer_token("b")).as_deref(), Some("b"));
    assert_eq!(
        token(authlete::Authlete::builder().bearer_token("b").authlete_token("a")).as_deref(),
        Some("a")
    );
    let o = authlete::Authlete::from_options_json(
        br#"{"security":{"bearer":"j"},"serverIdx":1,"timeoutMs":1500,"userAgent":"mine/1"}"#,
        "python/3.11",
    )
    .expect("options");
    assert_eq!(o.config().server_url, "https://jp.authlete.com");
    assert_eq!(o.config().token.as_ref().map(|t| t.expose()), Some("j"));
    assert_eq!(o.config().timeout.as_millis(), 1500);
    assert_eq!(o.config().user_agent, "mine/1");
    let o = authlete::Authlete::from_options_json(b"{}", "python/3.11").expect("options");
    assert!(o.config().user_agent.ends_with(" python/3.11"));
    for v in ["AUTHLETE_SERVER_URL", "AUTHLETE_AUTHLETE", "AUTHLETE_BEARER"] {
        std::env::remove_var(v);
    }
}

fn page(start: usize, end: usize, total: usize) -> Reply {
    let clients: Vec<_> =
        (start..end.min(total)).map(|i| json!({"clientId": i, "clientName": format!("c{i}")})).collect();
    Reply::json(
        200,
        &json!({"start": start, "end": end, "totalCount": total, "clients": clients}).to_string(),
    )
}

#[tokio::test]
async fn list_all_fetches_pages_lazily() {
    let server = Recorder::start().await;
    server.push(page(0, 2, 5)).push(page(2, 4, 5)).push(page(4, 6, 5));
    let authlete = server.client();
    let stream = authlete.clients().list_all("s", Some("dev".into()), 2);
    assert!(server.requests().is_empty(), "nothing fetched before the stream is polled");
    let all: Vec<_> = stream.try_collect().await.expect("pages");
    assert_eq!(all.iter().map(|c| c.client_id.unwrap_or(-1)).collect::<Vec<_>>(), vec![0, 1, 2, 3, 4]);
    let targets: Vec<_> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        vec![
            "/api/s/client/get/list?developer=dev&start=0&end=2",
            "/api/s/client/get/list?developer=dev&start=2&end=4",
            "/api/s/client/get/list?developer=dev&start=4&end=6",
        ]
    );
}

#[tokio::test]
async fn authorized_applications_all_pages_by_subject() {
    let server = Recorder::start().await;
    server.push(page(0, 3, 4)).push(page(3, 6, 4));
    let all: Vec<_> = server
        .client()
        .clients()
        .authorized_applications_all("s", "john", None, 3)
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(all.len(), 4);
    assert_eq!(
        server.requests()[1].target,
        "/api/s/client/authorization/get/list/john?subject=john&start=3&end=6"
    );
}

#[test]
fn the_blocking_facade_works_without_a_runtime() {
    let rt = tokio::runtime::Runtime::new().expect("rt");
    let server = rt.block_on(Recorder::start());
    server.push(Reply::json(200, r#"{"clientId":7}"#));
    server.push(page(0, 2, 3)).push(page(2, 4, 3));
    let authlete = server.builder().build_blocking().expect("blocking client");
    let c = authlete
        .clients()
        .get(authlete::ClientGetApiRequest { service_id: "s".into(), client_id: "7".into() })
        .expect("get");
    assert_eq!(c.client_id, Some(7));
    let ids: Vec<_> = authlete.clients().list_all("s", None, 2).map(|c| c.expect("item").client_id).collect();
    assert_eq!(ids, vec![Some(0), Some(1), Some(2)]);
    let zero: Vec<_> = authlete.clients().list_all("s", None, 0).collect();
    assert_eq!(zero.len(), 1, "one error, then the iterator ends");
    assert!(zero[0].is_err());
}

#[tokio::test]
async fn the_blocking_facade_refuses_to_run_inside_a_runtime() {
    let server = Recorder::start().await;
    let authlete = server.builder().build_blocking().expect("blocking client");
    let e = authlete
        .clients()
        .get(authlete::ClientGetApiRequest { service_id: "s".into(), client_id: "7".into() })
        .expect_err("refused");
    assert_eq!(e.field(), Some("runtime"));
}

/// Blocking calls run on a runtime that only runs while one of them does, so their
/// connections must never be handed to an async call (it would wait for a connection task
/// nothing polls), nor the other way round.
#[test]
fn blocking_and_async_calls_on_one_client_do_not_share_connections() {
    let server_rt = tokio::runtime::Runtime::new().expect("rt");
    let server = server_rt.block_on(Recorder::start());
    let async_client = server.client();
    let blocking = authlete::blocking::Authlete::new(async_client.clone()).expect("blocking client");
    let get = || authlete::ClientGetApiRequest { service_id: "s".into(), client_id: "7".into() };
    let caller_rt = tokio::runtime::Runtime::new().expect("rt");
    let async_get = || {
        caller_rt.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(10), async_client.clients().get(get()))
                .await
                .expect("the async call finished (it did not wait on a blocking-pool connection)")
        })
    };
    for round in 0..3 {
        server.push(Reply::json(200, r#"{"clientId":7}"#));
        assert_eq!(blocking.clients().get(get()).expect("blocking get").client_id, Some(7), "round {round}");
        server.push(Reply::json(200, r#"{"clientId":7}"#));
        assert_eq!(async_get().expect("async get").client_id, Some(7), "round {round}");
    }
    // From several threads at once: one at a time drives its call itself, the others' calls
    // go to the shared runtime (the server answers `{}` once its script is empty).
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..5 {
                    blocking.clients().get(get()).expect("blocking get");
                }
            });
        }
    });
    assert_eq!(server.requests().len(), 6 + 8 * 5);
}
