//! Writing records: `new` (allocate an id, write the start stage), `advance` (complete the
//! current stage, enter the next) and `set` (edit fields). Each builds the new text with minimal
//! edits (`record::edit`), checks it as `itc check` would, and writes it atomically only when it
//! is valid — an invalid operation writes nothing and says what is missing and how to give it.
//!
//! By concern: `id` (finding a record by id, allocating the next one), `lock` (the repository
//! lock every write holds), `new`, `advance`, `set` and `edit` (the operations); here, what they
//! share: the outcome, the refusals, and the edit of a record's text checked before it is written.

mod advance;
mod edit;
mod fmt;
mod id;
mod lock;
mod new;
mod set;

pub use advance::{AdvanceArgs, advance, needs, needs_advance};
pub use edit::{
    EditSession, Edited, edit_begin, edit_check, edit_check_text, edit_commit, edit_read,
    edit_rewrite,
};
pub use fmt::{Formatted, Skip, fmt};
pub use id::{find, resolve};
pub use lock::{Lock, Wait};
pub use new::{NewArgs, needs_new, new};
pub use set::set;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::diag::{Diag, Severity};
use crate::entry::assign::{self, Assignment, Place, Problem};
use crate::entry::format;
use crate::output::catalog::errors;
use crate::record::edit::{Doc, EditError};
use crate::record::value::{Entry, Node, Span, Table, Value};
use crate::record::{self, FieldPath, Format, Record, literal};
use crate::repo::Repo;
use crate::rules::Kind;
use crate::{Error, Lang};

/// What an operation did (or, with a dry run, would do).
pub struct Outcome {
    pub id: String,
    pub path: PathBuf,
    pub text: String,
    /// The values `text` is meant to hold, for the proof of the write.
    pub intended: Table,
    /// `INC-2026-0042: 故障诊断 → 故障处理`, in both languages.
    pub zh: String,
    pub en: String,
}

