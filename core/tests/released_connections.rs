//! A released blocking client closes its connections at once. In a test binary of its own:
//! the caller-driven runtime is one per process, and a test running beside this one could be
//! driving it when the client is released.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::Recorder;

/// Established connections of this process to `port` (client side), from /proc/self/net/tcp.
fn established_to(port: u16) -> usize {
    let table = std::fs::read_to_string("/proc/self/net/tcp").expect("/proc/self/net/tcp");
    table
        .lines()
        .skip(1)
        .filter(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            let remote = f[2].rsplit(':').next().and_then(|p| u16::from_str_radix(p, 16).ok());
            remote == Some(port) && f[3] == "01"
        })
        .count()
}

/// A released blocking client closes its connections at once. They are tasks of the
/// caller-driven runtime, which nothing polls between blocking calls: they used to stay open
/// until the next blocking call of any client (found by `make soak`, tests/soak/README.md).
#[test]
fn a_released_blocking_client_closes_its_connections() {
    let server_rt = tokio::runtime::Runtime::new().expect("rt");
    let server = server_rt.block_on(Recorder::start());
    let port: u16 = server.url.rsplit(':').next().and_then(|p| p.parse().ok()).expect("port");
    let authlete = server.builder().build_blocking().expect("blocking client");
    authlete.clients().call_json("clients.getList", br#"{"serviceId":"s"}"#, None).expect("call");
    assert_eq!(established_to(port), 1, "the pooled connection");
    drop(authlete);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while established_to(port) > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(established_to(port), 0, "connections left open by a released client");
}
