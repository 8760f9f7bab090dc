//! The words of the command line that clap writes itself: the help it adds (`--help`,
//! `--version`, the `help` subcommand), its headings, and its parse errors. clap words them in
//! English; each entry pairs the Chinese with clap's English, and `output::help` puts the
//! Chinese in its place.

use std::fmt::Display;

use crate::{Lang, Words};

/// The `-h`/`--help` flag, where the command has no longer help.
pub const HELP_FLAG: Words = Words::new("打印帮助", "Print help");

/// The `-h`/`--help` flag of a command with a longer help: its short help.
pub const HELP_FLAG_SHORT: Words = Words::new(
    "打印帮助(用 '--help' 查看详细说明)",
    "Print help (see more with '--help')",
);

/// The `-h`/`--help` flag of a command with a longer help: its long help.
pub const HELP_FLAG_LONG: Words = Words::new(
    "打印帮助(用 '-h' 查看摘要)",
    "Print help (see a summary with '-h')",
);

/// The `-V`/`--version` flag.
pub const VERSION_FLAG: Words = Words::new("打印版本号", "Print version");

/// The `help` subcommand.
pub const HELP_COMMAND: Words = Words::new(
    "打印本帮助,或所给子命令的帮助",
    "Print this message or the help of the given subcommand(s)",
);

/// The heading of the usage line, in help and in errors.
pub const USAGE: Words = Words::new("用法:", "Usage:");

/// The heading of the subcommands.
pub const COMMANDS: Words = Words::new("命令", "Commands");

/// The placeholder of a subcommand in the usage line.
pub const COMMAND_VALUE: Words = Words::new("命令", "COMMAND");

/// The placeholder of the options in the usage line.
pub const OPTIONS_IN_USAGE: Words = Words::new("[选项]", "[OPTIONS]");

/// The heading of the options.
pub const OPTIONS: Words = Words::new("选项", "Options");

/// The heading of the positional arguments.
pub const ARGUMENTS: Words = Words::new("参数", "Arguments");

/// An argument's default values, listed.
pub fn defaults(lang: Lang, list: &str) -> String {
    match lang {
        Lang::Zh => format!("[默认:{list}]"),
        Lang::En => format!("[default: {list}]"),
    }
}

/// An argument's possible values, listed.
pub fn possible_values(lang: Lang, list: &str) -> String {
    match lang {
        Lang::Zh => format!("[可选值:{list}]"),
        Lang::En => format!("[possible values: {list}]"),
    }
}

/// The heading of an argument's possible values, one a line, in its long help.
pub const POSSIBLE_VALUES: Words = Words::new("可选值:", "Possible values:");

/// The subcommands of a command that needs one, listed.
pub fn subcommands(lang: Lang, list: &str) -> String {
    match lang {
        Lang::Zh => format!("[子命令:{list}]"),
        Lang::En => format!("[subcommands: {list}]"),
    }
}

/// An argument given without its value.
pub fn value_missing(lang: Lang, arg: &str) -> String {
    match lang {
        Lang::Zh => format!("'{arg}' 需要一个值,但没有给出"),
        Lang::En => format!("a value is required for '{arg}' but none was supplied"),
    }
}

/// A value that an argument does not take; `why`, when told.
pub fn value_invalid(lang: Lang, value: &str, arg: &str, why: Option<&dyn Display>) -> String {
    match (lang, why) {
        (Lang::Zh, Some(why)) => format!("'{value}' 不是 '{arg}' 的有效值:{why}"),
        (Lang::Zh, None) => format!("'{value}' 不是 '{arg}' 的有效值"),
        (Lang::En, Some(why)) => format!("invalid value '{value}' for '{arg}': {why}"),
        (Lang::En, None) => format!("invalid value '{value}' for '{arg}'"),
    }
}

/// An argument that is none.
pub fn unknown_argument(lang: Lang, arg: &str) -> String {
    match lang {
        Lang::Zh => format!("未知的参数 '{arg}'"),
        Lang::En => format!("unexpected argument '{arg}' found"),
    }
}

/// A subcommand that is none.
pub fn unknown_subcommand(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("未知的子命令 '{name}'"),
        Lang::En => format!("unrecognized subcommand '{name}'"),
    }
}

/// An argument whose value must follow an equals sign.
pub fn needs_equals(lang: Lang, arg: &str) -> String {
    match lang {
        Lang::Zh => format!("给 '{arg}' 赋值时需要等号,如 '{arg}=值'"),
        Lang::En => format!("equal sign is needed when assigning values to '{arg}'"),
    }
}

/// A value more than an argument takes.
pub fn value_extra(lang: Lang, arg: &str, value: &str) -> String {
    match lang {
        Lang::Zh => format!("'{arg}' 多出了值 '{value}',不再需要更多的值"),
        Lang::En => format!("unexpected value '{value}' for '{arg}' found; no more were expected"),
    }
}

