//! Rendering diagnostics: rustc-like text for people (the source line with a caret under the
//! offending key or value, then help lines), one JSON object for machines, and the reports CI
//! systems read: GitHub workflow commands (with a step summary), GitLab code quality, SARIF 2.1.0
//! and JUnit XML. CI reports name files from the top of the git work tree, where the pull
//! request's lines are.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthChar;

use super::Style;
use super::catalog;
use super::catalog::rendering as words;
use super::escape;
use crate::diag::{Arg, Code, Diag, Severity};
use crate::{Error, Lang};

/// The summary line, in the output language (scripts read the JSON format's counts).
pub fn summary(records: usize, errors: usize, warnings: usize, lang: Lang) -> String {
    words::summary(lang, records, errors, warnings)
}

/// The head of a finding, `错误[E0701]` / `error[E0701]`: the one form every text that shows a
/// finding to people uses (`check`, the refusals of `new`, `set`, `advance`, `edit`, `diff`).
pub fn head(severity: Severity, code: Code, lang: Lang) -> String {
    let label = match severity {
        Severity::Error => words::ERROR.get(lang),
        Severity::Warning => words::WARNING.get(lang),
    };
    format!("{label}[{code}]")
}

/// The error that ends the check of a revision git could not hand over whole: `lost` files
/// could not be read, so the check of it is incomplete.
pub fn incomplete(rev: &str, lost: usize, lang: Lang, style: Style) -> String {
    let rev = escape::terminal(rev);
    format!(
        "{}: {}\n",
        style.paint(words::ERROR.get(lang), super::look::ERROR),
        words::incomplete(lang, &rev, lost)
    )
}

fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if c == '\t' { 4 } else { c.width().unwrap_or(0) })
        .sum()
}

/// A file's text with the start of every line indexed once, so that each diagnostic finds its
/// line in constant time (printing stays linear in the number of findings).
struct Source {
    text: String,
    starts: Vec<usize>,
}

impl Source {
    /// A record file's text, read as records are read (inside the root, regular files only,
    /// within the size limit).
    fn read(text: Option<String>) -> Option<Source> {
        let text = text?;
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Some(Source { text, starts })
    }

    /// Line `n` (1-based), without its line end.
    fn line(&self, n: u32) -> Option<&str> {
        let i = usize::try_from(n).ok()?.checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&e| e - 1);
        if start > self.text.len() || (start == self.text.len() && i + 1 == self.starts.len()) {
            return None;
        }
        self.text.get(start..end).map(|l| l.trim_end_matches('\r'))
    }
}

/// Renders diagnostics as text. Source lines are read from the files under `root`: once per
/// run of diagnostics of one file (they come sorted by file), and only one file is held at a time.
/// Every piece taken from a file (its name, its line, the values in the message) passes the
/// terminal's escaping.
pub fn human(diags: &[Diag], root: &Path, lang: Lang, style: Style) -> String {
    human_from(
        diags,
        &|rel| crate::repo::read_source(root, rel),
        lang,
        style,
    )
}

