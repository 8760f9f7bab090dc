//! `itc edit`: the record in `$VISUAL` or `$EDITOR`, through its short id; a valid edit is
//! written, an invalid one is opened again with the reasons at the top (and kept aside when it
//! is left so), and a record changed meanwhile is not written over.

use std::path::{Path, PathBuf};

use crate::support::*;

/// An editor: a shell script in `dir` running `body` with the file as `$1`.
fn editor(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.to_string_lossy().into_owned()
}

/// The editing copies left beside `record` (`.STEM.HOST-PID-N.edit.EXT`).
fn copies(record: &Path) -> Vec<PathBuf> {
    let stem = record.file_stem().unwrap().to_string_lossy().into_owned();
    std::fs::read_dir(record.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(&format!(".{stem}.")) && name.contains(".edit.")
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn edit_writes_a_valid_edit_and_keeps_an_invalid_one_aside() {
    for format in ["toml", "yaml"] {
        let repo = new_repo("zh", format);
        let dir = repo.path();
        let tools = tempfile::tempdir().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let tmp_s = tmp.path().to_str().unwrap();
        let id = new_incident(dir, &["--by", "ops"]);
        let path = file_of(dir, &id);
        let sep = if format == "toml" { " = " } else { ": " };
        let sub = |field: &str, value: &str| {
            format!("sed -i 's/^{field}{sep}.*/{field}{sep}\"{value}\"/' \"$1\"")
        };

        // A valid edit is written, through the short id; the copy is gone.
        let ed = editor(tools.path(), "title.sh", &sub("title", "改过的标题"));
        let out = ok_with(
            dir,
            &["edit", "INC-2026-1"],
            &[("EDITOR", &ed), ("TMPDIR", tmp_s)],
            None,
        );
        assert_eq!(
            out,
            format!("{id}: 已保存 → incidents/2026/{id}.{format}\n")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("改过的标题"), "{text}");
        assert!(copies(&path).is_empty());
        ok(dir, &["check"]);

        // VISUAL comes before EDITOR; an edit adding an error writes nothing.
        let bad = editor(tools.path(), "bad.sh", &sub("severity", "P9"));
        let before = std::fs::read(&path).unwrap();
        let out = itc_with(
            dir,
            &["edit", &id],
            &[("VISUAL", &bad), ("EDITOR", &ed), ("TMPDIR", tmp_s)],
            None,
        );
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert_eq!(std::fs::read(&path).unwrap(), before, "byte-identical");
        let kept = copies(&path);
        assert_eq!(kept.len(), 1);
        let err = stderr(&out);
        let kept_s = kept[0].display().to_string();
        assert!(
            err.contains(&format!("错误[E0305] {kept_s}:"))
                && err.contains(&format!("编辑后的副本保留在 {kept_s}")),
            "{err}"
        );
        assert!(std::fs::read_to_string(&kept[0]).unwrap().contains("P9"));
        std::fs::remove_file(&kept[0]).unwrap();

        // No change: nothing written, nothing kept.
        let out = ok_with(
            dir,
            &["edit", &id],
            &[("EDITOR", "true"), ("TMPDIR", tmp_s)],
            None,
        );
        assert_eq!(out, format!("{id}: 未修改\n"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(copies(&path).is_empty());

        // The editor fails: nothing written.
        let out = itc_with(
            dir,
            &["edit", &id],
            &[("EDITOR", "false"), ("TMPDIR", tmp_s)],
            None,
        );
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains("编辑器 `false` 以状态 1 退出"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
        for c in copies(&path) {
            std::fs::remove_file(c).unwrap();
        }

        // The record changed while it was being edited: the edit is not written over it.
        let racing = editor(
            tools.path(),
            "racing.sh",
            &format!(
                "{}\nprintf '# 并发修改\\n' >> '{}'",
                sub("title", "并发"),
                path.display()
            ),
        );
        let out = itc_with(
            dir,
            &["edit", &id],
            &[("EDITOR", &racing), ("TMPDIR", tmp_s)],
            None,
        );
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("在编辑期间被修改"),
            "{}",
            stderr(&out)
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.ends_with("# 并发修改\n") && !text.contains("并发\""),
            "{text}"
        );
        assert_eq!(copies(&path).len(), 1);
    }
}

/// An editor that counts its calls in `count` and keeps what it was given on each
/// (`seen.N`), then runs the shell `step` for call N (`case` branches on `$n`).
fn counting_editor(tools: &Path, steps: &str) -> String {
    let count = tools.join("count");
    let seen = tools.join("seen");
    editor(
        tools,
        "counting.sh",
        &format!(
            "n=$(cat '{c}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{c}'\ncp \"$1\" '{s}'.$n\ncase $n in\n{steps}\nesac",
            c = count.display(),
            s = seen.display()
        ),
    )
}

#[cfg(unix)]
#[test]
fn a_refused_edit_reopens_the_editor_with_the_reasons_at_the_top() {
    let repo = new_repo("en", "toml");
    let dir = repo.path();
    let tools = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let tmp_s = tmp.path().to_str().unwrap();
    let id = new_incident(dir, &["--by", "ops"]);
    let path = file_of(dir, &id);
    let severity = |v: &str| format!("sed -i 's/^severity = .*/severity = \"{v}\"/' \"$1\"");
    let seen = |n: u32| std::fs::read_to_string(tools.path().join(format!("seen.{n}"))).unwrap();
    let calls = || std::fs::read_to_string(tools.path().join("count")).unwrap();

    // First an error, then, reopened with the reason on top, a fix: written, and the comments
    // are not.
    let ed = counting_editor(
        tools.path(),
        &format!("1) {} ;;\n2) {} ;;", severity("P9"), severity("P1")),
    );
    let out = itc_with(
        dir,
        &["--lang", "en", "edit", &id],
        &[("EDITOR", &ed), ("TMPDIR", tmp_s)],
        None,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(calls().trim(), "2");
    assert_eq!(
        stdout(&out),
        format!("{id}: saved → incidents/2026/{id}.toml\n")
    );
    let record = std::fs::read_to_string(&path).unwrap();
    assert!(record.contains("severity = \"P1\""), "{record}");
    assert!(
        !record.contains("# "),
        "no comment of itc is written: {record}"
    );
    assert!(copies(&path).is_empty());
    // What the editor was given the second time: five lines of comments (three of words, the
    // finding, the scissors), then the edit as it was. The finding names its line in that
    // file: the record's severity is on line 7, so line 12 once the five lines are above it.
    let given = seen(2);
    let lines: Vec<&str> = given.lines().collect();
    assert!(
        lines[0].starts_with("# itc: this edit was refused"),
        "{given}"
    );
    assert_eq!(lines[2], "#");
    assert!(lines[3].starts_with("#   error[E0305] "), "{given}");
    assert!(lines[3].contains(":12:12: `severity` is \"P9\""), "{given}");
    assert_eq!(
        lines[4],
        "# ------------------------ >8 ------------------------"
    );
    assert_eq!(lines[11], "severity = \"P9\"", "{given}");
    // Below the comments, the edit itself: what the editor was first given, P3 made P9.
    let edit = seen(1).replace("severity = \"P3\"", "severity = \"P9\"");
    assert_eq!(lines[5..].join("\n") + "\n", edit);

    // Left unchanged when reopened: abandoned, nothing written, exit 1.
    std::fs::remove_file(tools.path().join("count")).unwrap();
    let before = std::fs::read(&path).unwrap();
    let ed = counting_editor(tools.path(), &format!("1) {} ;;\n*) ;;", severity("P9")));
    let out = itc_with(
        dir,
        &["--lang", "en", "edit", &id],
        &[("EDITOR", &ed), ("TMPDIR", tmp_s)],
        None,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(calls().trim(), "2", "opened twice, then given up");
    assert!(
        stderr(&out).contains("the file was left unchanged: the edit is abandoned"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "byte-identical");
    for c in copies(&path) {
        std::fs::remove_file(c).unwrap();
    }

    // The scissors deleted with the fix: the `# ` lines at the top are removed all the same.
    std::fs::remove_file(tools.path().join("count")).unwrap();
    let ed = counting_editor(
        tools.path(),
        &format!(
            "1) {} ;;\n2) {}; sed -i '/>8/d' \"$1\" ;;",
            severity("P9"),
            severity("P2")
        ),
    );
    let out = itc_with(
        dir,
        &["--lang", "zh", "edit", &id],
        &[("EDITOR", &ed), ("TMPDIR", tmp_s)],
        None,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(seen(2).starts_with("# itc:这次编辑被拒绝"), "{}", seen(2));
    let record = std::fs::read_to_string(&path).unwrap();
    assert!(record.contains("severity = \"P2\""), "{record}");
    assert!(record.starts_with("#:schema"), "{record}");
    ok(dir, &["check"]);
}