/// Fewer values than an argument needs.
pub fn values_too_few(lang: Lang, arg: &str, min: &str, actual: &str) -> String {
    match lang {
        Lang::Zh => format!("'{arg}' 至少需要 {min} 个值,只给了 {actual} 个"),
        Lang::En => format!("{min} values required by '{arg}'; only {actual} were provided"),
    }
}

/// Another number of values than an argument takes.
pub fn values_wrong_number(lang: Lang, arg: &str, expected: &str, actual: &str) -> String {
    match lang {
        Lang::Zh => format!("'{arg}' 需要 {expected} 个值,却给了 {actual} 个"),
        Lang::En => format!("{expected} values required for '{arg}' but {actual} were provided"),
    }
}

/// An argument given more than once.
pub fn argument_repeated(lang: Lang, arg: &str) -> String {
    match lang {
        Lang::Zh => format!("参数 '{arg}' 不能多次使用"),
        Lang::En => format!("the argument '{arg}' cannot be used multiple times"),
    }
}

/// An argument in conflict with others given (`prior`, quoted and listed, when told).
pub fn argument_conflict(lang: Lang, arg: &str, prior: Option<&str>) -> String {
    match (lang, prior) {
        (Lang::Zh, Some(prior)) => format!("参数 '{arg}' 不能与 {prior} 同时使用"),
        (Lang::Zh, None) => format!("参数 '{arg}' 不能与其他已给出的参数同时使用"),
        (Lang::En, Some(prior)) => format!("the argument '{arg}' cannot be used with {prior}"),
        (Lang::En, None) => format!(
            "the argument '{arg}' cannot be used with one or more of the other specified arguments"
        ),
    }
}

/// The heading of the required arguments not given (listed after it, one a line).
pub const ARGUMENTS_MISSING: Words = Words::new(
    "缺少必需的参数:",
    "the following required arguments were not provided:",
);

/// A command that needs a subcommand, given none.
pub fn subcommand_missing(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("'{name}' 需要一个子命令,但没有给出"),
        Lang::En => format!("'{name}' requires a subcommand but one was not provided"),
    }
}

/// Arguments that are not UTF-8.
pub const INVALID_UTF8: Words = Words::new(
    "参数不是有效的 UTF-8 文本",
    "invalid UTF-8 was detected in one or more arguments",
);

/// Any other parse error, by clap's name of its kind.
pub fn command_line_error(lang: Lang, kind: &dyn Display) -> String {
    match lang {
        Lang::Zh => format!("命令行有误:{kind}"),
        Lang::En => format!("{kind}"),
    }
}

/// What a tip finds similar to what was given: a subcommand.
pub const SIMILAR_SUBCOMMAND: Words = Words::new("子命令", "subcommand");

/// What a tip finds similar to what was given: an argument.
pub const SIMILAR_ARGUMENT: Words = Words::new("参数", "argument");

/// What a tip finds similar to what was given: a value.
pub const SIMILAR_VALUE: Words = Words::new("值", "value");

/// A tip: the similar ones (`what`: one of the `SIMILAR_*`, in `lang`), quoted and listed.
pub fn similar(lang: Lang, what: &str, list: &str) -> String {
    match lang {
        Lang::Zh => format!("有相近的{what}:{list}"),
        Lang::En => format!("a similar {what} exists: {list}"),
    }
}

/// A tip, headed.
pub fn tip(lang: Lang, tip: &str) -> String {
    match lang {
        Lang::Zh => format!("提示:{tip}"),
        Lang::En => format!("tip: {tip}"),
    }
}

/// Where to read more about the command.
pub fn more_info(lang: Lang, command: &str) -> String {
    match lang {
        Lang::Zh => format!("更多信息请运行 '{command} --help'。"),
        Lang::En => format!("For more information, try '{command} --help'."),
    }
}

/// clap's tip: to pass `arg` as a value, write `escaped`.
pub fn tip_as_value(lang: Lang, arg: &str, escaped: &str) -> String {
    match lang {
        Lang::Zh => format!("要把 '{arg}' 当作值,请写 '{escaped}'"),
        Lang::En => format!("to pass '{arg}' as a value, use '{escaped}'"),
    }
}

/// clap's tip: the subcommand `name` exists, after a `--`.
pub fn tip_subcommand_exists(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("子命令 '{name}' 存在;要使用它,请去掉它前面的 '--'"),
        Lang::En => format!("subcommand '{name}' exists; to use it, remove the '--' before it"),
    }
}

/// clap's tip: `name` exists.
pub fn tip_exists(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("有 '{name}'"),
        Lang::En => format!("'{name}' exists"),
    }
}
