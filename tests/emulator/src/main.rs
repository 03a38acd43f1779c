//! `authlete-emulator [--addr HOST:PORT]`: prints its base URL as the first stdout line,
//! then serves until SIGINT/SIGTERM.

use std::io::Write;

fn parse_addr() -> Result<String, String> {
    let mut addr = "127.0.0.1:0".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--addr" {
            addr = args.next().ok_or("--addr needs a value")?;
        } else if let Some(v) = arg.strip_prefix("--addr=") {
            addr = v.to_string();
        } else if arg == "-h" || arg == "--help" {
            return Err("usage: authlete-emulator [--addr HOST:PORT]".into());
        } else {
            return Err(format!("unknown argument: {arg}"));
        }
    }
    Ok(addr)
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
    let addr = match parse_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
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
        let _ = writeln!(out, "http://{local}");
        let _ = out.flush();
    }
    match authlete_emulator::serve(listener, shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("authlete-emulator: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
