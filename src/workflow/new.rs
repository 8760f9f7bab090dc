//! `new`: a record written at its start stage, under a newly allocated id.

use std::path::Path;

use chrono::{DateTime, FixedOffset};

use super::id::next_id;
use super::{
    Lock, Outcome, Wait, at_value, default_by, edit_error, entry, errors_of, fragment, order_of,
    problems, refusal, sort_entries, stage_label, table_of,
};
use crate::diag::Diag;
use crate::entry::assign::{self, Place};
use crate::leftovers;
use crate::output::catalog::{commands, errors, excel};
use crate::record::edit::Doc;
use crate::record::value::Value;
use crate::record::{Format, literal};
use crate::repo::{Repo, refuse_links, write_record};
use crate::{Error, Lang};

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
    /// Everything but the write: the record is made and checked, and nothing is written (no
    /// lock, no folder, no file).
    pub dry_run: bool,
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
    make(repo, args, now, None)
}

/// What the record `args` would make still needs: the errors it would be refused for (empty
/// when it could be written). Nothing is written, and no lock is taken; an argument that cannot
/// be used (an unknown kind, a `--set` that does not parse) is an error, as for `new`.
pub fn needs_new(
    repo: &Repo,
    args: &NewArgs<'_>,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Diag>, Error> {
    let dry = NewArgs {
        dry_run: true,
        ..*args
    };
    let mut found = Vec::new();
    match make(repo, &dry, now, Some(&mut found)) {
        Ok(_) => Ok(Vec::new()),
        Err(_) if !found.is_empty() => Ok(found),
        Err(e) => Err(e),
    }
}

/// `new`; when the record would have errors and `found` is given, they are put there too.
fn make(
    repo: &Repo,
    args: &NewArgs<'_>,
    now: DateTime<FixedOffset>,
    found: Option<&mut Vec<Diag>>,
) -> Result<Outcome, Error> {
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
                let starts = starts.join(", ");
                Error::usage(
                    errors::not_a_start_stage(Lang::Zh, s, kind, &starts),
                    errors::not_a_start_stage(Lang::En, s, kind, &starts),
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
                    errors::no_start_stage(Lang::Zh, kind),
                    errors::no_start_stage(Lang::En, kind),
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
            let section = a.section.as_deref().unwrap_or("");
            return Err(Error::usage(
                errors::not_entered(Lang::Zh, &start.key, &a.field, section),
                errors::not_entered(Lang::En, &start.key, &a.field, section),
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
    let _lock = match args.dry_run {
        true => None,
        false => Some(Lock::take(&repo.root, &args.wait)?),
    };
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
        if let Some(found) = found {
            found.clone_from(&errors);
        }
        return Err(refusal(
            &errors,
            (
                &errors::cannot_create(Lang::Zh, kind),
                &errors::cannot_create(Lang::En, kind),
            ),
        ));
    }
    // Proven before any folder is made, so that a refused write leaves nothing behind.
    crate::repo::prove_text(&path, &doc.text, format, &intended)?;
    let rel = crate::repo::relative(&repo.root, &path);
    if args.dry_run {
        return Ok(Outcome {
            zh: excel::dry_run_would_write(Lang::Zh, &rel),
            en: excel::dry_run_would_write(Lang::En, &rel),
            id,
            path,
            text: doc.text,
            intended,
        });
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::Io(dir.clone(), e))?;
    leftovers::sweep(&dir);
    write_record(&repo.root, &path, &doc.text, format, &intended)?;
    Ok(Outcome {
        zh: commands::new_created(
            Lang::Zh,
            &id,
            &stage_label(kind, &start.key, Lang::Zh),
            &rel,
        ),
        en: commands::new_created(
            Lang::En,
            &id,
            &stage_label(kind, &start.key, Lang::En),
            &rel,
        ),
        id,
        path,
        text: doc.text,
        intended,
    })
}
