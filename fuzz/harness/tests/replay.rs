//! Replays every committed input (fuzz/corpus/<target>/ and fuzz/regressions/<target>/)
//! through the fuzz targets' functions, on stable: `make test-fuzz-corpus`.

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["corpus", "regressions"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) {
            files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
        }
    }
    files.sort();
    files
}

fn replay(target: &str) {
    let (_, run) = authlete_fuzz_harness::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("a target of that name");
    let files = inputs(target);
    assert!(!files.is_empty(), "no inputs for {target}");
    let failed: Vec<String> = files
        .iter()
        .filter(|file| {
            let data = std::fs::read(file).expect("a readable input");
            std::panic::catch_unwind(|| run(&data)).is_err()
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{target}: these inputs fail (replay one with `cargo fuzz run {target} <file>`): {failed:#?}"
    );
    println!("{target}: {} inputs replayed", files.len());
}

#[test]
fn decode_response() {
    replay("decode_response");
}

#[test]
fn call_by_name() {
    replay("call_by_name");
}

#[test]
fn c_api() {
    replay("c_api");
}

#[test]
fn parsers() {
    replay("parsers");
}

/// The call_by_name target stops a call at the point of sending by cancelling it first. That
/// holds while the request is checked before the cancellation is: a valid request must end
/// with `RequestAbortedError`, one refused by the last check before sending (the per-call
/// server URL) with `SDKValidationError`.
#[test]
fn a_cancelled_call_is_checked_up_to_the_point_of_sending() {
    use authlete::{Authlete, CallOptions, CancellationToken, ErrorKind};
    let client = Authlete::builder().server("http://127.0.0.1:9").build().expect("a client");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let call = |server_url: Option<&str>| {
        let token = CancellationToken::new();
        token.cancel();
        let options = CallOptions {
            cancel: Some(token),
            server_url: server_url.map(str::to_owned),
            ..CallOptions::default()
        };
        let request = br#"{"serviceId":"1","clientId":"2"}"#;
        rt.block_on(client.clients().call_json("clients.get", request, Some(&options)))
            .err()
            .map(|e| e.kind())
    };
    assert_eq!(call(None), Some(ErrorKind::RequestAborted));
    assert_eq!(call(Some("fuzz:no-io")), Some(ErrorKind::SdkValidation));
}
