#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bitext_fuzz::merge(data));
