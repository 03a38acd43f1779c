#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| authlete_fuzz_harness::c_api(data));
