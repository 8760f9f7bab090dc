//! Writing records: `new` (allocate an id, write the start stage), `advance` (complete the
//! current stage, enter the next) and `set` (edit fields). Each builds the new text with minimal
//! edits (`record::edit`), checks it as `itc check` would, and writes it atomically only when it
//! is valid — an invalid operation writes nothing and says what is missing and how to give it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

use crate::diag::{Diag, Severity};
use crate::entry::assign::{self, Assignment, Place, Problem};
use crate::entry::format;
use crate::leftovers::{self, LOCK_FILE};
use crate::record::edit::{Doc, EditError};
use crate::record::value::{Entry, Node, Span, Table, Value};
use crate::record::{self, Format, Record, literal};
use crate::repo::{Repo, refuse_links, write_record};
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
    let file = path.display();
    match e {
        EditError::Parse(m) => Error::usage(
            format!("{file} 无法解析,请先运行 itc check:{m}"),
            format!("{file} does not parse; run itc check first: {m}"),
        ),
        EditError::NotExtensible(s) => Error::usage(
            format!(
                "`{s}` 写成了内联表或点号键(`{s}.字段 = …`),无法就地添加字段;未写入任何内容。请先运行 `itc fmt {file}`(它会改写为 [{s}] 节),再重试"
            ),
            format!(
                "`{s}` is written as an inline table or with dotted keys (`{s}.field = …`), where a field cannot be added in place; nothing was written. Run `itc fmt {file}` first (it writes it as a [{s}] section), then try again"
            ),
        ),
        EditError::NotASection(s) => Error::usage(
            format!(
                "`{s}` 的值不是一节(表),无法在其中添加字段;未写入任何内容。请改正或删除 {file} 中的这个值(itc check 会指出它),再重试"
            ),
            format!(
                "`{s}` holds a value that is not a section, so no field can be added to it; nothing was written. Correct or remove that value in {file} (itc check points at it), then try again"
            ),
        ),
        EditError::Layout(m) => Error::usage(
            format!(
                "{file} 的写法无法就地修改:改后的文本将无法解析({m});未写入任何内容。请先运行 `itc fmt {file}` 改写为标准格式,再重试"
            ),
            format!(
                "{file} is laid out in a way this edit cannot follow: the edited text would not parse ({m}); nothing was written. Run `itc fmt {file}` first to rewrite it in the canonical layout, then try again"
            ),
        ),
    }
}

/// The refusal of an edit whose text would not hold the values asked for: the file is laid
/// out in a way the edit does not follow.
fn unfollowed_layout(path: &Path, m: &record::edit::Mismatch) -> Error {
    let file = path.display();
    let (field_zh, field_en) = match m.path.is_empty() {
        true => ("(整个文件)".to_string(), "(the whole file)".to_string()),
        false => (format!("`{}`", m.path), format!("`{}`", m.path)),
    };
    Error::usage(
        format!(
            "无法按 {file} 现有的写法就地修改:{field_zh} 应为 {},改后读回的却是 {};未写入任何内容。请先运行 `itc fmt {file}` 改写为标准格式,再重试",
            m.want, m.got
        ),
        format!(
            "{file} is laid out in a way this edit cannot follow: {field_en} should be {} but would read back as {}; nothing was written. Run `itc fmt {file}` first to rewrite it in the canonical layout, then try again",
            m.want, m.got
        ),
    )
}

/// The refusal for errors the new text would have: what is missing, field by field, with the
/// `--set` that gives it; other errors as `itc check` words them.
fn refusal(errors: &[Diag], what: (&str, &str)) -> Error {
    refusal_entering(errors, what, None)
}

/// As `refusal`, for an `advance` entering the stage `entering`.
fn refusal_entering(errors: &[Diag], what: (&str, &str), entering: Option<&str>) -> Error {
    let mut zh = format!("{},未写入任何内容:\n", what.0);
    let mut en = format!("{}; nothing was written:\n", what.1);
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

/// A record by id: its file and kind. Ids are checked first, so none can name a path outside
/// the repository; a short id is accepted as `resolve` says.
pub fn find(repo: &Repo, id: &str) -> Result<(PathBuf, usize), Error> {
    resolve(repo, id).map(|(_, path, kind)| (path, kind))
}

/// The parts of `PREFIX-YEAR-N[-TAG]` after the kind's prefix (matched without regard to case):
/// the year, the number as a number, and the tag or its beginning.
fn id_parts<'a>(id: &'a str, prefix: &str) -> Option<(&'a str, u64, &'a str)> {
    let head = id.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = id[prefix.len()..].strip_prefix('-')?;
    let mut parts = rest.splitn(3, '-');
    let year = parts.next()?;
    let digits = parts.next()?;
    let tag = parts.next().unwrap_or("");
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(year) || !all_digits(digits) {
        return None;
    }
    Some((year, digits.parse().ok()?, tag))
}

