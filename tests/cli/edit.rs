//! `itc edit`: the record in `$VISUAL` or `$EDITOR`, through its short id; a valid edit is
//! written, an invalid one is kept aside (and, on a terminal, offered again), and a record
//! changed meanwhile is not written over.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

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

/// `itc edit` on a terminal (through `script`, which gives it one), answering `answer`.
#[cfg(unix)]
fn edit_on_a_terminal(dir: &Path, id: &str, env: &[(&str, &str)], answer: &str) -> Output {
    let line = format!("{} edit {id}", env!("CARGO_BIN_EXE_itc"));
    let mut cmd = Command::new("script");
    isolated(&mut cmd)
        .current_dir(dir)
        .args(["-qec", &line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answer.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
#[cfg_attr(
    not(consumer = "script"),
    ignore = "needs script from util-linux (apt-get install bsdutils); tests/run installs it"
)]
fn edit_on_a_terminal_offers_to_edit_again() {
    let repo = new_repo("zh", "toml");
    let dir = repo.path();
    let tools = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let tmp_s = tmp.path().to_str().unwrap();
    let id = new_incident(dir, &["--by", "ops"]);
    let path = file_of(dir, &id);
    // First an error, then, reopened, a fix.
    let count = tools.path().join("count");
    let ed = editor(
        tools.path(),
        "twice.sh",
        &format!(
            "n=$(cat '{c}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{c}'\nif [ $n = 1 ]; then v=P9; else v=P1; fi\nsed -i \"s/^severity = .*/severity = \\\"$v\\\"/\" \"$1\"",
            c = count.display()
        ),
    );
    let env = [("EDITOR", ed.as_str()), ("TMPDIR", tmp_s)];
    let out = edit_on_a_terminal(dir, &id, &env, "y\n");
    let said = stdout(&out);
    assert_eq!(code(&out), 0, "{said}{}", stderr(&out));
    assert!(
        said.contains("重新编辑?[Y/n]") && said.contains("已保存"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&count).unwrap().trim(), "2");
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("severity = \"P1\"")
    );
    assert!(copies(&path).is_empty());

    // Answering no keeps the copy and writes nothing.
    std::fs::remove_file(&count).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = edit_on_a_terminal(dir, &id, &env, "n\n");
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("编辑后的副本保留在"),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(copies(&path).len(), 1);
}
