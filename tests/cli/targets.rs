//! `[targets]` values are checked against their KPI's unit.

use crate::support::*;

#[test]
fn a_percentage_written_as_a_ratio_target_is_refused_at_its_position() {
    let dir = fixture("targets");
    let out = itc(&dir, &["--lang", "en", "check"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains(
            "error[E0804]: target 99.9 for `availability` in [targets] is not a ratio between 0 and 1\n  --> itc.toml:12:16\n"
        ),
        "{err}"
    );
    assert!(err.contains("help: write 0.999 (that is 99.9%)"), "{err}");
    assert!(err.contains("help: write 1.05 (that is 105%)"), "{err}");
    let (found, _) = findings(&itc(&dir, &["check", "--format", "json"]));
    let brief: Vec<String> = found.iter().map(Finding::brief).collect();
    assert_eq!(
        brief,
        [
            "itc.toml:12:16 E0804 config",
            "itc.toml:14:16 E0804 config",
            "itc.toml:15:22 E0804 config",
        ]
    );
    // In Chinese, the same finding with the fix.
    let zh = stderr(&itc(&dir, &["check"]));
    assert!(zh.contains("写成 0.999(即 99.9%)"), "{zh}");
}

#[test]
fn kpi_refuses_while_a_target_is_refused() {
    // 99.9 would make every availability "missed": kpi computes nothing until itc.toml is
    // fixed, and shows the finding (exit 2), rather than judge against a wrong target.
    let dir = fixture("targets");
    let out = itc(
        &dir,
        &[
            "--lang",
            "en",
            "kpi",
            "availability",
            "--period",
            "2026",
            "--as-of",
            "2026-12-31",
            "--format",
            "json",
            "--fail-on-missed",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("E0804"), "{}", stderr(&out));
    assert!(stderr(&out).contains("itc.toml:12:16"), "{}", stderr(&out));
}

#[test]
fn targets_in_their_unit_pass() {
    let dir = temp_copy(&fixture("targets"));
    let path = dir.path().join("itc.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let fixed = text
        .replace("availability = 99.9", "availability = 0.999")
        .replace("cost_control = 105", "cost_control = 1.05")
        .replace("security_incidents = -1", "security_incidents = 0");
    std::fs::write(&path, fixed).unwrap();
    let out = itc(dir.path(), &["--lang", "en", "check"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