/// A record by id, short forms accepted: its full id (the file's name), file and kind.
///
/// - The full id (`INC-2026-0020-8et`) names its record.
/// - `PREFIX-YEAR-N` names the record of that kind and year whose number equals N as a number
///   (`INC-2026-20` and `INC-2026-0020` both name `INC-2026-0020-8et`); a following `-T` names
///   the one whose tag begins with T (`INC-2026-20-8`). Letters match in either case.
///
/// Two records matching (ids made on different branches share a number) is a usage error that
/// lists them.
pub fn resolve(repo: &Repo, id: &str) -> Result<(String, PathBuf, usize), Error> {
    let known_form = repo
        .rules
        .kinds
        .iter()
        .any(|k| crate::check::id_format_ok(id, k) || id_parts(id, &k.prefix).is_some());
    if !known_form {
        return Err(Error::usage(
            format!("`{id}` 不是有效的记录编号(前缀-字母数字,如 INC-2026-0001)"),
            format!("`{id}` is not a record id (PREFIX-letters-and-digits, e.g. INC-2026-0001)"),
        ));
    }
    let stem = |p: &Path| p.file_stem().and_then(|s| s.to_str()).map(str::to_string);
    if let Some(file) = repo
        .files
        .iter()
        .find(|f| stem(&f.path).as_deref() == Some(id))
    {
        return Ok((id.to_string(), file.path.clone(), file.kind));
    }
    let mut found: Vec<(String, PathBuf, usize)> = Vec::new();
    for crate::repo::RecordFile { path, kind, .. } in &repo.files {
        let Some(full) = stem(path) else { continue };
        let prefix = &repo.rules.kinds[*kind].prefix;
        let (Some(want), Some(have)) = (id_parts(id, prefix), id_parts(&full, prefix)) else {
            continue;
        };
        let tag_fits = have
            .2
            .get(..want.2.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(want.2));
        if want.0 == have.0 && want.1 == have.1 && tag_fits {
            found.push((full, path.clone(), *kind));
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Error::usage(
            format!("找不到记录 {id}"),
            format!("no record {id}"),
        )),
        _ => {
            let list: Vec<String> = found
                .iter()
                .map(|(full, path, _)| {
                    format!("  {full}  {}", crate::repo::relative(&repo.root, path))
                })
                .collect();
            Err(Error::usage(
                format!("`{id}` 可指多条记录,请写出完整编号:\n{}", list.join("\n")),
                format!(
                    "`{id}` names more than one record; give the whole id:\n{}",
                    list.join("\n")
                ),
            ))
        }
    }
}

/// A record's text, read as every command reads records: only a regular file inside the root,
/// no further than the size limit (a device, a FIFO or a link out of the root is an I/O error).
fn read(root: &Path, path: &Path) -> Result<String, Error> {
    let bytes = crate::repo::read_inside(root, path, crate::record::MAX_FILE_BYTES)
        .map_err(|e| e.into_error(path))?;
    String::from_utf8(bytes).map_err(|_| {
        Error::usage(
            format!("{} 不是 UTF-8 编码,请先运行 itc check", path.display()),
            format!("{} is not UTF-8; run itc check first", path.display()),
        )
    })
}

fn value_of(rec: &Record, section: Option<&str>, field: &str) -> Option<Value> {
    let node: Option<&Node> = match section {
        Some(s) => rec.stage_field(s, field),
        None => rec.get(field),
    };
    node.map(|n| n.value.clone())
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

pub struct AdvanceArgs<'a> {
    pub id: &'a str,
    pub to: Option<&'a str>,
    pub sets: &'a [String],
    pub at: Option<&'a str>,
    pub dry_run: bool,
    /// A TOML or YAML fragment of fields (`--set-from`), before `sets`.
    pub fragment: Option<&'a str>,
    /// Who is acting (`acting::person`): the `by` of the stage entered when none is given.
    pub acting: Option<&'a str>,
    /// How long to wait for the repository lock, and in which language to say so.
    pub wait: Wait,
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
                        format!("--at 的值 `{text}` 无效:请写 \"2026-03-14 09:05\"、2026-03-14T09:05:00+08:00 或 2026-03-14"),
                        format!("invalid --at `{text}`: use \"2026-03-14 09:05\", 2026-03-14T09:05:00+08:00 or 2026-03-14"),
                    )
                })
        }
    }
}