/// Like `human`, with each file's text from `text_of` (a repository read from git at `--at`).
pub fn human_from(
    diags: &[Diag],
    text_of: &dyn Fn(&str) -> Option<String>,
    lang: Lang,
    style: Style,
) -> String {
    let mut current: Option<(&str, Option<Source>)> = None;
    let mut out = String::new();
    for d in diags {
        if current.as_ref().is_none_or(|(f, _)| *f != d.file) {
            current = Some((d.file.as_str(), Source::read(text_of(&d.file))));
        }
        let source = current.as_ref().and_then(|(_, s)| s.as_ref());
        let color = match d.severity {
            Severity::Error => super::look::ERROR,
            Severity::Warning => super::look::WARNING,
        };
        let head = head(d.severity, d.code, lang);
        let _ = writeln!(
            out,
            "{}: {}",
            style.paint(&head, color),
            style.paint(
                &escape::terminal_line(&catalog::message(d, lang)),
                super::look::STRONG
            )
        );
        let line_no = d.span.line.to_string();
        let pad = " ".repeat(line_no.len());
        let _ = writeln!(
            out,
            "{pad}{} {}:{}:{}",
            style.paint("-->", super::look::GUTTER),
            escape::terminal_line(&d.file),
            d.span.line,
            d.span.col
        );
        if let Some(line) = source.and_then(|s| s.line(d.span.line)) {
            let bar = style.paint("|", super::look::GUTTER);
            let skip = d.span.col.saturating_sub(1) as usize;
            // The caret is placed under the escaped text, as printed.
            let before: String = line.chars().take(skip).collect();
            let marked: String = line
                .chars()
                .skip(skip)
                .take(d.span.width as usize)
                .collect();
            let before = escape::terminal_line(&before);
            let marked = escape::terminal_line(&marked);
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(
                out,
                "{} {bar} {}",
                style.paint(&line_no, super::look::GUTTER),
                escape::terminal_line(line).replace('\t', "    ")
            );
            let carets = "^".repeat(display_width(&marked).max(1));
            let _ = writeln!(
                out,
                "{pad} {bar} {}{}",
                " ".repeat(display_width(&before)),
                style.paint(&carets, color)
            );
        }
        for help in catalog::helps(d, lang) {
            let _ = writeln!(
                out,
                "{pad} = {}: {}",
                style.paint(words::HELP.get(lang), super::look::STRONG),
                escape::terminal_line(&help)
            );
        }
        let _ = writeln!(
            out,
            "{pad} = {}: {}",
            words::CHECK.get(lang),
            words::check_name(lang, d.check)
        );
        out.push('\n');
    }
    out
}

/// What identifies a finding whatever its line and the language: its file, its code, and the
/// values its message names that are keys rather than positions or sizes (the field, stage,
/// record id…). Labels (translated) and parser messages (which carry positions) are left out.
fn identity(d: &Diag, path: &str) -> String {
    const IDENTIFYING: [&str; 16] = [
        "field", "stage", "key", "id", "name", "kind", "what", "section", "part", "other",
        "earlier", "later", "value", "found", "expected", "code",
    ];
    let mut key = format!("{path}\u{0}{}", d.code);
    for (name, arg) in &d.args {
        if let (true, Arg::Plain(v)) = (IDENTIFYING.contains(name), arg) {
            let _ = write!(key, "\u{0}{name}={v}");
        }
    }
    key
}

/// The annotations of each level GitHub shows of a step, and of a job.
const ANNOTATIONS_PER_STEP: usize = 10;
const ANNOTATIONS_PER_JOB: usize = 50;

/// The size of a step summary GitHub takes (1 MiB); past it the whole summary is dropped.
const STEP_SUMMARY_LIMIT: usize = 1024 * 1024;

/// The most results GitHub code scanning takes in one SARIF run: a run with more is refused.
pub const SARIF_MAX_RESULTS: usize = 25_000;

/// The base of the relative paths of a SARIF log (SARIF §3.4.4): the top of the git work tree.
const SARIF_ROOT: &str = "%SRCROOT%";

/// The indices of at most `limit` findings, the most severe first (errors, then warnings, each
/// in the usual order), given back in the usual order.
fn most_severe(diags: &[Diag], limit: usize) -> Vec<usize> {
    let mut kept: Vec<usize> = (0..diags.len()).collect();
    if diags.len() > limit {
        kept.sort_by_key(|&i| (diags[i].severity != Severity::Error, i));
        kept.truncate(limit);
        kept.sort_unstable();
    }
    kept
}

/// FNV-1a, 64 bits: stable across runs and platforms, no crate needed.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The reports read by CI systems: built once per run with the paths they need.
pub struct Ci {
    /// Put before every repository-relative path: where the repository lies in its work tree.
    prefix: String,
    /// The files checked (repository-relative), each a JUnit test case, findings or not.
    checked: Vec<String>,
    deny_warnings: bool,
    lang: Lang,
}

impl Ci {
    pub fn new(root: &Path, checked: Vec<String>, deny_warnings: bool, lang: Lang) -> Ci {
        Ci {
            prefix: crate::git::worktree_prefix(root),
            checked,
            deny_warnings,
            lang,
        }
    }

    fn path(&self, file: &str) -> String {
        format!("{}{file}", self.prefix)
    }

