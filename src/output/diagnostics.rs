//! Rendering diagnostics: rustc-like text for people (the source line with a caret under the
//! offending key or value, then help lines), and one JSON object for machines.

use std::fmt::Write;
use std::path::Path;

use unicode_width::UnicodeWidthChar;

use super::Style;
use super::catalog;
use crate::Lang;
use crate::diag::{Diag, Severity};

/// The summary line, the same in every language so that scripts can read it.
pub fn summary(records: usize, errors: usize, warnings: usize) -> String {
    format!("checked {records} records: {errors} errors, {warnings} warnings")
}

fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
        .sum()
}

/// Renders diagnostics as text. Source lines are read from the files under `root`: once per
/// run of diagnostics of one file (they come sorted by file), and only one file is held at a time.
pub fn human(diags: &[Diag], root: &Path, lang: Lang, style: Style) -> String {
    let mut current: Option<(&str, Option<String>)> = None;
    let mut out = String::new();
    for d in diags {
        if current.as_ref().is_none_or(|(f, _)| *f != d.file) {
            let text = crate::repo::read_source(root, &d.file);
            current = Some((d.file.as_str(), text));
        }
        let source = current.as_ref().and_then(|(_, s)| s.as_ref());
        let (label, color) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let head = format!("{label}[{}]", d.code);
        let _ = writeln!(
            out,
            "{}: {}",
            style.paint(&head, color),
            style.paint(&catalog::message(d, lang), "1")
        );
        let line_no = d.span.line.to_string();
        let pad = " ".repeat(line_no.len());
        let _ = writeln!(
            out,
            "{pad}{} {}:{}:{}",
            style.paint("-->", "1;34"),
            d.file,
            d.span.line,
            d.span.col
        );
        let line = source
            .and_then(|s| s.lines().nth(d.span.line.saturating_sub(1) as usize))
            .map(|l| l.trim_end_matches('\r'));
        if let Some(line) = line {
            let bar = style.paint("|", "1;34");
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(
                out,
                "{} {bar} {}",
                style.paint(&line_no, "1;34"),
                line.replace('\t', "    ")
            );
            let before: String = line
                .chars()
                .take(d.span.col.saturating_sub(1) as usize)
                .collect();
            let marked: String = line
                .chars()
                .skip(d.span.col.saturating_sub(1) as usize)
                .take(d.span.width as usize)
                .collect();
            let carets = "^".repeat(display_width(&marked).max(1));
            let _ = writeln!(
                out,
                "{pad} {bar} {}{}",
                " ".repeat(display_width(&before)),
                style.paint(&carets, color)
            );
        }
        for help in catalog::helps(d, lang) {
            let _ = writeln!(out, "{pad} = {}: {help}", style.paint("help", "1"));
        }
        let _ = writeln!(out, "{pad} = check: {}", d.check);
        out.push('\n');
    }
    out
}

/// GitHub Actions annotations, one line per finding:
/// `::error file=F,line=L,col=C,title=E0301 fields::message`.
pub fn github(diags: &[Diag], lang: Lang) -> String {
    // The escapes of GitHub's workflow commands: data escapes %, CR, LF; properties also : and ,.
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},title={}::{}",
            d.severity.as_str(),
            prop(&d.file),
            d.span.line,
            d.span.col,
            prop(&format!("{} {}", d.code, d.check)),
            data(&catalog::message(d, lang))
        );
    }
    out
}

/// A GitLab code-quality report: a JSON array of issues, each with a stable fingerprint.
pub fn gitlab(diags: &[Diag], lang: Lang) -> String {
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let message = catalog::message(d, lang);
            // FNV-1a over what identifies the finding: stable across runs, no crate needed.
            let key = format!("{}:{}:{}:{}", d.file, d.code, d.span.line, message);
            let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            serde_json::json!({
                "description": format!("{} {message}", d.code),
                "check_name": d.check.name(),
                "fingerprint": format!("{hash:016x}"),
                "severity": if d.severity == Severity::Error { "major" } else { "minor" },
                "location": { "path": d.file, "lines": { "begin": d.span.line } },
            })
        })
        .collect();
    format!("{}\n", serde_json::Value::Array(items))
}

/// A JUnit XML report: one failing test case per file with findings (diagnostics come sorted by
/// file).
pub fn junit(diags: &[Diag], lang: Lang) -> String {
    let xml = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    files.dedup();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let n = files.len();
    let _ = writeln!(
        out,
        "<testsuites name=\"itc check\" tests=\"{n}\" failures=\"{n}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"itc check\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">"
    );
    for file in files {
        let mine: Vec<&Diag> = diags.iter().filter(|d| d.file == file).collect();
        let _ = writeln!(
            out,
            "    <testcase classname=\"itc\" name=\"{}\">",
            xml(file)
        );
        let body: Vec<String> = mine
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{} {}[{}] {}",
                    d.file,
                    d.span.line,
                    d.span.col,
                    d.severity.as_str(),
                    d.code,
                    catalog::message(d, lang)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "      <failure message=\"{} finding(s)\">{}</failure>",
            mine.len(),
            xml(&body.join("\n"))
        );
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// The JSON report: exactly one object with the diagnostics and the summary.
pub fn json(diags: &[Diag], files: usize, records: usize, lang: Lang) -> serde_json::Value {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "file": d.file,
                "line": d.span.line,
                "column": d.span.col,
                "severity": d.severity.as_str(),
                "code": d.code,
                "check": d.check.name(),
                "message": catalog::message(d, lang),
            })
        })
        .collect();
    serde_json::json!({
        "diagnostics": items,
        "summary": {
            "files": files,
            "records": records,
            "errors": errors,
            "warnings": diags.len() - errors,
        }
    })
}