/// Completes the current stage and enters the next (or `to`), applying `sets` where they belong.
pub fn advance(
    repo: &Repo,
    args: &AdvanceArgs<'_>,
    now: DateTime<FixedOffset>,
) -> Result<Outcome, Error> {
    // Read, change and write under the lock, so that no concurrent change is lost.
    let _lock = match args.dry_run {
        true => None,
        false => Some(Lock::take(&repo.root, &args.wait)?),
    };
    match plan_advance(repo, args, now)? {
        Ok(outcome) => {
            if let Some(dir) = outcome.path.parent() {
                leftovers::sweep(dir);
            }
            let format = Format::from_path(&outcome.path).unwrap_or(Format::Toml);
            if args.dry_run {
                crate::repo::prove_text(&outcome.path, &outcome.text, format, &outcome.intended)?;
            } else {
                write_record(
                    &repo.root,
                    &outcome.path,
                    &outcome.text,
                    format,
                    &outcome.intended,
                )?;
            }
            Ok(outcome)
        }
        Err((errors, zh, en, entering)) => {
            Err(refusal_entering(&errors, (&zh, &en), entering.as_deref()))
        }
    }
}

/// What the record needs before it can advance: the errors advancing it now would add (empty
/// when it can advance, or when it is at its final stage).
pub fn needs(repo: &Repo, id: &str, now: DateTime<FixedOffset>) -> Result<Vec<Diag>, Error> {
    // As `advance` would: with the acting person as `by` (an unknown ITC_USER adds none here;
    // `advance` itself says what is wrong with it).
    let acting = crate::acting::person(&repo.config, &repo.root).unwrap_or(None);
    let args = AdvanceArgs {
        id,
        to: None,
        sets: &[],
        at: None,
        dry_run: true,
        fragment: None,
        acting: acting.as_deref(),
        wait: Wait::default(),
    };
    match plan_advance(repo, &args, now) {
        Ok(Ok(_)) | Err(Error::Invalid { .. }) => Ok(Vec::new()),
        Ok(Err((errors, ..))) => Ok(errors),
        Err(e) => Err(e),
    }
}

/// A refused transition: the errors it would add, what it was, in both languages, and the stage
/// it would enter.
type Refused = (Vec<Diag>, String, String, Option<String>);

