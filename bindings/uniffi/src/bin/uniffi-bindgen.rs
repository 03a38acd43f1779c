//! The uniffi bindings generator, pinned to this workspace's uniffi version:
//! `cargo run -p authlete-uniffi --features cli --bin uniffi-bindgen -- generate ...`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
