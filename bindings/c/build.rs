//! Generates the C header with cbindgen and sets the shared library's soname.
//!
//! `AUTHLETE_C_HEADER=write` writes `include/authlete.h`; `AUTHLETE_C_HEADER=check` fails the
//! build when the committed header differs from the generated one (the freshness check of
//! `make test-c`). Without the variable the header is generated into `OUT_DIR` only.
//!
//! The header's compile-time version macros come from the crate version (the workspace's one
//! version), so a version bump makes the committed header stale until it is regenerated.

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
    // The soname carries the major version: an ABI break is a major release.
    let major = env::var("CARGO_PKG_VERSION_MAJOR")?;
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libauthlete.so.{major}");
    }

    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))?;
    config.after_includes = Some(version_macros(&env::var("CARGO_PKG_VERSION")?)?);
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

/// `AUTHLETE_VERSION_MAJOR/MINOR/PATCH`, the version string, and `AUTHLETE_VERSION_NUM`
/// (0xMMmmpp, as libcurl's `LIBCURL_VERSION_NUM`) for `#if` comparisons at compile time.
fn version_macros(version: &str) -> Result<String, Box<dyn std::error::Error>> {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let parts: Vec<u32> = core.split('.').map(str::parse).collect::<Result<_, _>>()?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!("crate version {version} is not MAJOR.MINOR.PATCH").into());
    };
    if major > 255 || minor > 255 || patch > 255 {
        return Err(format!("crate version {version}: AUTHLETE_VERSION_NUM holds each part up to 255").into());
    }
    Ok(format!(
        r#"
/** @name Version of this header, known at compile time
 * authlete_version() gives the version of the library loaded at run time.
 * @code
 * #if AUTHLETE_VERSION_NUM >= 0x000100  // 0.1.0 or later
 * @endcode
 * @{{ */
/** Major version: changes that break the API or the ABI. */
#define AUTHLETE_VERSION_MAJOR {major}
/** Minor version: additions that keep the API and the ABI. */
#define AUTHLETE_VERSION_MINOR {minor}
/** Patch version: fixes. */
#define AUTHLETE_VERSION_PATCH {patch}
/** The version as a string, e.g. "{version}". */
#define AUTHLETE_VERSION "{version}"
/** The version as one number, 0xMMmmpp (major, minor, patch: one byte each), to compare with `#if`. */
#define AUTHLETE_VERSION_NUM 0x{major:02x}{minor:02x}{patch:02x}
/** @}} */
"#
    ))
}
