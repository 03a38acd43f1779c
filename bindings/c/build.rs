//! Generates the C header with cbindgen and sets the shared library's soname.
//!
//! `AUTHLETE_C_HEADER=write` writes `include/authlete.h`; `AUTHLETE_C_HEADER=check` fails the
//! build when the committed header differs from the generated one (the freshness check of
//! `make test-c`). Without the variable the header is generated into `OUT_DIR` only.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    let committed = crate_dir.join("../../include/authlete.h");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed={}", committed.display());
    println!("cargo:rerun-if-env-changed=AUTHLETE_C_HEADER");
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libauthlete.so.0");

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))?;
    let bindings = cbindgen::Builder::new().with_crate(&crate_dir).with_config(config).generate()?;
    let mut text = Vec::new();
    bindings.write(&mut text);
    fs::write(out_dir.join("authlete.h"), &text)?;

    let fresh = fs::read(&committed).ok().as_deref() == Some(&text[..]);
    match env::var("AUTHLETE_C_HEADER").as_deref() {
        Ok("write") if !fresh => fs::write(&committed, &text)?,
        Ok("check") if !fresh => {
            return Err("include/authlete.h is stale: run `make generate-c` and commit it".into());
        }
        _ => {}
    }
    Ok(())
}
