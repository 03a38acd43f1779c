//! `authlete-emulator [--addr HOST:PORT] [--require-token TOKEN] [--tls-cert F --tls-key F
//! [--tls-client-ca F]]`: prints its base URL as the first stdout line, then serves until
//! SIGINT/SIGTERM. `authlete-emulator make-test-pki DIR` writes a test CA and certificates.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const USAGE: &str = "usage: authlete-emulator [--addr HOST:PORT] [--require-token TOKEN]
                        [--tls-cert PEM --tls-key PEM [--tls-client-ca PEM]]
       authlete-emulator make-test-pki DIR

  --addr HOST:PORT       address to listen on (default 127.0.0.1:0, a free port);
                         the base URL is printed as the first stdout line
  --require-token TOKEN  accept only 'Authorization: Bearer TOKEN' on API requests (any
                         other token gets 401); default: any non-empty token.
                         Also from the environment: AUTHLETE_EMULATOR_TOKEN
  --tls-cert PEM         serve HTTPS with this certificate chain (and --tls-key);
  --tls-key PEM          the base URL is then https://
  --tls-client-ca PEM    require a client certificate signed by this CA (mutual TLS)
  --version              print the version

  make-test-pki DIR      write a fresh test CA (ca.pem), a server certificate for localhost
                         and 127.0.0.1 (server.pem, server.key) and a client certificate
                         (client.pem, client.key) into DIR, then exit";

/// The command line: listen address, the token API requests must carry (if any), and TLS.
struct Options {
    addr: String,
    token: Option<String>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    tls_client_ca: Option<PathBuf>,
}

/// The options, or `Ok(None)` after printing the help or the version.
fn parse_args() -> Result<Option<Options>, String> {
    let mut addr = "127.0.0.1:0".to_string();
    let mut token = std::env::var("AUTHLETE_EMULATOR_TOKEN").ok().filter(|t| !t.is_empty());
    let (mut tls_cert, mut tls_key, mut tls_client_ca) = (None, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "make-test-pki" {
            let dir = args.next().ok_or("make-test-pki needs a folder")?;
            authlete_emulator::tls::make_test_pki(Path::new(&dir))?;
            return Ok(None);
        } else if let Some(slot) = match arg.as_str() {
            "--tls-cert" => Some(&mut tls_cert),
            "--tls-key" => Some(&mut tls_key),
            "--tls-client-ca" => Some(&mut tls_client_ca),
            _ => None,
        } {
            *slot = Some(PathBuf::from(args.next().ok_or(format!("{arg} needs a file"))?));
        } else if arg == "--addr" {
            addr = args.next().ok_or("--addr needs a value")?;
        } else if let Some(v) = arg.strip_prefix("--addr=") {
            addr = v.to_string();
        } else if arg == "--require-token" {
            token = Some(args.next().ok_or("--require-token needs a value")?);
        } else if let Some(v) = arg.strip_prefix("--require-token=") {
            token = Some(v.to_string());
        } else if arg == "-h" || arg == "--help" {
            println!("{USAGE}");
            return Ok(None);
        } else if arg == "-V" || arg == "--version" {
            println!("authlete-emulator {}", env!("CARGO_PKG_VERSION"));
            return Ok(None);
        } else {
            return Err(format!("unknown argument: {arg}\n{USAGE}"));
        }
    }
    if token.as_deref().is_some_and(|t| t.trim().is_empty() || t.contains(char::is_whitespace)) {
        return Err("--require-token needs a non-empty token without spaces".into());
    }
    if tls_cert.is_some() != tls_key.is_some() || (tls_client_ca.is_some() && tls_cert.is_none()) {
        return Err("--tls-cert and --tls-key go together (and --tls-client-ca needs them)".into());
    }
    Ok(Some(Options { addr, token, tls_cert, tls_key, tls_client_ca }))
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("AUTHLETE_EMULATOR_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let Options { addr, token, tls_cert, tls_key, tls_client_ca } = match parse_args() {
        Ok(Some(o)) => o,
        Ok(None) => return std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    let tls = match (&tls_cert, &tls_key) {
        (Some(cert), Some(key)) => {
            match authlete_emulator::tls::acceptor(cert, key, tls_client_ca.as_deref()) {
                Ok(a) => Some(a),
                Err(e) => {
                    eprintln!("authlete-emulator: {e}");
                    return std::process::ExitCode::from(2);
                }
            }
        }
        _ => None,
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("authlete-emulator: cannot bind {addr}: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    let local = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("authlete-emulator: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    {
        let mut out = std::io::stdout().lock();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let _ = writeln!(out, "{scheme}://{local}");
        let _ = out.flush();
    }
    let emu = Arc::new(authlete_emulator::Emulator::with_required_token(token));
    match authlete_emulator::server::serve_tls(listener, emu, tls, shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("authlete-emulator: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
