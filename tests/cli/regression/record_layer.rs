//! Regressions of the record layer: reading TOML and YAML, editing records in place (`set`),
//! `fmt`, and the values `export` writes.

use std::path::Path;

#[allow(unused_imports)]
use crate::support::*;

/// A backup record's fields, in TOML: a minimal valid record of a single-stage kind.
const BACKUP_TOML: &str = "id = \"BAK-2026-001\"\ntitle = \"t\"\nstage = \"verified\"\nowner = \"a\"\nsystem = \"erp\"\nperiod = \"2026-01\"\njobs = 1\nsucceeded = 1\nrestore_tests = 1\nrestores_succeeded = 1\n";

/// A repository holding one backup record `BAK-2026-001` (`ext`: toml or yaml) of the given
/// text, with people `a` and `b` and the system `erp`.
fn repo_with(ext: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("itc.toml"),
        "[org]\nname = \"t\"\n\n[[systems]]\nid = \"erp\"\nname = \"ERP\"\ncriticality = \"core\"\n\n[[people]]\nid = \"a\"\nname = \"A\"\n\n[[people]]\nid = \"b\"\nname = \"B\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("backups")).unwrap();
    std::fs::write(dir.path().join(format!("backups/BAK-2026-001.{ext}")), text).unwrap();
    dir
}

fn record_file(dir: &Path, ext: &str) -> std::path::PathBuf {
    dir.join(format!("backups/BAK-2026-001.{ext}"))
}

/// The findings of `itc check --format json`.
fn check(dir: &Path) -> Vec<Finding> {
    findings(&itc(dir, &["--lang", "en", "check", "--format", "json"])).0
}

/// The one record of the repository as `itc export` gives it.
fn exported(dir: &Path) -> serde_json::Value {
    let out = itc(dir, &["export", "--format", "ndjson"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let line = stdout(&out);
    serde_json::from_str(line.lines().next().unwrap_or("null")).unwrap()
}

#[test]
fn toml_integer_with_bare_radix_prefix_is_a_syntax_error() {
    for value in ["0x", "0b", "0o", "1_0٠"] {
        // In a typed field (`jobs`, an int) and in a field the rules do not know.
        for text in [
            BACKUP_TOML.replace("jobs = 1\n", &format!("jobs = {value}\n")),
            format!("{BACKUP_TOML}extra = {value}\n"),
        ] {
            let dir = repo_with("toml", &format!("{text}\n[verified]\nat = 2026-02-03\n"));
            let found = check(dir.path());
            let (line, written) = text
                .lines()
                .enumerate()
                .find(|(_, l)| l.ends_with(value))
                .unwrap();
            let col = written.chars().count() - value.chars().count() + 1;
            let syntax: Vec<&Finding> = found.iter().filter(|f| f.code == "E0101").collect();
            assert_eq!(syntax.len(), 1, "{value}: {found:#?}");
            assert_eq!(
                (syntax[0].line as usize, syntax[0].column as usize),
                (line + 1, col),
                "{value}: {found:#?}"
            );
            assert!(syntax[0].message.contains(value), "{:?}", syntax[0]);
            assert!(!found.iter().any(|f| f.code == "E0303"), "{found:#?}");
            let zh = itc(dir.path(), &["--lang", "zh", "check"]);
            assert!(has_cjk(&stderr(&zh)) || has_cjk(&stdout(&zh)));
        }
    }
}

#[test]
fn toml_local_times_without_seconds_are_exported_with_seconds() {
    let text = format!(
        "{BACKUP_TOML}extra = 13:37\nlater = 2026-01-01T13:37\nlist = [07:05, 23:59:58.5]\n\n[verified]\nat = 2026-02-03\nby = \"a\"\n"
    );
    let dir = repo_with("toml", &text);
    let record = &exported(dir.path())["record"];
    assert_eq!(record["extra"], "13:37:00");
    assert_eq!(record["later"], "2026-01-01T13:37:00+08:00");
    assert_eq!(
        record["list"],
        serde_json::json!(["07:05:00", "23:59:58.500"])
    );
    let out = itc(dir.path(), &["export", "--format", "csv", "backup"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(csv.contains(",13:37:00,"), "{csv}");
    assert!(csv.contains(",07:05:00;23:59:58.500"), "{csv}");
    assert!(!csv.contains("13:37,"), "{csv}");
}

#[test]
fn fmt_of_an_empty_yaml_mapping_agrees_with_fmt_check() {
    for text in ["{}", "{}\n", "# nothing yet\n{}\n", "{ }  # empty\n"] {
        let dir = repo_with("yaml", text);
        let fmt = itc(dir.path(), &["--lang", "en", "fmt"]);
        assert_eq!(code(&fmt), 0, "{text:?}: {}", stderr(&fmt));
        assert!(!stderr(&fmt).contains("bug"), "{text:?}: {}", stderr(&fmt));
        assert!(
            !stderr(&fmt).contains("skipped"),
            "{text:?}: {}",
            stderr(&fmt)
        );
        for _ in 0..2 {
            let check = itc(dir.path(), &["--lang", "en", "fmt", "--check"]);
            assert_eq!(
                code(&check),
                0,
                "{text:?}: {}{}",
                stdout(&check),
                stderr(&check)
            );
        }
        let after = std::fs::read_to_string(record_file(dir.path(), "yaml")).unwrap();
        assert!(after.ends_with("{}\n"), "{after:?}");
        if text.contains('#') {
            assert!(after.contains('#'), "the comment is kept: {after:?}");
        }
    }
}

#[test]
fn csv_list_items_after_the_first_are_neutralised() {
    let text = format!(
        "{BACKUP_TOML}tags = [\"x\", \"=1+1\", \" @SUM(A1)\", \"-2\", \"+3\", \"ok\"]\n\n[verified]\nat = 2026-02-03\nby = \"a\"\n"
    );
    let dir = repo_with("toml", &text);
    let out = itc(dir.path(), &["export", "--format", "csv", "backup"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(
        csv.contains(",x;'=1+1;' @SUM(A1);'-2;'+3;ok,"),
        "every item that could start a formula is neutralised: {csv}"
    );
    // A list whose first item is a formula is neutralised once.
    let text = text.replace("[\"x\", ", "[");
    std::fs::write(record_file(dir.path(), "toml"), text).unwrap();
    let csv = stdout(&itc(dir.path(), &["export", "--format", "csv", "backup"]));
    assert!(csv.contains(",'=1+1;' @SUM(A1);"), "{csv}");
    assert!(!csv.contains("''"), "{csv}");
}
