//! The Rust soak driver (`make soak`, tests/soak/README.md): many calls in flight on the
//! core's async API against an emulator whose fault queue `tests/soak/run.py` keeps filled.
//!
//! ```sh
//! cargo run -p authlete --example soak -- --url URL --calls N --seconds S --concurrency C \
//!     --warm-calls W --warm-seconds WS --timeout-ms T
//! ```
//!
//! Makes N calls spread evenly over S seconds (or as fast as it can), then prints one JSON line:
//! calls, seconds, outcomes per kind, unexpected outcomes, RSS (kB) and open descriptors at
//! the start, after warm-up and at the end.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use authlete::*;
use serde_json::json;

/// Extra time beyond the call's own deadline after which a call counts as hung.
const HANG_GRACE: Duration = Duration::from_secs(5);
/// The most clients a worker keeps; beyond that a create becomes a delete.
const POOL_MAX: usize = 8;

struct Args {
    url: String,
    calls: u64,
    seconds: f64,
    concurrency: usize,
    warm_calls: u64,
    warm_seconds: f64,
    timeout_ms: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        url: std::env::var("AUTHLETE_EMULATOR_URL").unwrap_or_default(),
        calls: 1000,
        seconds: 5.0,
        concurrency: 32,
        warm_calls: 200,
        warm_seconds: 30.0,
        timeout_ms: 1500,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    for pair in argv.chunks(2) {
        let (k, v) = match pair {
            [k, v] => (k.as_str(), v.as_str()),
            _ => return Err(format!("missing value for {}", pair[0])),
        };
        let num = |v: &str| v.parse::<f64>().map_err(|e| format!("{k}: {e}"));
        match k {
            "--url" => a.url = v.to_string(),
            "--calls" => a.calls = num(v)? as u64,
            "--seconds" => a.seconds = num(v)?,
            "--concurrency" => a.concurrency = num(v)? as usize,
            "--warm-calls" => a.warm_calls = num(v)? as u64,
            "--warm-seconds" => a.warm_seconds = num(v)?,
            "--timeout-ms" => a.timeout_ms = num(v)? as u64,
            _ => return Err(format!("unknown argument {k}")),
        }
    }
    if a.url.is_empty() {
        return Err("--url (or AUTHLETE_EMULATOR_URL) is required".into());
    }
    Ok(a)
}

/// VmRSS in kB and the number of open descriptors of this process.
fn sample() -> (u64, u64) {
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("VmRSS:").and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
        })
        .unwrap_or(0);
    let fds = std::fs::read_dir("/proc/self/fd").map(|d| d.count() as u64).unwrap_or(0);
    (rss, fds)
}

