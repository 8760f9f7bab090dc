//! The catalog: every user-facing word, in Chinese and English. Each diagnostic code finds its
//! message and help (`messages.rs`) and its rule's description (`rule_texts.rs`) through an
//! exhaustive `match`, so a code without words does not compile; `{name}` placeholders are filled
//! from the finding's values. Here: the extra help lines a finding chooses (`HINTS`), and the
//! lookups. `rendering.rs` holds the words around findings in the text, CI and SARIF outputs.

mod messages;
pub mod rendering;
mod rule_texts;

pub mod agenda;
pub mod args;
pub mod assign;
pub mod commands;
pub mod commitments;
pub mod coverage;
pub mod deadline;
pub mod deadlines;
pub mod errors;
pub mod excel;
pub mod filter;
pub mod guided;
pub mod help;
pub mod kpi;
pub mod periods;
pub mod refusals;
pub mod report;
pub mod report_top;
pub mod repository;
pub mod schema;
pub mod score;
pub mod settings;
pub mod units;
pub mod views;

use crate::Lang;
use crate::diag::{Arg, Code, Diag};

/// Extra help lines chosen by the finding.
const HINTS: &[(&str, &str, &str)] = &[
    (
        "did_you_mean",
        "是否想写 `{suggestion}`?",
        "did you mean `{suggestion}`?",
    ),
    (
        "format_date",
        "日期格式为 2026-03-14",
        "a date looks like 2026-03-14",
    ),
    (
        "format_datetime",
        "日期时间格式为 2026-03-14T09:05:00+08:00 或 \"2026-03-14 09:05\"",
        "a date-time looks like 2026-03-14T09:05:00+08:00 or \"2026-03-14 09:05\"",
    ),
    (
        "format_datetime_or_date",
        "填写日期时间(2026-03-14T09:05:00+08:00)或日期(2026-03-14)",
        "write a date-time (2026-03-14T09:05:00+08:00) or a date (2026-03-14)",
    ),
    (
        "format_duration",
        "时长格式为 \"4h\"、\"30m\"、\"1d 2h\"、\"90s\"",
        "a duration looks like \"4h\", \"30m\", \"1d 2h\" or \"90s\"",
    ),
    (
        "format_period",
        "周期格式为 2026、2026-H1、2026-Q3 或 2026-07",
        "a period is 2026, 2026-H1, 2026-Q3 or 2026-07",
    ),
    (
        "format_hours",
        "服务时间为 \"24x7\" 或 \"mon-fri 08:30-17:30\"",
        "service hours are \"24x7\" or like \"mon-fri 08:30-17:30\"",
    ),
    (
        "target_percent",
        "写成 {suggestion}(即 {percent})",
        "write {suggestion} (that is {percent})",
    ),
    (
        "format_timezone",
        "时区格式为 +08:00",
        "a time zone offset looks like +08:00",
    ),
];

fn fill(template: &str, diag: &Diag, lang: Lang) -> String {
    let mut out = template.to_string();
    for (name, arg) in &diag.args {
        out = out.replace(&format!("{{{name}}}"), &arg_text(arg, lang));
    }
    out
}

/// A finding's value in words.
pub fn arg_text(arg: &Arg, lang: Lang) -> std::borrow::Cow<'_, str> {
    match arg {
        Arg::Plain(s) => s.as_str().into(),
        Arg::Label(l) => l.get(lang).into(),
        Arg::Phrase(p) => args::phrase(p, lang).into(),
    }
}

pub fn message(diag: &Diag, lang: Lang) -> String {
    let (zh, en, _, _) = messages::message(diag.code);
    fill(if lang == Lang::Zh { zh } else { en }, diag, lang)
}

/// The help lines of a diagnostic: the finding's own hint first, then the code's help.
pub fn helps(diag: &Diag, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(h) = diag.hint.and_then(|k| HINTS.iter().find(|h| h.0 == k)) {
        out.push(fill(if lang == Lang::Zh { h.1 } else { h.2 }, diag, lang));
    }
    let (_, _, zh, en) = messages::message(diag.code);
    let help = if lang == Lang::Zh { zh } else { en };
    if !help.is_empty() {
        out.push(fill(help, diag, lang));
    }
    out
}

/// A code's message and help as written in the catalog, placeholders unfilled: what a rule says
/// in general (SARIF's rule descriptions). The help falls back to the message where a code has
/// none.
pub fn templates(code: Code, lang: Lang) -> (&'static str, &'static str) {
    let (zh, en, help_zh, help_en) = messages::message(code);
    let (message, help) = if lang == Lang::Zh {
        (zh, help_zh)
    } else {
        (en, help_en)
    };
    (message, if help.is_empty() { message } else { help })
}

/// What a code's rule says in general: its short and its full description, with no
/// placeholder (SARIF's `shortDescription` and `fullDescription`).
pub fn rule(code: Code, lang: Lang) -> (&'static str, &'static str) {
    let (zh, en, zh_full, en_full) = rule_texts::rule(code);
    match lang {
        Lang::Zh => (zh, zh_full),
        Lang::En => (en, en_full),
    }
}

/// Every code in the catalog, for tests and docs.
pub fn codes() -> impl Iterator<Item = &'static str> {
    Code::ALL.iter().map(|c| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_both_languages_and_placeholders_match() {
        for &code in Code::ALL {
            let (zh, en, hzh, hen) = messages::message(code);
            assert!(!zh.is_empty() && !en.is_empty(), "{code}");
            let names = |s: &str| -> Vec<String> {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(names(zh), names(en), "{code} message placeholders differ");
            assert_eq!(names(hzh), names(hen), "{code} help placeholders differ");
        }
        for (key, zh, en) in HINTS {
            assert!(!zh.is_empty() && !en.is_empty(), "{key}");
        }
    }

    #[test]
    fn every_code_has_a_rule_description_without_placeholders() {
        for &code in Code::ALL {
            let (zh, en, zh_full, en_full) = rule_texts::rule(code);
            for t in [zh, en, zh_full, en_full] {
                assert!(!t.trim().is_empty(), "{code}");
                assert!(!t.contains(['{', '}']), "{code}: {t}");
            }
            assert!(
                zh_full.len() > zh.len() && en_full.len() > en.len(),
                "{code}"
            );
        }
    }
}
