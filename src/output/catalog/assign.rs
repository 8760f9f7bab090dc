//! The words of `--set FIELD=VALUE` and `--set-from` (`entry::assign`): why an assignment was
//! refused.

use crate::diag::Diag;
use crate::rules::{Field, Kind};
use crate::{Lang, Words};

/// `FIELD`: `"TEXT"` is not WHAT — a value that does not fit its field's type.
pub fn bad_value(lang: Lang, field: &str, text: &str, what: &str) -> String {
    match lang {
        Lang::Zh => format!("`{field}` 的值 \"{text}\" 无效:应为{what}"),
        Lang::En => format!("`{field}`: \"{text}\" is not {what}"),
    }
}

pub const NON_EMPTY_TEXT: Words = Words::new("非空文本", "a non-empty text");
pub const PERSON_OF_ROSTER: Words = Words::new("名册中的人员编号", "a person of the roster");
pub const INTEGER: Words = Words::new("整数", "an integer");
pub const NUMBER: Words = Words::new("数字", "a number");
pub const TRUE_OR_FALSE: Words = Words::new(" true 或 false", "true or false");
pub const A_DATE: Words = Words::new("日期,如 2026-03-14", "a date such as 2026-03-14");
pub const A_DATETIME: Words = Words::new(
    "日期时间,如 \"2026-03-14 09:05\" 或 now",
    "a date-time such as \"2026-03-14 09:05\" or now",
);
pub const A_DURATION: Words = Words::new(
    "时长,如 4h、30m、1d 2h",
    "a duration such as 4h, 30m or 1d 2h",
);
pub const A_PERIOD: Words = Words::new(
    "周期,如 2026、2026-H1、2026-Q3、2026-07",
    "a period such as 2026, 2026-H1, 2026-Q3 or 2026-07",
);
pub const SERVICE_HOURS: Words = Words::new("服务时间,如 24x7", "service hours such as 24x7");
pub const AN_OFFSET: Words = Words::new("时区,如 +08:00", "an offset such as +08:00");

/// What a system field takes: one of the catalogue's ids.
pub fn system_of_catalogue(lang: Lang, ids: &[&str]) -> String {
    match lang {
        Lang::Zh => format!("系统目录中的编号({})", ids.join(", ")),
        Lang::En => format!("a system of the catalogue ({})", ids.join(", ")),
    }
}

/// What an enum field takes.
pub fn one_of(lang: Lang, values: &[String]) -> String {
    match lang {
        Lang::Zh => format!("以下之一:{}", values.join(", ")),
        Lang::En => format!("one of {}", values.join(", ")),
    }
}

/// A table list given a plain value; `each` shows one `--set` per item field.
pub fn table_list(lang: Lang, field: &str, each: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "`{field}` 是表格列表,逐项按子字段给出:{each} 追加一项(`[0]`、`[1]` 改写已有的项),或用 --set-from - 从标准输入给出 TOML/YAML 片段"
        ),
        Lang::En => format!(
            "`{field}` is a table list, given item field by item field: {each} appends one item (`[0]`, `[1]` change items already there); or give a TOML/YAML fragment on stdin with --set-from -"
        ),
    }
}

/// A table or map given a plain value.
pub fn structured(lang: Lang, field: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "`{field}` 是结构化字段:用 `{field}.键=值` 逐项给出,或用 --set-from - 从标准输入给出 TOML/YAML 片段"
        ),
        Lang::En => format!(
            "`{field}` is structured: give it as `{field}.key=value`, or give a TOML/YAML fragment on stdin with --set-from -"
        ),
    }
}

pub fn not_a_stage(lang: Lang, stage: &str, kind: &Kind) -> String {
    match lang {
        Lang::Zh => format!("`{stage}` 不是{}的阶段", kind.label.zh),
        Lang::En => format!("`{stage}` is not a stage of {}", kind.key),
    }
}

pub fn no_stage_field(lang: Lang, stage: &str, name: &str) -> String {
    match lang {
        Lang::Zh => format!("阶段 `{stage}` 没有字段 `{name}`"),
        Lang::En => format!("stage `{stage}` has no field `{name}`"),
    }
}

/// A field several stages have, named without its stage.
pub fn several_stages(lang: Lang, name: &str, owners: &[&str]) -> String {
    match lang {
        Lang::Zh => format!(
            "`{name}` 属于多个阶段({}),请写成 `阶段.{name}`",
            owners.join(", ")
        ),
        Lang::En => format!(
            "`{name}` belongs to several stages ({}): write `stage.{name}`",
            owners.join(", ")
        ),
    }
}

/// A field the kind does not have, with the nearest name it has.
pub fn no_field(lang: Lang, kind: &Kind, name: &str, hint: Option<&str>) -> String {
    match lang {
        Lang::Zh => format!(
            "{}记录没有字段 `{name}`{}",
            kind.label.zh,
            hint.map(|h| format!("(是否想写 `{h}`?)"))
                .unwrap_or_default()
        ),
        Lang::En => format!(
            "{} has no field `{name}`{}",
            kind.key,
            hint.map(|h| format!(" (did you mean `{h}`?)"))
                .unwrap_or_default()
        ),
    }
}

pub fn not_field_equals_value(lang: Lang, set: &str) -> String {
    match lang {
        Lang::Zh => format!("`{set}` 应写成 字段=值"),
        Lang::En => format!("`{set}` should be FIELD=VALUE"),
    }
}

pub fn invalid_path(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!("字段路径 `{path}` 无效"),
        Lang::En => format!("invalid field path `{path}`"),
    }
}

/// An item field a table list's items do not have; `items` are the fields they do.
pub fn no_item_field(lang: Lang, name: &str, sub: &str, items: &[Field]) -> String {
    match lang {
        Lang::Zh => {
            let names: Vec<String> = items
                .iter()
                .map(|f| {
                    format!(
                        "{}({})",
                        f.name,
                        super::args::type_name(&f.ty.describe(), lang)
                    )
                })
                .collect();
            format!(
                "`{name}` 的项没有字段 `{sub}`;项的字段有:{}",
                names.join("、")
            )
        }
        Lang::En => {
            let names: Vec<String> = items
                .iter()
                .map(|f| {
                    format!(
                        "{} ({})",
                        f.name,
                        super::args::type_name(&f.ty.describe(), lang)
                    )
                })
                .collect();
            format!(
                "items of `{name}` have no field `{sub}`; their fields are: {}",
                names.join(", ")
            )
        }
    }
}

/// `name[i]` past the end of the list (`len` items).
pub fn item_missing_before(lang: Lang, name: &str, i: usize, len: usize) -> String {
    match lang {
        Lang::Zh => format!("`{name}[{i}]` 之前缺少第 {len} 项"),
        Lang::En => format!("`{name}[{i}]`: item {len} must come first"),
    }
}

pub fn path_does_not_fit(lang: Lang, path: &str, name: &str) -> String {
    match lang {
        Lang::Zh => format!("字段路径 `{path}` 与 `{name}` 的类型不符"),
        Lang::En => format!("`{path}` does not fit the type of `{name}`"),
    }
}

/// `--set-from` text that reads as neither format, with the readers' findings.
pub fn not_a_table(lang: Lang, diags: &[Diag]) -> String {
    let said = diags
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}",
                d.span.line,
                d.span.col,
                super::message(d, lang)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    match lang {
        Lang::Zh => format!("--set-from 的内容既不是 TOML 也不是 YAML 表({said})"),
        Lang::En => format!("the --set-from text is neither a TOML nor a YAML table ({said})"),
    }
}
