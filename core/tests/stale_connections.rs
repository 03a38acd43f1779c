//! Blocking calls and the connections the server closes or resets while they sit idle in the
//! pool. In a test binary of its own: the caller-driven runtime is one per process, and a test
//! running beside this one could hold it, sending these calls to the shared runtime instead,
//! whose connections are always polled.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::{Recorder, Reply};

/// Nothing polls the caller-driven runtime's connections between blocking calls, so a call
/// finds out only when it takes one that the server has closed or reset meanwhile (a
/// keep-alive timeout). The request must then go out on a new connection: a `create`, never
/// retried once it may have been sent, goes through, and exactly once.
#[test]
fn a_blocking_call_after_the_server_closed_the_idle_connection() {
    let server_rt = tokio::runtime::Runtime::new().expect("rt");
    let server = server_rt.block_on(Recorder::start());
    // No retries: the call must not need one (a retry would also wait out a backoff).
    let authlete =
        server.builder().retry_config(authlete::RetryConfig::None).build_blocking().expect("blocking client");
    let create = || authlete.clients().call_json("clients.create", br#"{"serviceId":"s","client":{}}"#, None);
    for round in 1..=4 {
        // A close (FIN) in odd rounds, a reset (RST) in even ones.
        let reply = Box::new(Reply::json(200, r#"{"clientId":1}"#));
        server.push(if round % 2 == 1 { Reply::ThenClose(reply) } else { Reply::ThenReset(reply) });
        create().unwrap_or_else(|e| panic!("round {round}: {e}"));
        // Let the close reach the client's socket before the next call.
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(server.requests().len(), 4, "one request per create");
}
