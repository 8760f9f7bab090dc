//! No input makes itc panic: every example and fixture record, truncated and garbled in many
//! ways, is loaded, checked and rendered.

use std::path::{Path, PathBuf};

use crate::support::*;

fn record_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            record_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml" | "yaml" | "yml")
        ) && path
            .file_name()
            .is_some_and(|n| n != "itc.toml" && n != "rules.toml")
        {
            out.push(path);
        }
    }
}

/// Deterministic variants of a file: truncations, flipped bytes, inserted and deleted
/// characters, shuffled and repeated lines.
fn variants(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let n = bytes.len().max(1);
    for k in 1..16 {
        out.push(bytes[..n * k / 16].to_vec());
    }
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ n as u64;
    let mut rnd = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m.max(1) as u64) as usize
    };
    let noise: &[&[u8]] = &[
        b"[", b"]", b"{", b"\"", b":", b"=", b"\n", b"\n  - ", b"&a ", b"*a", b"\t", b"---\n",
        b"\xff", b"#", b"'", b"|\n", b"0x", b"\\",
    ];
    for _ in 0..24 {
        let mut v = bytes.to_vec();
        for _ in 0..1 + rnd(4) {
            let at = rnd(v.len() + 1);
            match rnd(3) {
                0 => {
                    let ins = noise[rnd(noise.len())];
                    v.splice(at..at, ins.iter().copied());
                }
                1 if at < v.len() => {
                    v.remove(at);
                }
                _ if at < v.len() => v[at] ^= 1 << rnd(8),
                _ => {}
            }
        }
        out.push(v);
    }
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > 2 {
        let mut swapped = lines.clone();
        swapped.swap(1, lines.len() - 1);
        out.push(swapped.join("\n").into_bytes());
        let mut doubled = lines.clone();
        doubled.insert(1, lines[1]);
        out.push(doubled.join("\n").into_bytes());
        out.push(
            lines
                .iter()
                .map(|l| format!("  {l}"))
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes(),
        );
    }
    out
}

#[test]
fn truncated_and_garbled_records_never_panic() {
    let mut files = Vec::new();
    record_files(&demo(), &mut files);
    record_files(&fixture("invalid"), &mut files);
    assert!(files.len() > 90);
    let repo = tempfile::tempdir().unwrap();
    std::fs::copy(demo().join("itc.toml"), repo.path().join("itc.toml")).unwrap();
    let mut written = 0;
    for (i, file) in files.iter().enumerate() {
        let bytes = std::fs::read(file).unwrap();
        let folder = file
            .parent()
            .unwrap()
            .strip_prefix(
                file.ancestors()
                    .find(|a| a.join("itc.toml").is_file())
                    .unwrap(),
            )
            .unwrap();
        let kind_folder = folder.components().next().unwrap().as_os_str().to_owned();
        let ext = file.extension().unwrap().to_string_lossy().into_owned();
        let dir = repo.path().join(kind_folder).join(format!("f{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        for (j, v) in variants(&bytes).into_iter().enumerate() {
            std::fs::write(
                dir.join(format!(
                    "{}-{j}.{ext}",
                    file.file_stem().unwrap().to_string_lossy()
                )),
                v,
            )
            .unwrap();
            written += 1;
        }
    }
    assert!(written > 3000);
    let loaded = itc::repo::Repo::load(repo.path().to_path_buf()).unwrap();
    let diags = itc::check::run(&loaded).diags;
    assert!(diags.len() > written, "every variant has findings");
    for lang in [itc::Lang::Zh, itc::Lang::En] {
        let text = itc::output::diagnostics::human(
            &diags,
            repo.path(),
            lang,
            itc::output::Style { color: true },
        );
        assert!(!text.is_empty());
    }
    // And through the binary, as CI would run it.
    let out = itc(repo.path(), &["check", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // Every command that reads records survives them too (a panic exits 101).
    for args in [
        vec!["fmt", "--check"],
        vec!["list", "--format", "json"],
        vec![
            "kpi",
            "--period",
            "2026",
            "--as-of",
            "2026-12-31",
            "--explain",
            "--format",
            "json",
        ],
        vec![
            "kpi",
            "--period",
            "2026",
            "--as-of",
            "2026-12-31",
            "--by",
            "month",
        ],
    ] {
        let out = itc(repo.path(), &args);
        assert!(matches!(code(&out), 0 | 1), "{args:?}: {}", stderr(&out));
    }
    // fmt writes only what keeps every value: whatever it rewrote still checks the same way.
    let before = itc(repo.path(), &["check", "--format", "json"]);
    let out = itc(repo.path(), &["fmt"]);
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    let after = itc(repo.path(), &["check", "--format", "json"]);
    let count = |o: &std::process::Output| findings(o).1["records"].clone();
    assert_eq!(count(&before), count(&after));
}
