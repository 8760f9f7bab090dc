//! `itc set`: changing fields of a record.

use crate::support::*;

#[test]
fn messages_of_set_print_values_escaped() {
    let dir = temp_copy(&demo());
    let out = itc(
        dir.path(),
        &["--lang", "en", "set", "INC-2026-0013", "title=a\u{1b}[2Jb"],
    );
    // The change is refused, and the message quotes the value with its control shown.
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("E0311") && said.contains("\\u{1b}"), "{said}");
    no_raw_controls("set", &stdout(&out));
    no_raw_controls("set", &said);
}
