//! Record loading, YAML: any bytes are decoded and parsed without a panic, and every finding
//! points at a line of the text and renders in both languages.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    itc_fuzz::load(data, itc::record::Format::Yaml);
});
