#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| authlete_fuzz_harness::parsers(data));
