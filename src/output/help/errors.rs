//! clap's parse errors in Chinese, laid out the way clap lays them out in English.

use clap::error::{ContextKind, ContextValue, ErrorKind};

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
        ErrorKind::InvalidValue if value.is_empty() => format!("'{arg}' 需要一个值,但没有给出"),
        ErrorKind::InvalidValue => format!("'{value}' 不是 '{arg}' 的有效值"),
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(why) => format!("'{value}' 不是 '{arg}' 的有效值:{why}"),
            None => format!("'{value}' 不是 '{arg}' 的有效值"),
        },
        ErrorKind::UnknownArgument => format!("未知的参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => format!(
            "未知的子命令 '{}'",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::NoEquals => format!("给 '{arg}' 赋值时需要等号,如 '{arg}=值'"),
        ErrorKind::TooManyValues => format!("'{arg}' 多出了值 '{value}',不再需要更多的值"),
        ErrorKind::TooFewValues => format!(
            "'{arg}' 至少需要 {} 个值,只给了 {} 个",
            text(ContextKind::MinValues).unwrap_or_default(),
            text(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "'{arg}' 需要 {} 个值,却给了 {} 个",
            text(ContextKind::ExpectedNumValues).unwrap_or_default(),
            text(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => {
            let prior = list(ContextKind::PriorArg);
            if prior.contains(&arg) {
                format!("参数 '{arg}' 不能多次使用")
            } else if prior.is_empty() {
                format!("参数 '{arg}' 不能与其他已给出的参数同时使用")
            } else {
                format!("参数 '{arg}' 不能与 {} 同时使用", quoted(&prior))
            }
        }
        ErrorKind::MissingRequiredArgument => format!(
            "缺少必需的参数:\n  {}",
            list(ContextKind::InvalidArg).join("\n  ")
        ),
        ErrorKind::MissingSubcommand => format!(
            "'{}' 需要一个子命令,但没有给出",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        _ => format!("命令行有误:{}", e.kind()),
    };
    out.push_str(&head);
    let valid = list(ContextKind::ValidValue);
    if !valid.is_empty() {
        out.push_str(&format!("\n  [可选值:{}]", valid.join(", ")));
    }
    let subcommands = list(ContextKind::ValidSubcommand);
    if e.kind() == ErrorKind::MissingSubcommand && !subcommands.is_empty() {
        out.push_str(&format!("\n  [子命令:{}]", subcommands.join(", ")));
    }
    let mut tips = Vec::new();
    for (kind, what) in [
        (ContextKind::SuggestedSubcommand, "子命令"),
        (ContextKind::SuggestedArg, "参数"),
        (ContextKind::SuggestedValue, "值"),
    ] {
        let similar = list(kind);
        if !similar.is_empty() {
            tips.push(format!("有相近的{what}:{}", quoted(&similar)));
        }
    }
    if let Some(ContextValue::StyledStrs(suggested)) = e.get(ContextKind::Suggested) {
        tips.extend(suggested.iter().map(|s| tip_zh(&s.to_string())));
    }
    if !tips.is_empty() {
        out.push('\n');
        for t in tips {
            out.push_str(&format!("\n  提示:{t}"));
        }
    }
    let usage = text(ContextKind::Usage).unwrap_or_default();
    let usage = usage
        .trim_start()
        .strip_prefix("Usage:")
        .unwrap_or(&usage)
        .trim()
        .to_string();
    if !usage.is_empty() {
        out.push_str(&format!("\n\n用法:{usage}"));
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        out.push_str(&format!(
            "\n\n更多信息请运行 '{} --help'。",
            command.join(" ")
        ));
    }
    out.push('\n');
    out
}

/// The tips clap words itself, in Chinese; any other stays as clap wrote it.
fn tip_zh(tip: &str) -> String {
    let parts: Vec<&str> = tip.split('\'').collect();
    if tip.starts_with("to pass '") && parts.len() >= 4 {
        return format!("要把 '{}' 当作值,请写 '{}'", parts[1], parts[3]);
    }
    if tip.starts_with("subcommand '") && parts.len() >= 2 {
        return format!("子命令 '{}' 存在;要使用它,请去掉它前面的 '--'", parts[1]);
    }
    if tip.starts_with('\'') && tip.ends_with("' exists") && parts.len() >= 2 {
        return format!("有 '{}'", parts[1]);
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