impl Outcome {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

fn problems(list: Vec<Problem>) -> Error {
    let zh: Vec<String> = list.iter().map(|p| p.zh.clone()).collect();
    let en: Vec<String> = list.iter().map(|p| p.en.clone()).collect();
    Error::usage(zh.join("\n"), en.join("\n"))
}

fn edit_error(e: EditError, path: &Path) -> Error {
    Error::usage(
        errors::edit_refused(Lang::Zh, &e, path),
        errors::edit_refused(Lang::En, &e, path),
    )
}

/// The refusal of an edit whose text would not hold the values asked for: the file is laid
/// out in a way the edit does not follow.
fn unfollowed_layout(path: &Path, m: &record::edit::Mismatch) -> Error {
    Error::usage(
        errors::layout_unfollowed(Lang::Zh, path, m),
        errors::layout_unfollowed(Lang::En, path, m),
    )
}

/// The refusal for errors the new text would have: what is missing, field by field, with the
/// `--set` that gives it; other errors as `itc check` words them.
fn refusal(errors: &[Diag], what: (&str, &str)) -> Error {
    refusal_entering(errors, what, None)
}

/// As `refusal`, for an `advance` entering the stage `entering`.
fn refusal_entering(errors: &[Diag], what: (&str, &str), entering: Option<&str>) -> Error {
    let mut zh = errors::nothing_written(Lang::Zh, what.0);
    let mut en = errors::nothing_written(Lang::En, what.1);
    for d in errors {
        let _ = writeln!(
            zh,
            "  {}",
            crate::output::need::describe_need_entering(d, Lang::Zh, entering)
        );
        let _ = writeln!(
            en,
            "  {}",
            crate::output::need::describe_need_entering(d, Lang::En, entering)
        );
    }
    Error::Invalid {
        zh: zh.trim_end().to_string(),
        en: en.trim_end().to_string(),
    }
}

/// Parses `text` as the record at `path` and returns its errors (warnings are not refused).
fn record_from(repo: &Repo, text: &str, path: &Path, kind: usize) -> Result<Record, Vec<Diag>> {
    let rel = crate::repo::relative(&repo.root, path);
    let format = Format::from_path(path).unwrap_or(Format::Toml);
    let mut diags = Vec::new();
    match record::parse(text, format, &rel, crate::diag::Check::Syntax, &mut diags) {
        Some(root) => Ok(Record {
            path: path.to_path_buf(),
            rel,
            kind,
            format,
            root,
        }),
        None => Err(diags),
    }
}

/// A record's errors (warnings are not refused).
fn errors_in(repo: &Repo, rec: &Record) -> Vec<Diag> {
    crate::check::check_single(repo, rec)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// The errors `text` would have as the record at `path`.
fn errors_of(repo: &Repo, text: &str, path: &Path, kind: usize) -> Vec<Diag> {
    match record_from(repo, text, path, kind) {
        Ok(rec) => errors_in(repo, &rec),
        Err(diags) => diags,
    }
}

/// A record to edit: its file, kind and text, read once, and its tree — or, when it does not
/// parse, why.
struct Opened {
    /// The full id (a short one given is resolved).
    id: String,
    path: PathBuf,
    kind: usize,
    text: String,
    record: Result<Record, Vec<Diag>>,
}

fn open(repo: &Repo, id: &str) -> Result<Opened, Error> {
    let (id, path, kind) = resolve(repo, id)?;
    let text = repo.record_text(&path)?;
    let record = record_from(repo, &text, &path, kind);
    Ok(Opened {
        id,
        path,
        kind,
        text,
        record,
    })
}

/// The findings of `after` that `before` did not have (compared by code and message).
fn added(before: &[Diag], after: Vec<Diag>) -> Vec<Diag> {
    let key = |d: &Diag| (d.code, crate::output::catalog::message(d, Lang::En));
    let old: Vec<_> = before.iter().map(key).collect();
    after
        .into_iter()
        .filter(|d| !old.contains(&key(d)))
        .collect()
}

/// A record's text, read as every command reads records: only a regular file inside the root,
/// no further than the size limit (a device, a FIFO or a link out of the root is an I/O error).
fn read(root: &Path, path: &Path) -> Result<String, Error> {
    let bytes = crate::repo::read_inside(root, path, crate::record::MAX_FILE_BYTES)
        .map_err(|e| e.into_error(path))?;
    String::from_utf8(bytes).map_err(|_| {
        Error::usage(
            errors::record_not_utf8(Lang::Zh, path),
            errors::record_not_utf8(Lang::En, path),
        )
    })
}

fn value_of(rec: &Record, section: Option<&str>, field: &str) -> Option<Value> {
    rec.lookup(&FieldPath::new(section, field))
        .map(|n| n.value.clone())
}

/// Applies assignments to existing sections and the top level of `doc`; those for `skip` (the
/// section being created) are returned instead.
/// `intended` is changed alike: it is the tree the new text must hold.
fn apply(
    doc: &mut Doc,
    intended: &mut Table,
    assignments: Vec<Assignment>,
    skip: Option<&str>,
    (repo, kind, path): (&Repo, &Kind, &Path),
) -> Result<Vec<(String, Value)>, Error> {
    let mut held = Vec::new();
    for a in assignments {
        if a.section.is_some() && a.section.as_deref() == skip {
            held.push((a.field, a.value));
            continue;
        }
        let order = order_of(repo, kind, a.section.as_deref());
        doc.set_in_order(a.section.as_deref(), &a.field, &a.value, &order)
            .map_err(|e| edit_error(e, path))?;
        match a.section.as_deref() {
            None => assign::set_in(intended, &a.field, a.value),
            Some(sec) => match intended.entries.iter_mut().find(|e| e.key == sec) {
                Some(Entry {
                    node:
                        Node {
                            value: Value::Table(t),
                            ..
                        },
                    ..
                }) => assign::set_in(t, &a.field, a.value),
                // A section not there yet is appended whole; an empty one becomes it.
                Some(e) => e.node.value = Value::Table(table_of(&[(a.field, a.value)])),
                None => intended
                    .entries
                    .push(entry(sec, Value::Table(table_of(&[(a.field, a.value)])))),
            },
        }
    }
    Ok(held)
}

/// The field names of the top level (`None`) or of a stage section, in the order `fmt` writes
/// them, so that what itc adds is where `fmt` would put it.
fn order_of<'r>(repo: &'r Repo, kind: &'r Kind, section: Option<&str>) -> Vec<&'r str> {
    let fields = match section {
        None => format::top_order(&repo.rules, kind),
        Some(sec) => kind
            .stages
            .iter()
            .find(|s| s.key == sec)
            .map(|st| format::stage_order(&repo.rules, st))
            .unwrap_or_default(),
    };
    fields.into_iter().map(|f| f.name.as_str()).collect()
}

/// Entries sorted into `order` (unknown ones after, as they came).
fn sort_entries(entries: &mut [(String, Value)], order: &[&str]) {
    entries.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
}

/// Gives the stage being written `by` = the acting person, when the stage has a `by` and none was
/// given for it.
fn default_by(
    assignments: &mut Vec<Assignment>,
    repo: &Repo,
    kind: &Kind,
    stage: &str,
    acting: Option<&str>,
) {
    let Some(person) = acting else { return };
    let given = assignments
        .iter()
        .any(|a| a.section.as_deref() == Some(stage) && a.field == "by");
    let has_by = kind
        .stages
        .iter()
        .find(|s| s.key == stage)
        .is_some_and(|s| repo.rules.stage_fields(s).any(|f| f.name == "by"));
    if has_by && !given {
        assignments.push(Assignment {
            section: Some(stage.to_string()),
            field: "by".into(),
            value: Value::Str(person.to_string()),
        });
    }
}

fn entry(key: &str, value: Value) -> Entry {
    Entry {
        key: key.to_string(),
        key_span: Span::START,
        node: literal::node(value),
    }
}

fn table_of(entries: &[(String, Value)]) -> Table {
    Table {
        entries: entries.iter().map(|(k, v)| entry(k, v.clone())).collect(),
    }
}

fn stage_label(kind: &Kind, key: &str, lang: Lang) -> String {
    kind.stages
        .iter()
        .find(|s| s.key == key)
        .map_or_else(|| key.to_string(), |s| s.label.get(lang).to_string())
}

/// Parses `--at` (a date-time or date; `now` when absent) in the org's time zone.
pub fn at_value(at: Option<&str>, now: DateTime<FixedOffset>) -> Result<Value, Error> {
    match at {
        None | Some("now") => Ok(assign::datetime_value(now)),
        Some(text) => {
            if crate::time::parse_date(text).is_some() {
                return Ok(Value::Datetime(text.trim().to_string()));
            }
            crate::time::parse_datetime(text, now.timezone(), false)
                .map(assign::datetime_value)
                .ok_or_else(|| {
                    Error::usage(
                        errors::bad_at(Lang::Zh, text),
                        errors::bad_at(Lang::En, text),
                    )
                })
        }
    }
}

/// The assignments of a `--set-from` fragment (none without one).
fn fragment(
    text: Option<&str>,
    repo: &Repo,
    kind: &Kind,
    place: &Place<'_>,
) -> Result<Vec<Assignment>, Error> {
    match text {
        None => Ok(Vec::new()),
        Some(t) => {
            assign::from_fragment(t, &repo.rules, kind, place, &repo.config).map_err(problems)
        }
    }
}
