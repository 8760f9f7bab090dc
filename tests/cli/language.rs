//! The language and looks of itc's own output: help, clap's errors, man pages and colour.

use std::process::Command;

use crate::support::*;

/// Runs `itc ARGS` under a pseudo-terminal (`script`), so that `--color auto` sees a terminal,
/// with `NO_COLOR` set to `no_color` (or unset).
fn on_a_terminal(args: &str, no_color: Option<&str>) -> Option<String> {
    let line = format!("{} {args}", env!("CARGO_BIN_EXE_itc"));
    let mut cmd = Command::new("script");
    cmd.args(["-q", "-e", "-c", &line, "/dev/null"])
        .current_dir(fixture("targets"))
        .env_remove("ITC_LANG");
    match no_color {
        Some(v) => cmd.env("NO_COLOR", v),
        None => cmd.env_remove("NO_COLOR"),
    };
    match cmd.output() {
        Ok(o) => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Err(e) => {
            assert!(
                std::env::var_os("ITC_SKIP_EXTERNAL").is_some(),
                "`script` (util-linux) is needed to run itc on a terminal: {e}; \
                 install it or set ITC_SKIP_EXTERNAL=1"
            );
            None
        }
    }
}

#[test]
fn only_a_non_empty_no_color_turns_colour_off() {
    let Some(unset) = on_a_terminal("check", None) else {
        return;
    };
    assert!(
        unset.contains("\x1b[1;31m"),
        "colour on a terminal: {unset:?}"
    );
    let empty = on_a_terminal("check", Some("")).unwrap_or_default();
    assert!(
        empty.contains("\x1b[1;31m"),
        "an empty NO_COLOR is unset: {empty:?}"
    );
    let set = on_a_terminal("check", Some("1")).unwrap_or_default();
    assert!(set.contains("E0804"), "{set}");
    assert!(
        !set.contains('\x1b'),
        "NO_COLOR=1 turns colour off: {set:?}"
    );
    let forced = on_a_terminal("--color always check", Some("1")).unwrap_or_default();
    assert!(
        forced.contains("\x1b[1;31m"),
        "--color always wins: {forced:?}"
    );
}
