//! `set`: editing fields of a record.

use chrono::{DateTime, FixedOffset};

use super::{
    Lock, Opened, Outcome, Wait, added, apply, edit_error, errors_in, errors_of, fragment, open,
    problems, refusal, unfollowed_layout, value_of,
};
use crate::entry::assign::{self, Place};
use crate::leftovers;
use crate::output::catalog::{commands, errors};
use crate::record::edit::Doc;
use crate::record::value::Node;
use crate::record::{self};
use crate::repo::{Repo, write_record};
use crate::{Error, Lang};

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
    let rec = record.map_err(|diags| {
        refusal(
            &diags,
            (errors::RECORD_UNPARSED.zh, errors::RECORD_UNPARSED.en),
        )
    })?;
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
                &errors::set_adds_errors(Lang::Zh, id),
                &errors::set_adds_errors(Lang::En, id),
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
        zh: commands::set_done(Lang::Zh, id, &fields.join(", ")),
        en: commands::set_done(Lang::En, id, &fields.join(", ")),
        text: doc.text,
        intended,
    })
}
