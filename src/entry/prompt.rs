//! Guided entry: on a terminal, `new` and `advance` ask for each field a record still needs
//! instead of refusing with `--set` hints. Each answer becomes the `--set FIELD=VALUE` it stands
//! for, so that the record written is exactly the one those flags would write; each is checked at
//! once by the same parsing and checks, and asked again with the reason when refused.
//!
//! People and systems are chosen from the roster and the catalogue (by name, the id is written),
//! enums by their labels (the value is written); a date-time offers now (to the second) and `by`
//! the acting person.
//! A table list (findings, corrective actions) is not asked item by item: it is named, and left
//! to `--set PATH[].FIELD=VALUE`, which the refusal then spells out.

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::diag::{Arg, Code, Diag, Severity};
use crate::output::catalog::guided as words;
use crate::rules::{Field, Kind, Rules, Type};
use crate::{Error, Lang};

/// A field the record needs: where it goes (`diagnosis.solution`), and its rule.
pub struct Need<'r> {
    pub path: String,
    /// The stage section it goes in (none: the top level).
    pub section: Option<String>,
    pub field: &'r Field,
}

impl Need<'_> {
    /// Asked for on a terminal; a table list, a table or a map is left to `--set`.
    pub fn askable(&self) -> bool {
        !matches!(
            self.field.ty,
            Type::TableList(_) | Type::Table(_) | Type::Map(_)
        )
    }
}

/// What one asks with: the language, the roster and catalogue, the acting person, now.
pub struct Asking<'a> {
    pub lang: Lang,
    pub config: &'a Config,
    pub acting: Option<&'a str>,
    pub now: DateTime<FixedOffset>,
}

fn plain<'d>(d: &'d Diag, name: &str) -> Option<&'d str> {
    d.args.iter().find_map(|(n, a)| match a {
        Arg::Plain(s) if *n == name => Some(s.as_str()),
        _ => None,
    })
}

/// The missing fields among a record's errors, in their order, with their rules (a field the
/// rules do not know, such as a commitment's nested item, is left out).
pub fn missing<'r>(rules: &'r Rules, kind: &'r Kind, errors: &[Diag]) -> Vec<Need<'r>> {
    let mut out: Vec<Need<'r>> = Vec::new();
    for d in errors {
        let Some(name) = plain(d, "field").filter(|_| missing_code(d.code)) else {
            continue;
        };
        let section = plain(d, "section");
        let field = match section {
            Some(stage) => kind
                .stages
                .iter()
                .find(|s| s.key == stage)
                .and_then(|s| rules.stage_fields(s).find(|f| f.name == name)),
            None => kind
                .field(name)
                .or_else(|| rules.common.iter().find(|f| f.name == name)),
        };
        let Some(field) = field else { continue };
        let path = match section {
            Some(s) => format!("{s}.{name}"),
            None => name.to_string(),
        };
        if !out.iter().any(|n| n.path == path) {
            out.push(Need {
                path,
                section: section.map(str::to_string),
                field,
            });
        }
    }
    out
}

/// Why an answer would not do, from the errors the record would have with it: an error of the
/// field itself (still missing, a value out of range, a date in the future…).
pub fn objection(errors: &[Diag], need: &Need<'_>, lang: Lang) -> Option<String> {
    let name = need.field.name.as_str();
    errors
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .find(|d| plain(d, "field") == Some(name) && plain(d, "section") == need.section.as_deref())
        .map(|d| crate::output::need::describe_need(d, lang))
}

fn missing_code(code: Code) -> bool {
    matches!(
        code,
        Code::E0301 | Code::E0302 | Code::E0408 | Code::E0501 | Code::E0502 | Code::E0503
    )
}

