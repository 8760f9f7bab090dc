//! What a record needs, in words: a missing field with the `--set` that gives it (a table list
//! item field by item field, a missing `by` with how to give it), or an error as `itc check`
//! words it. `new`, `advance`, `set`, `edit` and `show` say it the same way.

use crate::Lang;
use crate::diag::{Arg, Code, Diag};
use crate::output::catalog::views as words;

fn arg<'d>(d: &'d Diag, name: &str) -> Option<&'d Arg> {
    d.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
}

fn arg_text(d: &Diag, name: &str, lang: Lang) -> String {
    arg(d, name).map_or_else(String::new, |a| {
        crate::output::catalog::arg_text(a, lang).into_owned()
    })
}

/// One thing a record needs, or an error it would have: `missing Solution (diagnosis.solution,
/// text): --set diagnosis.solution=<text>`; a table list by each of its item fields
/// (`--set checkpoints[].date=<date> --set checkpoints[].result=<text>`); a missing `by` says
/// which stage needs it and how to give it.
pub fn describe_need(d: &Diag, lang: Lang) -> String {
    describe_need_entering(d, lang, None)
}

/// As `describe_need`, knowing the stage an `advance` enters (where `--by` goes).
pub fn describe_need_entering(d: &Diag, lang: Lang, entering: Option<&str>) -> String {
    if !matches!(
        d.code,
        Code::E0301 | Code::E0302 | Code::E0408 | Code::E0501 | Code::E0502 | Code::E0503
    ) {
        let head = super::diagnostics::head(d.severity, d.code, lang);
        let sep = words::AFTER_PLACE.get(lang);
        let place = match d.file.is_empty() {
            true => d.span.line.to_string(),
            false => format!("{}:{}:{}", d.file, d.span.line, d.span.col),
        };
        return format!("{head} {place}{sep}{}", super::catalog::message(d, lang));
    }
    let field = arg_text(d, "field", Lang::En);
    let section = arg(d, "section").map(|_| arg_text(d, "section", Lang::En));
    let path = match &section {
        Some(s) => format!("{s}.{field}"),
        None => field.clone(),
    };
    let ty = arg_text(d, "type", lang);
    let label = arg_text(d, "label", lang);
    let has_condition = arg(d, "condition").is_some();
    let condition = arg_text(d, "condition", lang);
    // A table list is given item field by item field: `path[].sub=<type>` appends one item.
    let items = arg_text(d, "items", lang);
    let how = match items.is_empty() {
        true => format!("--set {path}=<{ty}>"),
        false => items
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(sub, t)| format!("--set {path}[].{sub}=<{t}>"))
            .collect::<Vec<_>>()
            .join(" "),
    };
    let cond = match has_condition {
        false => String::new(),
        true => words::required_when(lang, &condition),
    };
    let by_note = match (field.as_str(), section.as_deref(), entering) {
        // `advance --by` would fill the stage entered, not this one.
        ("by", Some(stage), Some(entered)) if entered != stage => {
            words::by_of_other_stage(lang, stage, entered, &path)
        }
        ("by", Some(stage), _) => words::by_missing(lang, stage),
        _ => String::new(),
    };
    words::missing(lang, &label, &path, &ty, &cond, &how) + &by_note
}
