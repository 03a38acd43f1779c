#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| authlete_fuzz_harness::call_by_name(data));