/// Builds the advanced text, checked, without writing it.
fn plan_advance(
    repo: &Repo,
    args: &AdvanceArgs<'_>,
    now: DateTime<FixedOffset>,
) -> Result<Result<Outcome, Refused>, Error> {
    let Opened {
        id,
        path,
        kind: kind_index,
        text,
        record,
    } = open(repo, args.id)?;
    let id = id.as_str();
    let kind = &repo.rules.kinds[kind_index];
    let rec = match record {
        Ok(rec) => rec,
        Err(diags) => {
            return Ok(Err((
                diags,
                "记录无法解析".into(),
                "the record does not parse".into(),
                None,
            )));
        }
    };
    let current = rec
        .get("stage")
        .and_then(Node::as_str)
        .unwrap_or("")
        .to_string();
    let Some(ci) = kind.stage_index(&current) else {
        return Err(Error::usage(
            format!(
                "{}:`stage` 的值 \"{current}\" 不是{}的阶段",
                id, kind.label.zh
            ),
            format!(
                "{}: `stage` \"{current}\" is not a stage of {}",
                id, kind.key
            ),
        ));
    };
    let ti = match args.to {
        // A stage by its key or its label, as `list --stage` takes it.
        Some(to) => crate::filter::stage(&repo.rules, Some(kind_index), to)?
            .first()
            .and_then(|(_, key)| kind.stage_index(key))
            .ok_or_else(|| {
                Error::usage(
                    format!("`{to}` 不是{}的阶段", kind.label.zh),
                    format!("`{to}` is not a stage of {}", kind.key),
                )
            })?,
        None => ci + 1,
    };
    if ci + 1 >= kind.stages.len() {
        return Err(Error::Invalid {
            zh: format!(
                "{} 已处于最终阶段 {}",
                id,
                stage_label(kind, &current, Lang::Zh)
            ),
            en: format!(
                "{} is already at its final stage, {}",
                id,
                stage_label(kind, &current, Lang::En)
            ),
        });
    }
    if ti <= ci {
        return Err(Error::Invalid {
            zh: format!("阶段不能倒退:{} 已在 {current}", id),
            en: format!("stages never go back: {} is at {current}", id),
        });
    }
    if let Some(skipped) = kind.stages[ci + 1..ti].iter().find(|s| !s.optional) {
        return Err(Error::Invalid {
            zh: format!("不能跳过必经阶段 {}({})", skipped.key, skipped.label.zh),
            en: format!(
                "cannot skip the required stage {} ({})",
                skipped.key, skipped.label.en
            ),
        });
    }
    let target = kind.stages[ti].key.clone();
    let place = Place {
        current: Some(&current),
        target: Some(&target),
    };
    let assignments = assign::parse_onto(
        fragment(args.fragment, repo, kind, &place)?,
        args.sets,
        &repo.rules,
        kind,
        &place,
        &repo.config,
        now,
        &|s, f| value_of(&rec, s, f),
    )
    .map_err(problems)?;
    let mut assignments = assignments;
    default_by(&mut assignments, repo, kind, &target, args.acting);
    let before = errors_in(repo, &rec);
    let mut intended = rec.root.clone();
    let mut doc = Doc::parse(text, rec.format).map_err(|e| edit_error(e, &path))?;
    let mut held = apply(
        &mut doc,
        &mut intended,
        assignments,
        Some(&target),
        (repo, kind, &path),
    )?;
    let mut entries = vec![("at".to_string(), at_value(args.at, now)?)];
    if let Some(i) = held.iter().position(|(k, _)| k == "at") {
        entries[0].1 = held.remove(i).1;
    }
    entries.extend(held);
    sort_entries(&mut entries, &order_of(repo, kind, Some(&target)));
    doc.append_section(&target, &entries)
        .map_err(|e| edit_error(e, &path))?;
    intended
        .entries
        .push(entry(&target, Value::Table(table_of(&entries))));
    doc.set(None, "stage", &Value::Str(target.clone()))
        .map_err(|e| edit_error(e, &path))?;
    assign::set_in(&mut intended, "stage", Value::Str(target.clone()));
    let new_errors = added(&before, errors_of(repo, &doc.text, &path, kind_index));
    let (from_zh, to_zh) = (
        stage_label(kind, &current, Lang::Zh),
        stage_label(kind, &target, Lang::Zh),
    );
    let (from_en, to_en) = (
        stage_label(kind, &current, Lang::En),
        stage_label(kind, &target, Lang::En),
    );
    if !new_errors.is_empty() {
        return Ok(Err((
            new_errors,
            format!("{} 不能从 {from_zh} 进入 {to_zh}", id),
            format!("{} cannot move from {from_en} to {to_en}", id),
            Some(target),
        )));
    }
    Ok(Ok(Outcome {
        id: id.to_string(),
        path,
        zh: format!("{}: {from_zh} → {to_zh}", id),
        en: format!("{}: {from_en} → {to_en}", id),
        text: doc.text,
        intended,
    }))
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

/// Edits fields of a record; refuses a result with errors the record did not have, unless
/// `force`.
pub fn set(
    repo: &Repo,
    id: &str,
    (sets, from): (&[String], Option<&str>),
    force: bool,
    now: DateTime<FixedOffset>,
    wait: &Wait,
) -> Result<Outcome, Error> {
    // Read, change and write under the lock, so that no concurrent change is lost.
    let _lock = Lock::take(&repo.root, wait)?;
    let Opened {
        id,
        path,
        kind: kind_index,
        text,
        record,
    } = open(repo, id)?;
    let id = id.as_str();
    let kind = &repo.rules.kinds[kind_index];
    let rec =
        record.map_err(|diags| refusal(&diags, ("记录无法解析", "the record does not parse")))?;
    let current = rec.get("stage").and_then(Node::as_str).map(str::to_string);
    let place = Place {
        current: current.as_deref(),
        target: None,
    };
    let assignments = assign::parse_onto(
        fragment(from, repo, kind, &place)?,
        sets,
        &repo.rules,
        kind,
        &place,
        &repo.config,
        now,
        &|s, f| value_of(&rec, s, f),
    )
    .map_err(problems)?;
    let fields: Vec<String> = assignments
        .iter()
        .map(|a| {
            a.section
                .as_ref()
                .map_or_else(|| a.field.clone(), |s| format!("{s}.{}", a.field))
        })
        .collect();
    let before = errors_in(repo, &rec);
    let mut intended = rec.root.clone();
    let mut doc = Doc::parse(text, rec.format).map_err(|e| edit_error(e, &path))?;
    apply(
        &mut doc,
        &mut intended,
        assignments,
        None,
        (repo, kind, &path),
    )?;
    let new_errors = added(&before, errors_of(repo, &doc.text, &path, kind_index));
    if !new_errors.is_empty() && !force {
        return Err(refusal(
            &new_errors,
            (
                &format!("{id} 的修改会引入错误(用 --force 强制写入)"),
                &format!("the change would add errors to {id} (use --force to write it anyway)"),
            ),
        ));
    }
    // The edit is proven before the write proves it again: a value the edit got wrong here
    // comes from a layout the edit does not follow, and `fmt` gives the file one it does.
    record::edit::prove(&doc.text, rec.format, &intended)
        .map_err(|m| unfollowed_layout(&path, &m))?;
    if let Some(dir) = path.parent() {
        leftovers::sweep(dir);
    }
    write_record(&repo.root, &path, &doc.text, rec.format, &intended)?;
    Ok(Outcome {
        id: id.to_string(),
        path,
        zh: format!("{id}: 已修改 {}", fields.join(", ")),
        en: format!("{id}: set {}", fields.join(", ")),
        text: doc.text,
        intended,
    })
}

pub struct NewArgs<'a> {
    pub kind: &'a str,
    pub title: Option<&'a str>,
    pub sets: &'a [String],
    pub at: Option<&'a str>,
    pub format: Option<Format>,
    pub stage: Option<&'a str>,
    /// A TOML or YAML fragment of fields (`--set-from`), before `sets`.
    pub fragment: Option<&'a str>,
    /// Who is acting (`acting::person`): the start stage's `by` when none is given.
    pub acting: Option<&'a str>,
    /// How long to wait for the repository lock, and in which language to say so.
    pub wait: Wait,
}