    /// A fingerprint per finding: the hash of its identity, and of its occurrence number among
    /// findings with the same identity (in file order), so that each is unique in a report.
    fn fingerprints(&self, diags: &[Diag]) -> Vec<String> {
        let mut seen: HashMap<String, u32> = HashMap::new();
        diags
            .iter()
            .map(|d| {
                let key = identity(d, &self.path(&d.file));
                let n = seen.entry(key.clone()).or_insert(0);
                *n += 1;
                format!("{:016x}", fnv1a(&format!("{key}\u{0}#{n}")))
            })
            .collect()
    }

    /// GitHub Actions annotations, one line per finding:
    /// `::error file=F,line=L,endLine=L,col=C,endColumn=C,title=T::message`. When
    /// `$GITHUB_STEP_SUMMARY` names a file, a Markdown summary listing every finding is appended
    /// to it, since GitHub shows only ten annotations of each level per step.
    pub fn github(&self, diags: &[Diag]) -> Result<String, Error> {
        let mut out = String::new();
        for d in diags {
            let _ = writeln!(
                out,
                "::{} file={},line={},endLine={},col={},endColumn={},title={}::{}",
                d.severity.as_str(),
                escape::github_property(&self.path(&d.file)),
                d.span.line,
                d.span.line,
                d.span.col,
                d.span.col + d.span.width.max(1) - 1,
                escape::github_property(&format!("itc {} ({})", d.code, d.check)),
                escape::github_data(&catalog::message(d, self.lang))
            );
        }
        if let Some(file) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty()) {
            let path = PathBuf::from(file);
            // The summary of a step is one file: what earlier commands of the step appended
            // counts against its limit too.
            let used = std::fs::metadata(&path).map_or(0, |m| m.len());
            let room =
                usize::try_from(used).map_or(0, |used| STEP_SUMMARY_LIMIT.saturating_sub(used));
            use std::io::Write as _;
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .and_then(|mut f| f.write_all(self.step_summary_within(diags, room).as_bytes()))
                .map_err(|e| Error::Io(path, e))?;
        }
        Ok(out)
    }

    /// The Markdown of a GitHub step summary: counts by code, then every finding.
    pub fn step_summary(&self, diags: &[Diag]) -> String {
        self.step_summary_within(diags, STEP_SUMMARY_LIMIT)
    }

    /// A step summary of at most `room` bytes (when `room` leaves space for the counts): the
    /// findings that would take it over are left out, with a line saying how many.
    fn step_summary_within(&self, diags: &[Diag], room: usize) -> String {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diags.len() - errors;
        let mut out = format!(
            "## itc check\n\n{}\n\n",
            summary(self.checked.len(), errors, warnings, self.lang)
        );
        if diags.is_empty() {
            return out;
        }
        if errors > ANNOTATIONS_PER_STEP || warnings > ANNOTATIONS_PER_STEP {
            let n = ANNOTATIONS_PER_STEP;
            let _ = writeln!(
                out,
                "> {}\n",
                words::annotations_capped(self.lang, n, ANNOTATIONS_PER_JOB)
            );
        }
        let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for d in diags {
            *counts
                .entry((d.code.as_str(), d.severity.as_str()))
                .or_default() += 1;
        }
        out.push_str(words::COUNTS_HEAD.get(self.lang));
        for ((code, level), n) in &counts {
            let _ = writeln!(out, "| {code} | {level} | {n} |");
        }
        out.push_str(words::FINDINGS_HEAD.get(self.lang));
        // Room for the line that counts what is left out.
        let budget = room.saturating_sub(512);
        let mut listed = 0;
        for d in diags {
            let row = format!(
                "| {} | {} | {} | {} |\n",
                escape::markdown_cell(&self.path(&d.file)),
                d.span.line,
                d.code,
                escape::markdown_cell(&catalog::message(d, self.lang))
            );
            if out.len() + row.len() > budget {
                break;
            }
            out.push_str(&row);
            listed += 1;
        }
        if listed < diags.len() {
            let more = diags.len() - listed;
            let mib = STEP_SUMMARY_LIMIT / (1024 * 1024);
            let _ = writeln!(out, "\n{}", words::summary_left_out(self.lang, more, mib));
        }
        out.push('\n');
        out
    }

    /// A GitLab code-quality report: a JSON array of issues, each with a fingerprint that
    /// survives moved lines and another `--lang`, and is unique in the report.
    pub fn gitlab(&self, diags: &[Diag]) -> String {
        let items: Vec<serde_json::Value> = diags
            .iter()
            .zip(self.fingerprints(diags))
            .map(|(d, fingerprint)| {
                let message = catalog::message(d, self.lang);
                serde_json::json!({
                    "description": format!("{} {message}", d.code),
                    "check_name": d.code.as_str(),
                    "fingerprint": fingerprint,
                    "severity": if d.severity == Severity::Error { "major" } else { "minor" },
                    "location": {
                        "path": self.path(&d.file),
                        "lines": { "begin": d.span.line.max(1) },
                    },
                })
            })
            .collect();
        format!("{}\n", serde_json::Value::Array(items))
    }

    /// A SARIF 2.1.0 log as GitHub code scanning takes it: one rule per catalog code (its short
    /// and full description and its help, in the run's language), one result per finding with
    /// its region, paths relative to `%SRCROOT%` (the top of the git work tree). Columns count
    /// Unicode code points. Past `SARIF_MAX_RESULTS` findings, the most severe are kept and the
    /// run's invocation says how many were left out.
    pub fn sarif(&self, diags: &[Diag]) -> String {
        self.sarif_within(diags, SARIF_MAX_RESULTS)
    }

    /// `sarif` with at most `limit` results.
    fn sarif_within(&self, diags: &[Diag], limit: usize) -> String {
        let codes = Code::ALL;
        let rules: Vec<serde_json::Value> = codes
            .iter()
            .map(|&code| {
                let (short, full) = catalog::rule(code, self.lang);
                // A help written for every finding of the code, else the full description.
                let (_, help) = catalog::templates(code, self.lang);
                let help = if help.contains('{') { full } else { help };
                serde_json::json!({
                    "id": code.as_str(),
                    "name": code.family().name(),
                    "shortDescription": { "text": short },
                    "fullDescription": { "text": full },
                    "help": { "text": help },
                    "defaultConfiguration": { "level": code.severity().as_str() },
                })
            })
            .collect();
        let fingerprints = self.fingerprints(diags);
        let kept = most_severe(diags, limit);
        let results: Vec<serde_json::Value> = kept
            .iter()
            .map(|&i| {
                let d = &diags[i];
                let line = d.span.line.max(1);
                let col = d.span.col.max(1);
                let mut text = catalog::message(d, self.lang);
                for help in catalog::helps(d, self.lang) {
                    text.push_str("\nhelp: ");
                    text.push_str(&help);
                }
                let mut result = serde_json::json!({
                    "ruleId": d.code.as_str(),
                    "level": d.severity.as_str(),
                    "message": { "text": text },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": escape::uri_path(&self.path(&d.file)),
                                "uriBaseId": SARIF_ROOT,
                            },
                            "region": {
                                "startLine": line,
                                "startColumn": col,
                                "endLine": line,
                                "endColumn": col + d.span.width.max(1),
                            },
                        },
                    }],
                    "partialFingerprints": { "itc/v1": fingerprints[i] },
                });
                if let Some(i) = codes.iter().position(|c| *c == d.code) {
                    result["ruleIndex"] = i.into();
                }
                result
            })
            .collect();
        let mut invocation = serde_json::json!({ "executionSuccessful": true });
        let left_out = diags.len() - kept.len();
        if left_out > 0 {
            let total = diags.len();
            let text = words::sarif_left_out(self.lang, total, left_out, limit);
            invocation["toolExecutionNotifications"] = serde_json::json!([{
                "level": "warning",
                "descriptor": { "id": "itc/results-left-out" },
                "message": { "text": text },
            }]);
        }
        let root = words::SRCROOT.get(self.lang);
        let log = serde_json::json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "itc",
                        "version": env!("CARGO_PKG_VERSION"),
                        "rules": rules,
                    },
                },
                "invocations": [invocation],
                "originalUriBaseIds": {
                    SARIF_ROOT: { "description": { "text": root } },
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        });
        format!("{log}\n")
    }

    /// A JUnit XML report: one test case per checked file, passing ones included (and
    /// `itc.toml`, which every run checks), so a clean run counts its tests. Errors are
    /// failures; warnings go to the case's system-out, and are failures with `--deny-warnings`.
    pub fn junit(&self, diags: &[Diag]) -> String {
        let mut by_file: BTreeMap<&str, Vec<&Diag>> = BTreeMap::new();
        by_file.entry(crate::repo::CONFIG_FILE).or_default();
        for f in &self.checked {
            by_file.entry(f.as_str()).or_default();
        }
        for d in diags {
            by_file.entry(d.file.as_str()).or_default().push(d);
        }
        let line = |d: &Diag| {
            format!(
                "{}:{}:{} {}[{}] {}",
                self.path(&d.file),
                d.span.line,
                d.span.col,
                d.severity.as_str(),
                d.code,
                catalog::message(d, self.lang)
            )
        };
        let mut cases = String::new();
        let mut failures = 0;
        for (file, found) in &by_file {
            let failing: Vec<String> = found
                .iter()
                .filter(|d| d.severity == Severity::Error || self.deny_warnings)
                .map(|d| line(d))
                .collect();
            let other: Vec<String> = found
                .iter()
                .filter(|d| !(d.severity == Severity::Error || self.deny_warnings))
                .map(|d| line(d))
                .collect();
            let _ = write!(
                cases,
                "    <testcase classname=\"itc check\" name=\"{}\"",
                escape::xml(&self.path(file))
            );
            if failing.is_empty() && other.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            if !failing.is_empty() {
                failures += 1;
                let _ = writeln!(
                    cases,
                    "      <failure message=\"{} finding(s)\" type=\"itc\">{}</failure>",
                    failing.len(),
                    escape::xml(&failing.join("\n"))
                );
            }
            if !other.is_empty() {
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    escape::xml(&other.join("\n"))
                );
            }
            cases.push_str("    </testcase>\n");
        }
        let n = by_file.len();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<testsuites name=\"itc check\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\">"
        );
        let _ = writeln!(
            out,
            "  <testsuite name=\"itc check\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
        );
        out.push_str(&cases);
        out.push_str("  </testsuite>\n</testsuites>\n");
        out
    }
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
                "code": d.code.as_str(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Check;
    use crate::record::value::Span;

    fn diag(code: Code, file: &str, line: u32, field: &str) -> Diag {
        Diag::within(
            code,
            Check::Fields,
            file,
            Span {
                line,
                col: 3,
                width: 2,
            },
        )
        .arg("field", field)
    }

    #[test]
    fn source_lines_are_found_by_index() {
        let s = Source {
            text: "a\r\nbb\n\nlast".to_string(),
            starts: vec![0, 3, 6, 7],
        };
        assert_eq!(s.line(1), Some("a"));
        assert_eq!(s.line(2), Some("bb"));
        assert_eq!(s.line(3), Some(""));
        assert_eq!(s.line(4), Some("last"));
        assert_eq!(s.line(5), None);
        assert_eq!(s.line(0), None);
    }

    fn ci(lang: Lang) -> Ci {
        Ci {
            prefix: "records/".into(),
            checked: Vec::new(),
            deny_warnings: false,
            lang,
        }
    }

    fn warning(file: &str, line: u32) -> Diag {
        Diag::within(
            Code::W0310,
            Check::Fields,
            file,
            Span {
                line,
                col: 1,
                width: 1,
            },
        )
        .arg("field", "candidates")
        .arg("min", "3")
        .arg("count", "1")
    }

    fn sarif_of(ci: &Ci, diags: &[Diag], limit: usize) -> serde_json::Value {
        serde_json::from_str(&ci.sarif_within(diags, limit)).unwrap_or_default()
    }

    fn lines_and_levels(log: &serde_json::Value) -> Vec<(u64, String)> {
        log["runs"][0]["results"]
            .as_array()
            .map(|r| {
                r.iter()
                    .map(|r| {
                        (
                            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                                .as_u64()
                                .unwrap_or(0),
                            r["level"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn sarif_past_its_limit_keeps_errors_before_warnings_in_the_usual_order() {
        // Lines 1..=6: warning, error, warning, error, warning, error.
        let diags: Vec<Diag> = (1..=6)
            .map(|n| match n % 2 {
                0 => diag(Code::E0307, "a.toml", n, "x"),
                _ => warning("a.toml", n),
            })
            .collect();
        let log = sarif_of(&ci(Lang::En), &diags, 4);
        let e = |n: u64| (n, "error".to_string());
        let w = |n: u64| (n, "warning".to_string());
        assert_eq!(lines_and_levels(&log), vec![w(1), e(2), e(4), e(6)]);
        let note = &log["runs"][0]["invocations"][0];
        assert_eq!(note["executionSuccessful"], true);
        let text = note["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap_or("");
        assert!(text.starts_with("2 of 6 findings left out"), "{text}");
        // Fewer errors than the limit: all errors, then the first warnings.
        let log = sarif_of(&ci(Lang::Zh), &diags, 2);
        assert_eq!(lines_and_levels(&log), vec![e(2), e(4)]);
        let text =
            log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
                .as_str()
                .unwrap_or("");
        assert!(text.contains("略去 4 条"), "{text}");
        // Within the limit: everything, no notification.
        let log = sarif_of(&ci(Lang::En), &diags, 6);
        assert_eq!(lines_and_levels(&log).len(), 6);
        let invocation = &log["runs"][0]["invocations"][0];
        assert!(invocation.get("toolExecutionNotifications").is_none());
        // Kept results keep their rule index and their fingerprint of the whole report.
        let all = sarif_of(&ci(Lang::En), &diags, 6);
        let cut = sarif_of(&ci(Lang::En), &diags, 3);
        let print = |log: &serde_json::Value, i: usize| {
            log["runs"][0]["results"][i]["partialFingerprints"]["itc/v1"].clone()
        };
        assert_eq!(print(&cut, 0), print(&all, 1));
        assert_eq!(print(&cut, 2), print(&all, 5));
    }

    #[test]
    fn sarif_holds_at_most_githubs_25000_results() {
        assert_eq!(SARIF_MAX_RESULTS, 25_000);
        let mut diags: Vec<Diag> = (1..=300).map(|n| warning("a.toml", n)).collect();
        diags.extend((1..=25_100).map(|n| diag(Code::E0307, "b.toml", n, "x")));
        // The public renderer, with its limit.
        let log: serde_json::Value =
            serde_json::from_str(&ci(Lang::En).sarif(&diags)).unwrap_or_default();
        let kept = lines_and_levels(&log);
        assert_eq!(kept.len(), SARIF_MAX_RESULTS);
        assert!(kept.iter().all(|(_, level)| level == "error"));
        assert_eq!(kept.first().map(|k| k.0), Some(1));
        assert_eq!(kept.last().map(|k| k.0), Some(25_000));
        let text =
            log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
                .as_str()
                .unwrap_or("");
        assert!(text.starts_with("400 of 25400 findings left out"), "{text}");
    }

    #[test]
    fn step_summary_lists_what_fits_its_room_and_counts_the_rest() {
        let diags: Vec<Diag> = (1..=40)
            .map(|n| diag(Code::E0307, "a.toml", n, "x"))
            .collect();
        let all = ci(Lang::En).step_summary(&diags);
        assert_eq!(all.matches("| records/a.toml |").count(), 40);
        assert!(all.contains("GitHub shows at most 10 error"), "{all}");
        let small = ci(Lang::En).step_summary_within(&diags, 2000);
        assert!(small.len() <= 2000, "{}", small.len());
        let listed = small.matches("| records/a.toml |").count();
        assert!(listed > 0 && listed < 40, "{small}");
        assert!(
            small.contains(&format!("{} more not listed", 40 - listed)),
            "{small}"
        );
        let zh = ci(Lang::Zh).step_summary_within(&diags, 2000);
        assert!(zh.contains("未列出"), "{zh}");
        let few = ci(Lang::En).step_summary(&diags[..10]);
        assert!(!few.contains("GitHub shows at most"), "{few}");
    }

    #[test]
    fn fingerprints_ignore_lines_and_language_and_count_repeats() {
        let before = vec![
            diag(Code::E0307, "a.toml", 3, "x"),
            diag(Code::E0307, "a.toml", 3, "x"),
            diag(Code::E0307, "a.toml", 4, "y"),
        ];
        let moved: Vec<Diag> = before
            .iter()
            .cloned()
            .map(|mut d| {
                d.span.line += 7;
                d
            })
            .collect();
        let a = ci(Lang::En).fingerprints(&before);
        assert_eq!(a, ci(Lang::Zh).fingerprints(&moved));
        let unique: std::collections::HashSet<&String> = a.iter().collect();
        assert_eq!(unique.len(), 3);
    }
}
