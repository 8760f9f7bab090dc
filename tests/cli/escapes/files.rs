//! Escape routes through files that are not read as records: a record renamed or hidden.

use std::path::Path;

use super::{copy, record, run};
use crate::support::{code, findings, stderr};

/// `repair_timeliness` over 2026 in `dir`: (numerator, denominator).
fn repair(dir: &Path) -> (f64, f64) {
    let out = run(
        dir,
        &[
            "kpi",
            "--period",
            "2026",
            "--format",
            "json",
            "repair_timeliness",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let k = &v["kpis"][0];
    assert_eq!(k["key"], "repair_timeliness");
    (
        k["numerator"].as_f64().unwrap(),
        k["denominator"].as_f64().unwrap(),
    )
}

/// The W0205 findings of `check` as `file code: help`, and the exit code.
fn unread(dir: &Path) -> (Vec<String>, i32) {
    let out = run(dir, &["check", "--format", "json"]);
    let (found, _) = findings(&out);
    // The help is in the human output, one `restore it as` line per finding, in the same order.
    let text = stderr(&run(dir, &["check"]));
    let helps: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("= help: "))
        .filter(|h| h.starts_with("restore it as"))
        .collect();
    let files: Vec<&str> = found
        .iter()
        .filter(|f| f.code == "W0205")
        .map(|f| f.file.as_str())
        .collect();
    assert_eq!(files.len(), helps.len(), "{text}");
    let lines = files
        .iter()
        .zip(helps)
        .map(|(f, help)| format!("{f} W0205: {help}"))
        .collect();
    (lines, code(&out))
}

/// The demo's repair KPI over 2026: 10 of 18 incidents restored within their SLA (INC-2026-0019, raised by an alert
/// and never reported, counts at its alert time).
const DEMO_REPAIR: (f64, f64) = (10.0, 18.0);

#[test]
fn all_record_renamed_to_toml_bak() {
    let dir = copy();
    assert_eq!(repair(dir.path()), DEMO_REPAIR);
    let file = record(dir.path(), "INC-2026-0010");
    assert!(file.ends_with("incidents/2026/INC-2026-0010.toml"));
    std::fs::rename(&file, file.with_extension("toml.bak")).unwrap();
    // INC-2026-0010, a P1 restored 6h20m after it occurred (SLA 4h), late: once unread, it
    // leaves the denominator and the KPI improves from 10/18 to 10/17.
    assert_eq!(repair(dir.path()), (10.0, 17.0));
    // But not in silence: the file is named, and how to restore it said.
    let (found, status) = unread(dir.path());
    assert_eq!(
        found,
        [
            "incidents/2026/INC-2026-0010.toml.bak W0205: restore it as `incidents/2026/INC-2026-0010.toml`, or move it out of the kind folder"
        ]
    );
    // A warning, with the errors of what referred to it (E0703): the repository is not clean.
    assert_eq!(status, 1);
    // The other shapes of "another extension", and a hidden copy nothing wrote.
    for (name, restore) in [
        ("INC-2026-0010.yaml~", "INC-2026-0010.yaml"),
        ("INC-2026-0010.toml.orig", "INC-2026-0010.toml"),
        (".INC-2026-0010.toml", "INC-2026-0010.toml"),
    ] {
        std::fs::write(dir.path().join("incidents").join(name), "").unwrap();
        let (found, _) = unread(dir.path());
        let line = format!(
            "incidents/{name} W0205: restore it as `incidents/{restore}`, or move it out of the kind folder"
        );
        assert!(found.contains(&line), "{name}: {found:?}");
        std::fs::remove_file(dir.path().join("incidents").join(name)).unwrap();
    }
}

#[test]
fn all_record_moved_to_hidden_folder() {
    let dir = copy();
    let file = record(dir.path(), "INC-2026-0010");
    let hidden = dir.path().join("incidents/.old");
    std::fs::create_dir(&hidden).unwrap();
    std::fs::rename(&file, hidden.join("INC-2026-0010.toml")).unwrap();
    assert_eq!(repair(dir.path()), (10.0, 17.0));
    let (found, status) = unread(dir.path());
    assert_eq!(
        found,
        [
            "incidents/.old/INC-2026-0010.toml W0205: restore it as `incidents/INC-2026-0010.toml`, or move it out of the kind folder"
        ]
    );
    assert_eq!(status, 1);
    // Deeper, in a skipped `target` folder, or by the kind's prefix alone: named too.
    // Attachments stay silent, wherever they are; `.git` is never entered.
    for rel in [
        "incidents/2026/.trash/INC-2026-0099.yaml",
        "incidents/target/INC-2026-0098.txt",
    ] {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "").unwrap();
    }
    for rel in [
        "incidents/README.md",
        "incidents/.old/minutes.pdf",
        "incidents/.old/report.docx",
        "incidents/.git/INC-2026-0097.toml",
    ] {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "").unwrap();
    }
    let (found, _) = unread(dir.path());
    let files: Vec<&str> = found.iter().map(|l| &l[..l.find(' ').unwrap()]).collect();
    assert_eq!(
        files,
        [
            "incidents/.old/INC-2026-0010.toml",
            "incidents/2026/.trash/INC-2026-0099.yaml",
            "incidents/target/INC-2026-0098.txt",
        ]
    );
}