/// A short random tag that keeps ids made on different branches apart: three characters of an
/// unambiguous alphabet, from the process's random hashing keys and the clock.
fn tag() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    let mut n = h.finish();
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    (0..3)
        .map(|_| {
            let c = ALPHABET[(n % ALPHABET.len() as u64) as usize] as char;
            n /= ALPHABET.len() as u64;
            c
        })
        .collect()
}

/// The next id of a kind for a year: `PREFIX-YEAR-NNNN-tag`, NNNN one past the highest number
/// among the kind's records of that year. Called under the repository lock. The numbers are
/// 32-bit: past the last one, no id is made (never one that wraps round to a used number).
fn next_id(root: &Path, kind: &Kind, year: i32) -> Result<String, Error> {
    let prefix = format!("{}-{year}-", kind.prefix);
    let mut max = 0u32;
    let exhausted = || {
        Error::usage(
            format!(
                "{prefix}* 的编号已用尽(最大为 {prefix}{}),无法再分配编号;请检查该年份目录中编号异常大的文件",
                u32::MAX
            ),
            format!(
                "the numbers of {prefix}* are used up (the largest is {prefix}{}); no id can be allocated: look for a file with an outsized number in that year's folder",
                u32::MAX
            ),
        )
    };
    for entry in walkdir::WalkDir::new(root.join(&kind.folder))
        .into_iter()
        .filter_map(Result::ok)
    {
        let Some(stem) = entry.path().file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let Some(digits) = stem
            .strip_prefix(&prefix)
            .and_then(|r| r.split('-').next())
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        // A number too large for the counter uses the space up as surely as its last one.
        max = max.max(digits.parse::<u32>().map_err(|_| exhausted())?);
    }
    let next = max.checked_add(1).ok_or_else(exhausted)?;
    Ok(format!("{prefix}{next:04}-{}", tag()))
}

/// Holds `.itc.lock` in the repository root exclusively while it lives, so that two `itc new`
/// never allocate the same id and two edits of one record never lose one another's change. The
/// file names its holder (`PID HOST`), for those who wait, and is removed on release; a waiter
/// that locked a file since removed tries again with the new one. A lock file left by a killed
/// process holds no lock (the system releases it): the next writer takes it over and removes it.
pub struct Lock {
    file: std::fs::File,
    path: PathBuf,
}

/// How long a writer waits for the repository lock (`--lock-timeout`), and the language it
/// says so in.
#[derive(Clone, Copy, Debug)]
pub struct Wait {
    pub timeout: Duration,
    pub lang: Lang,
}

impl Default for Wait {
    fn default() -> Wait {
        Wait {
            timeout: Duration::from_secs(30),
            lang: Lang::Zh,
        }
    }
}

/// Whether the open `file` is the regular file now at `path` (not a link, not replaced).
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    let (Ok(open), Ok(now)) = (file.metadata(), std::fs::symlink_metadata(path)) else {
        return false;
    };
    if !now.file_type().is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        open.dev() == now.dev() && open.ino() == now.ino()
    }
    #[cfg(not(unix))]
    {
        open.is_file()
    }
}

fn lock_is_link(path: &Path) -> Error {
    Error::usage(
        format!(
            "{} 不是普通文件(可能是符号链接);itc 不通过它加锁或写入。请删除它后重试",
            path.display()
        ),
        format!(
            "{} is not a regular file (a symbolic link?); itc neither locks nor writes through it. Delete it and try again",
            path.display()
        ),
    )
}

