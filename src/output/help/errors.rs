//! clap's parse errors in Chinese, laid out the way clap lays them out in English.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::Lang;
use crate::output::catalog::help;

/// The language of these words.
const ZH: Lang = Lang::Zh;

/// Renders a clap parse error in Chinese, from its kind and context, the way clap lays it out
/// in English: the error, tips, the usage, and where to read more.
pub fn error_zh(e: &clap::Error) -> String {
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let list = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let quoted = |v: &[String]| {
        v.iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join("、")
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut out = String::new();
    let head = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => help::value_missing(ZH, &arg),
        ErrorKind::InvalidValue => help::value_invalid(ZH, &value, &arg, None),
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(why) => help::value_invalid(ZH, &value, &arg, Some(&why)),
            None => help::value_invalid(ZH, &value, &arg, None),
        },
        ErrorKind::UnknownArgument => help::unknown_argument(ZH, &arg),
        ErrorKind::InvalidSubcommand => help::unknown_subcommand(
            ZH,
            &text(ContextKind::InvalidSubcommand).unwrap_or_default(),
        ),
        ErrorKind::NoEquals => help::needs_equals(ZH, &arg),
        ErrorKind::TooManyValues => help::value_extra(ZH, &arg, &value),
        ErrorKind::TooFewValues => help::values_too_few(
            ZH,
            &arg,
            &text(ContextKind::MinValues).unwrap_or_default(),
            &text(ContextKind::ActualNumValues).unwrap_or_default(),
        ),
        ErrorKind::WrongNumberOfValues => help::values_wrong_number(
            ZH,
            &arg,
            &text(ContextKind::ExpectedNumValues).unwrap_or_default(),
            &text(ContextKind::ActualNumValues).unwrap_or_default(),
        ),
        ErrorKind::ArgumentConflict => {
            let prior = list(ContextKind::PriorArg);
            if prior.contains(&arg) {
                help::argument_repeated(ZH, &arg)
            } else if prior.is_empty() {
                help::argument_conflict(ZH, &arg, None)
            } else {
                help::argument_conflict(ZH, &arg, Some(&quoted(&prior)))
            }
        }
        ErrorKind::MissingRequiredArgument => format!(
            "{}\n  {}",
            help::ARGUMENTS_MISSING.get(ZH),
            list(ContextKind::InvalidArg).join("\n  ")
        ),
        ErrorKind::MissingSubcommand => help::subcommand_missing(
            ZH,
            &text(ContextKind::InvalidSubcommand).unwrap_or_default(),
        ),
        ErrorKind::InvalidUtf8 => help::INVALID_UTF8.get(ZH).to_string(),
        _ => help::command_line_error(ZH, &e.kind()),
    };
    out.push_str(&head);
    let valid = list(ContextKind::ValidValue);
    if !valid.is_empty() {
        out.push_str(&format!(
            "\n  {}",
            help::possible_values(ZH, &valid.join(", "))
        ));
    }
    let subcommands = list(ContextKind::ValidSubcommand);
    if e.kind() == ErrorKind::MissingSubcommand && !subcommands.is_empty() {
        out.push_str(&format!(
            "\n  {}",
            help::subcommands(ZH, &subcommands.join(", "))
        ));
    }
    let mut tips = Vec::new();
    for (kind, what) in [
        (ContextKind::SuggestedSubcommand, help::SIMILAR_SUBCOMMAND),
        (ContextKind::SuggestedArg, help::SIMILAR_ARGUMENT),
        (ContextKind::SuggestedValue, help::SIMILAR_VALUE),
    ] {
        let similar = list(kind);
        if !similar.is_empty() {
            tips.push(help::similar(ZH, what.get(ZH), &quoted(&similar)));
        }
    }
    if let Some(ContextValue::StyledStrs(suggested)) = e.get(ContextKind::Suggested) {
        tips.extend(suggested.iter().map(|s| tip_zh(&s.to_string())));
    }
    if !tips.is_empty() {
        out.push('\n');
        for t in tips {
            out.push_str(&format!("\n  {}", help::tip(ZH, &t)));
        }
    }
    let usage = text(ContextKind::Usage).unwrap_or_default();
    let usage = usage
        .trim_start()
        .strip_prefix(help::USAGE.en)
        .unwrap_or(&usage)
        .trim()
        .to_string();
    if !usage.is_empty() {
        out.push_str(&format!("\n\n{}{usage}", help::USAGE.get(ZH)));
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        out.push_str(&format!("\n\n{}", help::more_info(ZH, &command.join(" "))));
    }
    out.push('\n');
    out
}

/// The tips clap words itself, in Chinese; any other stays as clap wrote it.
fn tip_zh(tip: &str) -> String {
    let parts: Vec<&str> = tip.split('\'').collect();
    if tip.starts_with("to pass '") && parts.len() >= 4 {
        return help::tip_as_value(ZH, parts[1], parts[3]);
    }
    if tip.starts_with("subcommand '") && parts.len() >= 2 {
        return help::tip_subcommand_exists(ZH, parts[1]);
    }
    if tip.starts_with('\'') && tip.ends_with("' exists") && parts.len() >= 2 {
        return help::tip_exists(ZH, parts[1]);
    }
    tip.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::cli::command;

    #[test]
    fn clap_errors_in_chinese_keep_their_facts() {
        let cmd = command(Lang::Zh);
        let e = cmd
            .clone()
            .try_get_matches_from(["itc", "check", "--formt", "json"])
            .unwrap_err();
        let text = error_zh(&e);
        assert!(text.starts_with("未知的参数 '--formt'"), "{text}");
        assert!(text.contains("提示:有相近的参数:'--format'"), "{text}");
        assert!(text.contains("用法:itc check [选项]"), "{text}");
        assert!(
            text.contains("更多信息请运行 'itc check --help'。"),
            "{text}"
        );
        let e = cmd
            .clone()
            .try_get_matches_from(["itc", "--lang", "fr", "check"])
            .unwrap_err();
        let text = error_zh(&e);
        assert!(
            text.contains("'fr' 不是 '--lang <LANG>' 的有效值"),
            "{text}"
        );
        assert!(text.contains("[可选值:zh, en]"), "{text}");
        let e = cmd
            .clone()
            .try_get_matches_from(["itc", "chek"])
            .unwrap_err();
        let text = error_zh(&e);
        assert!(text.starts_with("未知的子命令 'chek'"), "{text}");
        assert!(
            text.contains("有相近的子命令:") && text.contains("'check'"),
            "{text}"
        );
        let e = cmd
            .try_get_matches_from(["itc", "set", "INC-1"])
            .unwrap_err();
        let text = error_zh(&e);
        assert!(
            text.starts_with("缺少必需的参数:\n  <FIELD=VALUE>..."),
            "{text}"
        );
    }
}
