//! What a record needs, in words: a missing field with the `--set` that gives it (a table list
//! item field by item field, a missing `by` with how to give it), or an error as `itc check`
//! words it. `new`, `advance`, `set`, `edit` and `show` say it the same way.

use crate::Lang;
use crate::diag::{Arg, Code, Diag, Severity};

fn arg<'d>(d: &'d Diag, name: &str) -> Option<&'d Arg> {
    d.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
}

fn arg_text(d: &Diag, name: &str, lang: Lang) -> String {
    match arg(d, name) {
        Some(Arg::Plain(s)) => s.clone(),
        Some(Arg::Label(l)) => l.get(lang).to_string(),
        None => String::new(),
    }
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
        Code::E0301 | Code::E0302 | Code::E0408 | Code::E0501 | Code::E0502
    ) {
        let (severity, sep) = match (lang, d.severity) {
            (Lang::Zh, Severity::Error) => ("错误", ":"),
            (Lang::Zh, Severity::Warning) => ("警告", ":"),
            (Lang::En, s) => (s.as_str(), ": "),
        };
        let place = match d.file.is_empty() {
            true => d.span.line.to_string(),
            false => format!("{}:{}:{}", d.file, d.span.line, d.span.col),
        };
        return format!(
            "{severity}[{}] {place}{sep}{}",
            d.code,
            super::catalog::message(d, lang)
        );
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
    let cond = match (lang, has_condition) {
        (_, false) => String::new(),
        (Lang::Zh, true) => format!("(当 {condition} 时必填)"),
        (Lang::En, true) => format!(" (required when {condition})"),
    };
    let by_note = match (field.as_str(), section.as_deref(), entering) {
        // `advance --by` would fill the stage entered, not this one.
        ("by", Some(stage), Some(entered)) if entered != stage => match lang {
            Lang::Zh => format!(
                ";阶段 {stage} 需要经办人:--by 与 --set by=… 只填写正在进入的阶段 {entered},{stage} 的经办人须写成 --set {path}=<人员>"
            ),
            Lang::En => format!(
                "; the stage {stage} needs who acted: --by and --set by=… fill only the stage being entered, {entered}, so write --set {path}=<person>"
            ),
        },
        ("by", Some(stage), _) => match lang {
            Lang::Zh => format!(
                ";阶段 {stage} 需要经办人:用 --by <人员>(itc set 时为当前阶段),或设置 ITC_USER,或在 itc.toml 的 [[people]] 中给自己写上与 git config user.email 相同的 email"
            ),
            Lang::En => format!(
                "; the stage {stage} needs who acted: give --by <person> (with itc set: of the current stage), or set ITC_USER, or give yourself in itc.toml's [[people]] the email of git config user.email"
            ),
        },
        _ => String::new(),
    };
    match lang {
        Lang::Zh => format!("缺少 {label}({path},{ty}){cond}:{how}{by_note}"),
        Lang::En => format!("missing {label} ({path}, {ty}){cond}: {how}{by_note}"),
    }
}
