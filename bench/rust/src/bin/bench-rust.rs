//! The Rust bench clients: `bench-rust core|raw --workload W --count N ...` prints one result
//! line (see `authlete_bench::Meter`). `core` is the SDK's typed API; `raw` is the limit: a
//! bare reqwest loop doing the same HTTP exchange (same headers, same body bytes) with no SDK
//! and no decoding of the response.

use authlete::{Authlete, Client, ClientCreateApiRequest, ClientGetApiRequest, ClientGetListApiRequest};
use authlete_bench::{Args, Meter};
use futures_util::StreamExt;

const SERVICE: &str = "715948317";
const CLIENT_ID: &str = "1140735077";

enum Sdk {
    Core(Authlete, Box<Client>),
    Raw(reqwest::Client, String, bytes::Bytes),
}

impl Sdk {
    async fn call(&self, workload: &str) -> Result<(), String> {
        match self {
            Sdk::Core(a, client) => {
                let c = a.clients();
                let r = match workload {
                    "list" => c
                        .get_list(ClientGetListApiRequest {
                            service_id: SERVICE.into(),
                            start: Some(0),
                            end: Some(100),
                            ..Default::default()
                        })
                        .await
                        .map(|p| p.clients.map(|v| v.len()).unwrap_or(0)),
                    "create" => c
                        .create(ClientCreateApiRequest {
                            service_id: SERVICE.into(),
                            client: Some((**client).clone()),
                        })
                        .await
                        .map(|c| c.client_id.unwrap_or(0) as usize),
                    _ => c
                        .get(ClientGetApiRequest { service_id: SERVICE.into(), client_id: CLIENT_ID.into() })
                        .await
                        .map(|c| c.client_id.unwrap_or(0) as usize),
                };
                r.map(|_| ()).map_err(|e| e.to_string())
            }
            Sdk::Raw(http, base, body) => {
                let auth = "Bearer bench-token";
                let req = match workload {
                    "list" => http.get(format!("{base}/api/{SERVICE}/client/get/list?start=0&end=100")),
                    "create" => http
                        .post(format!("{base}/api/{SERVICE}/client/create"))
                        .header("content-type", "application/json")
                        .body(body.clone()),
                    _ => http.get(format!("{base}/api/{SERVICE}/client/get/{CLIENT_ID}")),
                };
                let resp = req
                    .header("authorization", auth)
                    .header("accept", "application/json")
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                let status = resp.status();
                let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
                if !status.is_success() || bytes.is_empty() {
                    return Err(format!("HTTP {status}"));
                }
                Ok(())
            }
        }
    }
}

async fn run(kind: &str, args: Args) -> Result<String, String> {
    let body = args.fixture("create.json")?;
    let sdk = if kind == "raw" {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder().tcp_nodelay(true).build().map_err(|e| e.to_string())?;
        Sdk::Raw(http, args.url.trim_end_matches('/').to_owned(), bytes::Bytes::from(body))
    } else {
        let options = format!(r#"{{"serverURL":"{}","security":{{"bearer":"bench-token"}}}}"#, args.url);
        let a = Authlete::from_options_json(options.as_bytes(), "rust").map_err(|e| e.to_string())?;
        let client: Client = serde_json::from_str(&body).map_err(|e| e.to_string())?;
        Sdk::Core(a, Box::new(client))
    };
    let workload = args.workload.as_str();
    let op = if workload == "concurrent" || workload == "cold" { "get" } else { workload };
    if workload == "cold" {
        let m = Meter::start();
        sdk.call("get").await?;
        return Ok(m.finish(1));
    }
    for _ in 0..args.warmup {
        sdk.call(op).await?;
    }
    let m = Meter::start();
    if workload == "concurrent" {
        let sdk = &sdk;
        let mut results = futures_util::stream::iter(0..args.count)
            .map(|_| async move { sdk.call("get").await })
            .buffer_unordered(args.inflight);
        while let Some(r) = results.next().await {
            r?;
        }
    } else {
        for _ in 0..args.count {
            sdk.call(op).await?;
        }
    }
    Ok(m.finish(args.count))
}

/// `bench-rust decode --fixtures DIR --count N`: the decode of the 100-client page alone,
/// as a generic `Value`, as the typed model, and as the typed model with path tracking.
fn decode(args: &Args) -> Result<String, String> {
    let list = args.fixture("list.json")?;
    let time = |name: &str, f: &dyn Fn() -> Result<(), String>| -> Result<String, String> {
        let t = std::time::Instant::now();
        for _ in 0..args.count {
            f()?;
        }
        Ok(format!("{name}: {:.0} µs", t.elapsed().as_secs_f64() * 1e6 / args.count as f64))
    };
    let lines = [
        time("serde_json::Value", &|| {
            serde_json::from_str::<serde_json::Value>(&list).map(|_| ()).map_err(|e| e.to_string())
        })?,
        time("ClientGetListResponse", &|| {
            serde_json::from_str::<authlete::ClientGetListResponse>(&list)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })?,
        time("to_string(ClientGetListResponse)", &|| {
            let v: authlete::ClientGetListResponse =
                serde_json::from_str(&list).map_err(|e| e.to_string())?;
            serde_json::to_string(&v).map(|_| ()).map_err(|e| e.to_string())
        })?,
    ];
    Ok(lines.join("\n"))
}

fn main() -> std::process::ExitCode {
    let kind = std::env::args().nth(1).unwrap_or_default();
    if kind == "decode" {
        return match Args::parse_from(std::env::args().skip(2)).and_then(|a| decode(&a)) {
            Ok(text) => {
                println!("{text}");
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("bench-rust decode: {e}");
                std::process::ExitCode::from(1)
            }
        };
    }
    let args = match Args::parse_from(std::env::args().skip(2)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench-rust: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bench-rust: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    match rt.block_on(run(&kind, args)) {
        Ok(line) => {
            println!("{line}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-rust {kind}: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