/// Opens the lock file, creating it, never through a link: `None` when it vanished meanwhile.
fn open_lock(path: &Path) -> Result<Option<std::fs::File>, Error> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true);
    match options.clone().create_new(true).open(path) {
        Ok(f) => return Ok(Some(f)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(Error::Io(path.to_path_buf(), e)),
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() => return Err(lock_is_link(path)),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::Io(path.to_path_buf(), e)),
    }
    match options.open(path) {
        Ok(f) => Ok(Some(f)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Io(path.to_path_buf(), e)),
    }
}

/// Who holds the lock, in words: `pid 123 on host-a`, or nothing when the file does not say.
fn holder(path: &Path) -> (String, String) {
    match std::fs::read_to_string(path)
        .ok()
        .as_deref()
        .and_then(leftovers::lock_owner)
    {
        Some((pid, host)) => (
            format!("主机 {host} 上的进程 {pid}"),
            format!("pid {pid} on {host}"),
        ),
        None => ("另一个进程".into(), "another process".into()),
    }
}

impl Lock {
    /// Takes the repository lock, waiting up to `wait.timeout`; after a second of waiting, says
    /// who holds it.
    pub fn take(root: &Path, wait: &Wait) -> Result<Lock, Error> {
        use std::io::Write;
        let (timeout, lang) = (wait.timeout, wait.lang);
        let path = root.join(LOCK_FILE);
        let started = Instant::now();
        let mut told = false;
        loop {
            if let Some(file) = open_lock(&path)? {
                match file.try_lock() {
                    Ok(()) if same_file(&file, &path) => {
                        let named = file
                            .set_len(0)
                            .and_then(|()| (&file).write_all(leftovers::lock_text().as_bytes()));
                        named.map_err(|e| Error::Io(path.clone(), e))?;
                        return Ok(Lock { file, path });
                    }
                    // Locked a file its holder has just removed: take the new one.
                    Ok(()) => continue,
                    Err(std::fs::TryLockError::WouldBlock) => {}
                    Err(std::fs::TryLockError::Error(e)) => return Err(Error::Io(path, e)),
                }
            }
            let waited = started.elapsed();
            if waited >= timeout {
                let (zh, en) = holder(&path);
                return Err(Error::usage(
                    format!(
                        "等待仓库锁 {} {} 秒后放弃:它由{zh}持有。若该进程已不存在,删除此文件后重试;或用 --lock-timeout 等待更久",
                        path.display(),
                        timeout.as_secs()
                    ),
                    format!(
                        "gave up after waiting {} s for the repository lock {}, held by {en}. If that process is gone, delete the file and try again; or wait longer with --lock-timeout",
                        timeout.as_secs(),
                        path.display()
                    ),
                ));
            }
            if !told && waited >= Duration::from_secs(1) {
                told = true;
                let (zh, en) = holder(&path);
                crate::print_err(&match lang {
                    Lang::Zh => format!(
                        "正在等待仓库锁 {}(由{zh}持有),最多 {} 秒…\n",
                        path.display(),
                        timeout.as_secs()
                    ),
                    Lang::En => format!(
                        "waiting for the repository lock {} (held by {en}), up to {} s…\n",
                        path.display(),
                        timeout.as_secs()
                    ),
                });
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so that no one can lock it after it is gone from the folder.
        if same_file(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// The editor directive that points a record at its JSON Schema, relative to the record's
/// folder, when the repository has `schema/`.
fn schema_directive(root: &Path, dir: &Path, kind: &str, format: Format) -> Option<String> {
    let schema = root.join("schema").join(format!("{kind}.json"));
    if !schema.is_file() {
        return None;
    }
    let depth = dir.strip_prefix(root).ok()?.components().count();
    let rel = format!("{}schema/{kind}.json", "../".repeat(depth));
    Some(match format {
        Format::Toml => format!("#:schema {rel}\n"),
        Format::Yaml => format!("# yaml-language-server: $schema={rel}\n"),
    })
}

/// Writes a new record at its start stage.
pub fn new(repo: &Repo, args: &NewArgs<'_>, now: DateTime<FixedOffset>) -> Result<Outcome, Error> {
    // A kind by its key, folder or label, as `list` takes it.
    let kind_index = crate::filter::kind(&repo.rules, args.kind)?;
    let kind = &repo.rules.kinds[kind_index];
    let start = match args.stage {
        Some(s) => kind
            .stages
            .iter()
            .find(|st| {
                (st.key == s || st.label.zh == s || st.label.en.eq_ignore_ascii_case(s)) && st.start
            })
            .ok_or_else(|| {
                let starts: Vec<&str> = kind.start_stages().map(|s| s.key.as_str()).collect();
                Error::usage(
                    format!(
                        "`{s}` 不是{}的起始阶段({})",
                        kind.label.zh,
                        starts.join(", ")
                    ),
                    format!(
                        "`{s}` is not a start stage of {} ({})",
                        kind.key,
                        starts.join(", ")
                    ),
                )
            })?,
        // The first start stage that cannot be skipped (an incident is reported by default;
        // `--stage alert` records a monitoring alert).
        None => kind
            .start_stages()
            .find(|s| !s.optional)
            .or_else(|| kind.start_stages().next())
            .ok_or_else(|| {
                Error::usage(
                    format!("{}没有起始阶段", kind.label.zh),
                    format!("{} has no start stage", kind.key),
                )
            })?,
    };
    let place = Place {
        current: Some(&start.key),
        target: Some(&start.key),
    };
    let mut sets = args.sets.to_vec();
    if let Some(t) = args.title {
        sets.insert(0, format!("title={t}"));
    }
    let assignments = assign::parse_onto(
        fragment(args.fragment, repo, kind, &place)?,
        &sets,
        &repo.rules,
        kind,
        &place,
        &repo.config,
        now,
        &|_, _| None,
    )
    .map_err(problems)?;
    let mut assignments = assignments;
    default_by(&mut assignments, repo, kind, &start.key, args.acting);
    for a in &assignments {
        if a.section.as_deref().is_some_and(|s| s != start.key) {
            return Err(Error::usage(
                format!(
                    "新记录只有 {} 阶段;`{}` 属于尚未进入的阶段 {}",
                    start.key,
                    a.field,
                    a.section.as_deref().unwrap_or("")
                ),
                format!(
                    "a new record has only its {} stage; `{}` belongs to {}, not entered yet",
                    start.key,
                    a.field,
                    a.section.as_deref().unwrap_or("")
                ),
            ));
        }
    }
    let format = args.format.unwrap_or(repo.config.format);
    let ext = match format {
        Format::Toml => "toml",
        Format::Yaml => "yaml",
    };
    let at = at_value(args.at, now)?;
    let year = now.format("%Y").to_string().parse::<i32>().unwrap_or(2026);
    let dir = repo.root.join(&kind.folder).join(year.to_string());
    // The record goes into real folders inside the repository, never through a link.
    refuse_links(&repo.root, &dir)?;
    let _lock = Lock::take(&repo.root, &args.wait)?;
    let id = next_id(&repo.root, kind, year)?;
    let path = dir.join(format!("{id}.{ext}"));

    // Common fields first, then the kind's, in rules order; then the start stage's section.
    let mut text = schema_directive(&repo.root, &dir, &kind.key, format).unwrap_or_default();
    let mut top: Vec<(String, Value)> = vec![
        ("id".into(), Value::Str(id.clone())),
        ("stage".into(), Value::Str(start.key.clone())),
    ];
    for a in assignments.iter().filter(|a| a.section.is_none()) {
        if a.field != "id" && a.field != "stage" {
            top.push((a.field.clone(), a.value.clone()));
        }
    }
    sort_entries(&mut top, &order_of(repo, kind, None));
    for (k, v) in &top {
        text.push_str(&literal::entry(k, v, format, ""));
    }
    let mut doc = Doc::parse(text, format).map_err(|e| edit_error(e, &path))?;
    let mut section = vec![("at".to_string(), at)];
    for a in assignments.iter().filter(|a| a.section.is_some()) {
        match section.iter_mut().find(|(k, _)| *k == a.field) {
            Some(slot) => slot.1 = a.value.clone(),
            None => section.push((a.field.clone(), a.value.clone())),
        }
    }
    sort_entries(&mut section, &order_of(repo, kind, Some(&start.key)));
    doc.append_section(&start.key, &section)
        .map_err(|e| edit_error(e, &path))?;
    let mut intended = table_of(&top);
    intended
        .entries
        .push(entry(&start.key, Value::Table(table_of(&section))));
    let errors = errors_of(repo, &doc.text, &path, kind_index);
    if !errors.is_empty() {
        return Err(refusal(
            &errors,
            (
                &format!("无法新建 {}", kind.label.zh),
                &format!("cannot create the {}", kind.label.en),
            ),
        ));
    }
    // Proven before any folder is made, so that a refused write leaves nothing behind.
    crate::repo::prove_text(&path, &doc.text, format, &intended)?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::Io(dir.clone(), e))?;
    leftovers::sweep(&dir);
    write_record(&repo.root, &path, &doc.text, format, &intended)?;
    let rel = crate::repo::relative(&repo.root, &path);
    Ok(Outcome {
        zh: format!(
            "{id}: 已新建({})→ {rel}",
            stage_label(kind, &start.key, Lang::Zh)
        ),
        en: format!(
            "{id}: created ({}) → {rel}",
            stage_label(kind, &start.key, Lang::En)
        ),
        id,
        path,
        text: doc.text,
        intended,
    })
}

/// `itc edit`: a record being edited in an editor, through a copy. The record itself is only
/// written when the edited copy adds no errors, and only if nobody changed it meanwhile.
pub struct EditSession {
    pub id: String,
    pub path: PathBuf,
    kind: usize,
    /// The record's text when the copy was made.
    original: String,
    /// The copy the editor opens, kept when the edit is not written.
    pub copy: PathBuf,
}

/// What an edited copy holds.
pub enum Edited {
    /// The same text as the record.
    Unchanged,
    /// Errors the record did not have (each naming the copy, where they are).
    Invalid(Vec<Diag>),
    /// A text that may be written.
    Valid(String),
}

/// Makes the copy of a record to edit, beside the record and named as a leftover
/// (`.INC-2026-0001-x7k.HOST-PID-0.edit.toml`, ending in the record's extension so that editors
/// know its format), never over an existing file. Kept in the repository, a copy that its
/// `itc edit` never removed (killed, or ended with an edit it could not write) is found and
/// reported by `check` (`leftovers`), never lost in a temporary folder.
pub fn edit_begin(repo: &Repo, id: &str) -> Result<EditSession, Error> {
    use std::io::Write;
    let Opened {
        id,
        path,
        kind,
        text,
        ..
    } = open(repo, id)?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("toml");
    let stem = path
        .file_stem()
        .map_or_else(|| id.clone(), |s| s.to_string_lossy().into_owned());
    let dir = path
        .parent()
        .map_or_else(|| repo.root.clone(), Path::to_path_buf);
    for n in 0..100u32 {
        let copy = dir.join(leftovers::edit_name(&stem, ext, n));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // Records may hold what others should not read: the copy is the user's alone.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&copy) {
            Ok(mut f) => {
                f.write_all(text.as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(|e| Error::Io(copy.clone(), e))?;
                return Ok(EditSession {
                    id,
                    path,
                    kind,
                    original: text,
                    copy,
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::Io(copy, e)),
        }
    }
    Err(Error::usage(
        format!("无法在 {} 中新建编辑副本", dir.display()),
        format!("cannot make an editing copy in {}", dir.display()),
    ))
}

/// Reads the edited copy and checks it as the record would be checked: the errors it adds to
/// those the record already had.
pub fn edit_check(repo: &Repo, session: &EditSession) -> Result<Edited, Error> {
    // Read the copy as a file of its folder (a regular file, never a device or a link out of
    // it, within the size limit): whatever the editor left there.
    let folder = session
        .copy
        .parent()
        .and_then(|d| d.canonicalize().ok())
        .unwrap_or_default();
    let text = read(&folder, &session.copy)?;
    if text == session.original {
        return Ok(Edited::Unchanged);
    }
    let before = errors_of(repo, &session.original, &session.path, session.kind);
    let mut new_errors = added(&before, errors_of(repo, &text, &session.path, session.kind));
    if new_errors.is_empty() {
        return Ok(Edited::Valid(text));
    }
    // The lines are those of the copy: say so.
    let copy = session.copy.display().to_string();
    for d in &mut new_errors {
        d.file.clone_from(&copy);
    }
    Ok(Edited::Invalid(new_errors))
}

/// Writes the edited text over the record, under the lock, proven like every write — unless the
/// record changed since the copy was made (then nothing is written, and the copy is kept).
pub fn edit_commit(
    repo: &Repo,
    session: &EditSession,
    text: &str,
    wait: &Wait,
) -> Result<(), Error> {
    let _lock = Lock::take(&repo.root, wait)?;
    let now = read(&repo.root, &session.path)?;
    if now != session.original {
        return Err(Error::Invalid {
            zh: format!(
                "{} 在编辑期间被修改,未写入任何内容;编辑后的副本保留在 {}",
                session.id,
                session.copy.display()
            ),
            en: format!(
                "{} changed while it was being edited; nothing was written. The edited copy is kept at {}",
                session.id,
                session.copy.display()
            ),
        });
    }
    let format = Format::from_path(&session.path).unwrap_or(Format::Toml);
    let mut diags = Vec::new();
    let intended = record::parse(text, format, "", crate::diag::Check::Syntax, &mut diags)
        .ok_or_else(|| {
            refusal(
                &diags,
                ("编辑后的记录无法解析", "the edited record does not parse"),
            )
        })?;
    if let Some(dir) = session.path.parent() {
        leftovers::sweep(dir);
    }
    write_record(&repo.root, &session.path, text, format, &intended)?;
    let _ = std::fs::remove_file(&session.copy);
    Ok(())
}
