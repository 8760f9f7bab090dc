//! Edit and fmt keep values: a record that parses is given a new title with `Doc::set` and then
//! formatted with `fmt`; each result must parse, and hold exactly the values intended.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    itc_fuzz::edit_fmt_roundtrip(data);
});
