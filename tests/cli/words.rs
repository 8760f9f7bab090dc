//! Every user-facing word lives in the catalog: a string literal holding Chinese (CJK
//! ideographs) in `src/` is allowed only in `src/output/catalog/**`, in a command's help text
//! (`src/output/help/<command>.rs`, where `src/cmd/<command>.rs` exists, and `itc.rs`, the
//! top-level help) and in `src/kpi/registry.rs` (each KPI's names, by design). Every user-facing
//! text exists in Chinese and English, so Chinese marks a user-facing word. Comments, and unit
//! tests (the text after `#[cfg(test)] mod`), are not read, as in `layers.rs`. `help/mod.rs`,
//! `help/prescan.rs` and `help/errors.rs` serve no one command: their words belong in the
//! catalog.
//!
//! `DEBTS` lists, for each file whose words are still to move, how many of its lines hold
//! Chinese in a literal. The test fails on a file not in the list and on a count that grows;
//! and on a count that shrinks, until the list is updated, so the list only shrinks.

use std::collections::BTreeMap;

use crate::support::{root, sources};

/// Files whose words are still to move to the catalog: (path under `src/`, lines with Chinese).
const DEBTS: &[(&str, usize)] = &[("rules/schema.rs", 5)];

/// Whether `rel` (under `src/`, `/`-separated) may hold Chinese words.
fn allowed(rel: &str) -> bool {
    if rel.starts_with("output/catalog/") || rel == "kpi/registry.rs" {
        return true;
    }
    match rel.strip_prefix("output/help/") {
        Some(file) if !file.contains('/') => {
            let command = file.trim_end_matches(".rs");
            let cmd = root().join("src/cmd");
            let exists = cmd.join(file).is_file() || cmd.join(command).join("mod.rs").is_file();
            command == "itc" || (command != "mod" && exists)
        }
        _ => false,
    }
}

fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// The lines (1-based) on which a string or character literal of `text` holds an ideograph.
/// Comments are skipped; a `'` that opens no character literal is a lifetime.
fn lines_with_chinese(text: &str) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let mark = |line: usize, lines: &mut Vec<usize>| {
        if lines.last() != Some(&line) {
            lines.push(line);
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                let mut depth = 0;
                while i < chars.len() {
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if chars[i] == '\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
            }
            'r' if matches!(next, Some('#' | '"'))
                && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')) =>
            {
                // A raw string: r"…" or r#"…"#.
                let mut j = i + 1;
                let mut hashes = 0;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    i += 1;
                    continue;
                }
                j += 1;
                while j < chars.len() {
                    if chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    if chars[j] == '\n' {
                        line += 1;
                    } else if is_ideograph(chars[j]) {
                        mark(line, &mut lines);
                    }
                    j += 1;
                }
                i = j;
            }
            '"' => {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        if chars.get(j + 1) == Some(&'\n') {
                            line += 1;
                        }
                        j += 2;
                        continue;
                    }
                    if chars[j] == '\n' {
                        line += 1;
                    } else if is_ideograph(chars[j]) {
                        mark(line, &mut lines);
                    }
                    j += 1;
                }
                i = j + 1;
            }
            '\'' => {
                if next == Some('\\') {
                    // An escaped character: '\n', '\'', '\u{…}'.
                    let mut j = i + 3;
                    while j < chars.len() && chars[j] != '\'' {
                        j += 1;
                    }
                    i = j + 1;
                } else if chars.get(i + 2) == Some(&'\'') {
                    if next.is_some_and(is_ideograph) {
                        mark(line, &mut lines);
                    }
                    i += 3;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    lines
}

/// For each file of `src/` outside the catalog's places, how many lines hold Chinese in a
/// literal (files with none left out).
fn chinese_outside_the_catalog() -> BTreeMap<String, usize> {
    let src = root().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut found = BTreeMap::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if allowed(&rel) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let text = text
            .find("\n#[cfg(test)]\nmod ")
            .map_or(text.as_str(), |end| &text[..end]);
        let n = lines_with_chinese(text).len();
        if n > 0 {
            found.insert(rel, n);
        }
    }
    found
}

#[test]
fn every_word_is_in_the_catalog() {
    let found = chinese_outside_the_catalog();
    let debts: BTreeMap<&str, usize> = DEBTS.iter().copied().collect();
    let mut problems = Vec::new();
    for (file, &n) in &found {
        match debts.get(file.as_str()) {
            None => problems.push(format!(
                "src/{file}: {n} line(s) with Chinese in a literal: move the words to \
                 src/output/catalog/ (the catalog's convention: `Words::new(\"中文\", \"English\")`)"
            )),
            Some(&owed) if n > owed => problems.push(format!(
                "src/{file}: {n} line(s) with Chinese, more than the {owed} still owed: move the \
                 new words to src/output/catalog/"
            )),
            Some(&owed) if n < owed => problems.push(format!(
                "src/{file}: {n} line(s) with Chinese, fewer than the {owed} in DEBTS: lower it \
                 in tests/cli/words.rs"
            )),
            Some(_) => {}
        }
    }
    for (file, _) in DEBTS {
        if !found.contains_key(*file) {
            problems.push(format!(
                "src/{file} holds no Chinese any more: strike it from DEBTS in tests/cli/words.rs"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn literals_are_told_from_comments_and_lifetimes() {
    let text = "// 注释\nfn f<'a>(x: &'a str) -> &'a str { x }\nconst A: &str = \"中文\";\n\
                /* 块\n注释 */ const B: char = '中';\nconst C: &str = r#\"\"原文\"\"#;\n\
                const D: &str = \"a\\\"b\"; const E: &str = \"\\\n 续行\";\n";
    assert_eq!(lines_with_chinese(text), [3, 5, 6, 8]);
}
