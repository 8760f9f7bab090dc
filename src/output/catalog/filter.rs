//! The words of a filter that can match nothing (`filter::Unmatched`: an unknown kind, stage,
//! field or value of `list`, `export` and `advance --to`): a usage error in both languages.

use crate::filter::Unmatched;
use crate::{Error, Lang};

/// `(did you mean `x`?)`, or nothing.
fn hint(lang: Lang, hint: &Option<String>) -> String {
    match (hint, lang) {
        (None, _) => String::new(),
        (Some(h), Lang::Zh) => format!("(是否想写 `{h}`?)"),
        (Some(h), Lang::En) => format!(" (did you mean `{h}`?)"),
    }
}

/// What is wrong with the filter, and what can be written instead.
pub fn unmatched(lang: Lang, u: &Unmatched) -> String {
    let zh = lang == Lang::Zh;
    match u {
        Unmatched::Kind {
            text,
            hint: h,
            keys,
        } => {
            let (h, keys) = (hint(lang, h), keys.join(", "));
            if zh {
                format!("未知的记录类别 `{text}`{h};类别有:{keys}")
            } else {
                format!("unknown kind `{text}`{h}; the kinds are: {keys}")
            }
        }
        Unmatched::Stage {
            text,
            hint: h,
            kind,
        } => {
            let h = hint(lang, h);
            let list = match kind {
                None => String::new(),
                Some(k) if zh => {
                    let stages: Vec<String> = k
                        .stages
                        .iter()
                        .map(|(key, label)| format!("{key}({})", label.zh))
                        .collect();
                    format!(";{}的阶段有:{}", k.label.zh, stages.join("、"))
                }
                Some(k) => {
                    let stages: Vec<String> = k
                        .stages
                        .iter()
                        .map(|(key, label)| format!("{key} ({})", label.en))
                        .collect();
                    format!("; the stages of {} are: {}", k.key, stages.join(", "))
                }
            };
            if zh {
                format!("没有阶段 `{text}`{h}{list}")
            } else {
                format!("no stage `{text}`{h}{list}")
            }
        }
        Unmatched::WhereForm { text } => {
            if zh {
                format!("--where `{text}` 应写成 字段=值")
            } else {
                format!("--where `{text}` should be FIELD=VALUE")
            }
        }
        Unmatched::Field { path, hint: h } => {
            let h = hint(lang, h);
            if zh {
                format!("--where:没有字段 `{path}`{h};阶段的字段写作 阶段.字段")
            } else {
                format!("--where: no field `{path}`{h}; a stage's field is written stage.field")
            }
        }
        Unmatched::Value {
            path,
            value,
            hint: h,
            known,
        } => {
            let (h, known) = (hint(lang, h), known.join(", "));
            if zh {
                format!("--where:`{path}` 不会等于 `{value}`{h};可取的值:{known}")
            } else {
                format!("--where: `{path}` is never `{value}`{h}; its values are: {known}")
            }
        }
    }
}

/// A filter that can match nothing is a usage error, said in both languages.
impl From<Unmatched> for Error {
    fn from(u: Unmatched) -> Error {
        Error::usage(unmatched(Lang::Zh, &u), unmatched(Lang::En, &u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    #[test]
    fn an_unknown_stage_lists_the_stages_of_its_kind() {
        let r = Rules::builtin().unwrap();
        let inc = r.kinds.iter().position(|k| k.key == "incident");
        let e = crate::filter::stage(&r, inc, "diagnosys").unwrap_err();
        let en = unmatched(Lang::En, &e);
        assert!(en.contains("did you mean `diagnosis`"), "{en}");
        assert!(en.contains("alert (Alert)"), "{en}");
        let zh = unmatched(Lang::Zh, &e);
        assert!(
            zh.starts_with("没有阶段 `diagnosys`(是否想写 `diagnosis`?)"),
            "{zh}"
        );
    }

    #[test]
    fn a_value_the_field_never_takes_lists_those_it_does() {
        let r = Rules::builtin().unwrap();
        let c = crate::config::Config::default();
        let inc = r.kinds.iter().position(|k| k.key == "incident");
        let e = crate::filter::field(&r, &c, inc, "severity=P9").unwrap_err();
        let en = unmatched(Lang::En, &e);
        assert!(
            en.contains("`severity` is never `P9`") && en.contains("P1, P2"),
            "{en}"
        );
    }
}
