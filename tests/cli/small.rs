//! The small conveniences of a manager's day: man pages that man finds, `new --dry-run`, `at`
//! to the second, "did you mean" for ids and revisions, the full-width comma in a list, `edit`'s
//! second chance, and `init`'s next steps.

use std::process::Command;

use crate::support::*;

/// Runs man(1) on the pages of `MANPATH=dir`, as a user would, into a pipe (plain text).
fn man(dir: &std::path::Path, page: &str) -> (String, String, bool) {
    let o = Command::new("man")
        .arg(page)
        .env("MANPATH", dir)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "100")
        .env("LANG", "C.UTF-8")
        .env_remove("MANOPT")
        .output()
        .expect("man reads the pages: install man-db (tests/run does)");
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.success(),
    )
}

#[test]
#[cfg_attr(
    not(consumer = "man"),
    ignore = "needs man (apt-get install man-db); tests/run installs it"
)]
fn man_finds_the_pages_written_into_man1_with_the_manual_named_in_the_language() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, manual, about) in [
        ("zh", "通用命令手册", "按流程规则检查记录"),
        ("en", "General Commands Manual", "Check records"),
    ] {
        let pages = dir.path().join(lang);
        let o = Itc::new(dir.path())
            .args(["--lang", lang, "man", pages.to_str().unwrap()])
            .run();
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(pages.join("man1/itc-check.1").is_file());
        let (text, err, ok) = man(&pages, "itc-check");
        assert!(ok, "man itc-check failed: {err}");
        // The header: the page, the manual, the page again; the footer: the source.
        let first = text.lines().next().unwrap_or_default();
        assert!(first.starts_with("itc-check(1)"), "{first}");
        assert!(first.contains(manual), "{first}");
        assert!(text.contains(about), "{text}");
        let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
        let source = format!("itc {}", env!("CARGO_PKG_VERSION"));
        assert!(last.starts_with(&source), "{last}");
    }
}