/// One choice of a list: what is shown, and the text that is answered.
struct Choice {
    shown: String,
    value: String,
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// Esc or Ctrl-C: given up, nothing written (exit 1); any other failure of the terminal.
fn gave_up(e: inquire::InquireError) -> Error {
    match e {
        inquire::InquireError::OperationCanceled | inquire::InquireError::OperationInterrupted => {
            Error::Invalid {
                zh: words::ABORTED.zh.to_string(),
                en: words::ABORTED.en.to_string(),
            }
        }
        other => {
            let why = other.to_string();
            Error::usage(
                words::terminal_failed(Lang::Zh, &why),
                words::terminal_failed(Lang::En, &why),
            )
        }
    }
}

/// Asks for one field until `check` accepts the answer (`check` says why not, in the output
/// language), and returns the accepted text, as `--set PATH=TEXT` would give it.
pub fn ask(
    need: &Need<'_>,
    asking: &Asking<'_>,
    check: &mut dyn FnMut(&str) -> Result<(), String>,
) -> Result<String, Error> {
    let lang = asking.lang;
    let question = words::question(lang, need.field.label.get(lang), &need.path);
    let choices: Option<(Vec<Choice>, usize)> = match &need.field.ty {
        Type::Person => Some((
            asking
                .config
                .people
                .iter()
                .map(|p| Choice {
                    shown: words::choice(lang, &p.name, &p.id),
                    value: p.id.clone(),
                })
                .collect(),
            // `by` offers the acting person first.
            asking
                .config
                .people
                .iter()
                .position(|p| need.field.name == "by" && Some(p.id.as_str()) == asking.acting)
                .unwrap_or(0),
        )),
        Type::System => Some((
            asking
                .config
                .systems
                .iter()
                .map(|s| Choice {
                    shown: words::choice(lang, &s.name, &s.id),
                    value: s.id.clone(),
                })
                .collect(),
            0,
        )),
        Type::Enum(values) => Some((
            values
                .iter()
                .map(|v| Choice {
                    // By its label where the rules give one (`良好 (good)`); the value is written.
                    shown: match need.field.value_label(v).map(|l| l.get(lang)) {
                        Some(label) if label != v => words::choice(lang, label, v),
                        _ => v.clone(),
                    },
                    value: v.clone(),
                })
                .collect(),
            0,
        )),
        _ => None,
    };
    let default = match need.field.ty {
        Type::DateTime => Some(asking.now.format("%Y-%m-%d %H:%M:%S").to_string()),
        Type::Date => Some(asking.now.format("%Y-%m-%d").to_string()),
        _ => None,
    };
    loop {
        let answer = match &choices {
            Some((list, start)) if !list.is_empty() => {
                let list: Vec<Choice> = list
                    .iter()
                    .map(|c| Choice {
                        shown: c.shown.clone(),
                        value: c.value.clone(),
                    })
                    .collect();
                inquire::Select::new(&question, list)
                    .with_starting_cursor(*start)
                    .with_help_message(words::HELP_CHOICE.get(lang))
                    .prompt()
                    .map(|c| c.value)
            }
            _ => {
                let mut text =
                    inquire::Text::new(&question).with_help_message(words::HELP.get(lang));
                if let Some(d) = &default {
                    text = text.with_default(d);
                }
                text.prompt()
            }
        }
        .map_err(gave_up)?;
        match check(&answer) {
            Ok(()) => return Ok(answer),
            Err(why) => crate::print_err(&words::refused(lang, &why)),
        }
    }
}

/// Says that a list is left to `--set`.
pub fn tell_list(need: &Need<'_>, lang: Lang) {
    crate::print_err(&words::list_by_set(
        lang,
        need.field.label.get(lang),
        &need.path,
    ));
}

/// The errors of the record with these `--set`s (an `Err` for sets that cannot be used).
pub type Needs<'a> = dyn Fn(&[String]) -> Result<Vec<Diag>, Error> + 'a;

/// The guided loop: while the record, with the answers so far, still needs a field that can be
/// asked for, asks for it and adds its `PATH=TEXT` to `sets`. `needs` gives the errors of the
/// record with the given sets (an `Err` for sets that cannot be used). Lists are named once and
/// left to `--set`; what is still missing at the end is refused by the command as without a
/// terminal.
pub fn guide(
    rules: &Rules,
    kind: &Kind,
    asking: &Asking<'_>,
    sets: &mut Vec<String>,
    needs: &Needs<'_>,
) -> Result<(), Error> {
    let lang = asking.lang;
    // inquire's own word for a question given up, in the output language.
    inquire::set_global_render_config(
        inquire::ui::RenderConfig::default()
            .with_canceled_prompt_indicator(inquire::ui::Styled::new(words::GIVEN_UP.get(lang))),
    );
    let mut seen: Vec<String> = Vec::new();
    loop {
        let errors = needs(sets)?;
        let missing = missing(rules, kind, &errors);
        let Some(need) = missing.into_iter().find(|n| !seen.contains(&n.path)) else {
            return Ok(());
        };
        seen.push(need.path.clone());
        if !need.askable() {
            tell_list(&need, lang);
            continue;
        }
        let mut check = |text: &str| -> Result<(), String> {
            let mut trial = sets.clone();
            trial.push(format!("{}={text}", need.path));
            match needs(&trial) {
                Ok(errors) => match objection(&errors, &need, lang) {
                    Some(why) => Err(why),
                    None => Ok(()),
                },
                Err(Error::Usage { zh, en } | Error::Invalid { zh, en }) => Err(match lang {
                    Lang::Zh => zh,
                    Lang::En => en,
                }),
                Err(_) => Ok(()),
            }
        };
        let answer = ask(&need, asking, &mut check)?;
        sets.push(format!("{}={answer}", need.path));
    }
}