/// The TCP connections among this process's descriptors (sockets whose inode is in
/// /proc/self/net/tcp or tcp6).
fn tcp_connections() -> u64 {
    let inodes: std::collections::HashSet<String> = std::fs::read_dir("/proc/self/fd")
        .map(|d| {
            d.filter_map(|e| e.ok().and_then(|e| std::fs::read_link(e.path()).ok()))
                .filter_map(|t| {
                    t.to_str()
                        .and_then(|t| t.strip_prefix("socket:["))
                        .map(|t| t.trim_end_matches(']').to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    ["/proc/self/net/tcp", "/proc/self/net/tcp6"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|t| {
            t.lines()
                .skip(1)
                .filter_map(|l| l.split_whitespace().nth(9).map(str::to_string))
                .collect::<Vec<_>>()
        })
        .filter(|inode| inodes.contains(inode))
        .count() as u64
}

#[derive(Default)]
struct Tally {
    outcomes: BTreeMap<String, u64>,
    unexpected: BTreeMap<String, u64>,
    examples: Vec<String>,
    ops: BTreeMap<&'static str, u64>,
}

struct Shared {
    args: Args,
    start: Instant,
    started: AtomicU64,
    done: AtomicU64,
    tally: Mutex<Tally>,
}

impl Shared {
    /// Whether to make another call, after waiting for its turn: the calls are spread evenly
    /// over `seconds`; once `calls` have started, the worker waits out `seconds` and stops.
    async fn next(&self) -> bool {
        let n = self.started.fetch_add(1, Ordering::Relaxed);
        let (calls, seconds) = (self.args.calls.max(1), self.args.seconds);
        let elapsed = self.start.elapsed().as_secs_f64();
        let due = if n >= calls { seconds } else { n as f64 * seconds / calls as f64 };
        if due > elapsed {
            tokio::time::sleep(Duration::from_secs_f64(due - elapsed)).await;
        }
        n < calls
    }

    fn record(&self, op: &'static str, outcome: Result<(), String>, unexpected: Option<String>) {
        let mut t = match self.tally.lock() {
            Ok(t) => t,
            Err(p) => p.into_inner(),
        };
        *t.ops.entry(op).or_default() += 1;
        match (outcome, unexpected) {
            (_, Some(what)) => {
                *t.unexpected.entry(what.clone()).or_default() += 1;
                if t.examples.len() < 10 {
                    t.examples.push(format!("{op}: {what}"));
                }
            }
            (Ok(()), None) => *t.outcomes.entry("ok".into()).or_default() += 1,
            (Err(kind), None) => *t.outcomes.entry(kind).or_default() += 1,
        }
        drop(t);
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

fn id_of(c: &Client) -> Option<String> {
    c.client_id.map(|id| id.to_string())
}

/// One call, bounded by the hang deadline; returns the new client's id for a create.
async fn one(s: &Shared, clients: &Clients, pool: &mut Vec<String>) {
    let service = "soak".to_string();
    let r = fastrand::u32(0..100);
    let pick = |pool: &Vec<String>| pool.get(fastrand::usize(0..pool.len().max(1))).cloned();
    let hang = Duration::from_millis(s.args.timeout_ms) + HANG_GRACE;
    macro_rules! run {
        ($op:expr, $fut:expr, $ok:expr) => {{
            match tokio::time::timeout(hang, $fut).await {
                Err(_) => s.record($op, Ok(()), Some("Hang".into())),
                Ok(Ok(v)) => {
                    #[allow(clippy::redundant_closure_call)]
                    ($ok)(v);
                    s.record($op, Ok(()), None)
                }
                Ok(Err(e)) => s.record($op, Err(e.kind().name().to_string()), None),
            }
        }};
    }
    let create = r < 15 || pool.is_empty() && r < 84;
    if create && pool.len() < POOL_MAX {
        let client =
            Client { client_name: Some(format!("soak {}", fastrand::u32(..))), ..Default::default() };
        run!(
            "create",
            clients.create(ClientCreateApiRequest { service_id: service, client: Some(client) }),
            |c: Client| pool.extend(id_of(&c))
        );
    } else if create || (72..84).contains(&r) {
        let Some(id) = pool.pop() else { return };
        run!("delete", clients.delete(ClientDeleteApiRequest { service_id: service, client_id: id }), |_| ());
    } else if r < 45 {
        let id = pick(pool).unwrap_or_default();
        run!("get", clients.get(ClientGetApiRequest { service_id: service, client_id: id }), |_| ());
    } else if r < 60 {
        let req =
            ClientGetListApiRequest { service_id: service, developer: None, start: Some(0), end: Some(5) };
        run!("getList", clients.get_list(req), |_| ());
    } else if r < 72 {
        let id = pick(pool).unwrap_or_default();
        let client =
            Client { client_name: Some(format!("renamed {}", fastrand::u32(..))), ..Default::default() };
        let req = ClientUpdateApiRequest { service_id: service, client_id: id, client: Some(client) };
        run!("update", clients.update(req), |_| ());
    } else if r < 92 {
        // An unknown client: a ResultError (400 A000201) unless a fault intervenes.
        let req = ClientGetApiRequest { service_id: service, client_id: "1".into() };
        run!("get(unknown)", clients.get(req), |_| ());
    } else if r < 96 {
        // Refused before any I/O: SDKValidationError.
        let req = ClientGetApiRequest { service_id: service, client_id: String::new() };
        run!("get(invalid)", clients.get(req), |_| ());
    } else {
        // Cancelled a few ms in: RequestAbortedError, or done before the cancel.
        let cancel = CancellationToken::new();
        let trigger = cancel.clone();
        let waiter = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(fastrand::u64(0..5))).await;
            trigger.cancel();
        });
        let opts = CallOptions { cancel: Some(cancel), ..Default::default() };
        let req =
            ClientGetListApiRequest { service_id: service, developer: None, start: Some(0), end: Some(5) };
        run!("getList(cancelled)", clients.get_list_with(req, &opts), |_| ());
        let _ = waiter.await;
    }
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("soak.rs: {e}");
            std::process::exit(2);
        }
    };
    let s0 = sample();
    let retry = RetryConfig::Backoff {
        backoff: BackoffStrategy {
            initial_interval: 5,
            max_interval: 50,
            exponent: 1.5,
            max_elapsed_time: 1200,
        },
        retry_connection_errors: true,
    };
    let authlete = match Authlete::builder()
        .server(args.url.clone())
        .bearer_token("soak-token")
        .timeout(Duration::from_millis(args.timeout_ms))
        .retry_config(retry)
        .build()
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!("soak.rs: {e}");
            std::process::exit(2);
        }
    };
    let shared = Arc::new(Shared {
        args,
        start: Instant::now(),
        started: AtomicU64::new(0),
        done: AtomicU64::new(0),
        tally: Mutex::new(Tally::default()),
    });
    let workers: Vec<_> = (0..shared.args.concurrency)
        .map(|_| {
            let s = shared.clone();
            let clients = authlete.clients().clone();
            tokio::spawn(async move {
                let mut pool = Vec::new();
                while s.next().await {
                    one(&s, &clients, &mut pool).await;
                }
            })
        })
        .collect();
    // Every 250 ms: the warm-up sample once warm-calls calls are done or warm-seconds have
    // passed, and the highest descriptor count before and after it.
    let finished = Arc::new(AtomicBool::new(false));
    let sampler = {
        let s = shared.clone();
        let finished = finished.clone();
        tokio::spawn(async move {
            let mut warm: Option<((u64, u64), u64)> = None;
            let mut peaks = (0, 0);
            while !finished.load(Ordering::Relaxed) {
                let now = sample();
                let done = s.done.load(Ordering::Relaxed);
                if warm.is_none()
                    && (done >= s.args.warm_calls || s.start.elapsed().as_secs_f64() >= s.args.warm_seconds)
                {
                    warm = Some((now, done));
                    peaks.0 = peaks.0.max(now.1);
                    continue;
                }
                if warm.is_none() {
                    peaks.0 = peaks.0.max(now.1);
                } else {
                    peaks.1 = peaks.1.max(now.1);
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            (warm, peaks)
        })
    };
    let mut crashed = 0;
    for w in workers {
        if w.await.is_err() {
            crashed += 1;
        }
    }
    let seconds = shared.start.elapsed().as_secs_f64();
    let end = sample();
    finished.store(true, Ordering::Relaxed);
    let (warm, peaks) = sampler.await.unwrap_or((None, (0, 0)));
    let (warm, warm_at) = warm.unwrap_or((s0, 0));
    // The client released: its pooled connections close.
    drop(authlete);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let closed = sample();
    let closed_tcp = tcp_connections();
    let t = match shared.tally.lock() {
        Ok(mut t) => std::mem::take(&mut *t),
        Err(p) => std::mem::take(&mut *p.into_inner()),
    };
    let mut unexpected = t.unexpected;
    if crashed > 0 {
        unexpected.insert("WorkerPanic".into(), crashed);
    }
    let calls = shared.done.load(Ordering::Relaxed);
    println!(
        "{}",
        json!({
            "lang": "rust",
            "calls": calls,
            "seconds": seconds,
            "outcomes": t.outcomes,
            "unexpected": unexpected,
            "examples": t.examples,
            "ops": t.ops,
            "warm_at_calls": warm_at,
            "rss_kb": [s0.0, warm.0, end.0],
            "fds": [s0.1, warm.1, end.1],
            "fd_peaks": [peaks.0, peaks.1.max(end.1)],
            "closed": [closed.0, closed.1, closed_tcp],
        })
    );
}
