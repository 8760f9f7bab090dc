//! `advance`: completing the current stage and entering the next; and what a record needs
//! before it can.

use chrono::{DateTime, FixedOffset};

use super::{
    Lock, Opened, Outcome, Wait, added, apply, at_value, default_by, edit_error, entry, errors_in,
    errors_of, fragment, open, order_of, problems, refusal_entering, sort_entries, stage_label,
    table_of, value_of,
};
use crate::diag::Diag;
use crate::entry::assign::{self, Place};
use crate::leftovers;
use crate::output::catalog::errors;
use crate::record::Format;
use crate::record::edit::Doc;
use crate::record::value::{Node, Value};
use crate::repo::{Repo, write_record};
use crate::{Error, Lang};

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

/// What advancing as `args` asks still needs: the errors it would be refused for (empty when it
/// could advance). Nothing is written, and no lock is taken; an argument that cannot be used
/// is an error, as for `advance`.
pub fn needs_advance(
    repo: &Repo,
    args: &AdvanceArgs<'_>,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Diag>, Error> {
    match plan_advance(repo, args, now)? {
        Ok(_) => Ok(Vec::new()),
        Err((errors, ..)) => Ok(errors),
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
            let words = errors::RECORD_UNPARSED;
            return Ok(Err((diags, words.zh.into(), words.en.into(), None)));
        }
    };
    let current = rec
        .get("stage")
        .and_then(Node::as_str)
        .unwrap_or("")
        .to_string();
    let Some(ci) = kind.stage_index(&current) else {
        return Err(Error::usage(
            errors::stage_unknown(Lang::Zh, id, &current, kind),
            errors::stage_unknown(Lang::En, id, &current, kind),
        ));
    };
    let ti = match args.to {
        // A stage by its key or its label, as `list --stage` takes it.
        Some(to) => crate::filter::stage(&repo.rules, Some(kind_index), to)?
            .first()
            .and_then(|(_, key)| kind.stage_index(key))
            .ok_or_else(|| {
                Error::usage(
                    errors::not_a_stage(Lang::Zh, to, kind),
                    errors::not_a_stage(Lang::En, to, kind),
                )
            })?,
        None => ci + 1,
    };
    if ci + 1 >= kind.stages.len() {
        return Err(Error::Invalid {
            zh: errors::at_final_stage(Lang::Zh, id, &stage_label(kind, &current, Lang::Zh)),
            en: errors::at_final_stage(Lang::En, id, &stage_label(kind, &current, Lang::En)),
        });
    }
    if ti <= ci {
        return Err(Error::Invalid {
            zh: errors::stage_goes_back(Lang::Zh, id, &current),
            en: errors::stage_goes_back(Lang::En, id, &current),
        });
    }
    if let Some(skipped) = kind.stages[ci + 1..ti].iter().find(|s| !s.optional) {
        return Err(Error::Invalid {
            zh: errors::skips_required(Lang::Zh, skipped),
            en: errors::skips_required(Lang::En, skipped),
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
            errors::cannot_move(Lang::Zh, id, &from_zh, &to_zh),
            errors::cannot_move(Lang::En, id, &from_en, &to_en),
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
