//! The words of the report's top-N cut: how many rows a per-item table leaves out, and the
//! command that lists them all.

use crate::Lang;

/// `另有 N 项未列出(…),完整列表:`itc list …``: under a table cut to its first `shown` rows.
pub fn more(lang: Lang, caption: &str, shown: usize, rest: usize, command: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "{caption}:仅列出最严重或逾期最久的 {shown} 项,另有 {rest} 项;完整列表:`{command}`。"
        ),
        Lang::En => format!(
            "{caption}: the {shown} most severe or most overdue are listed, {rest} more; the full list: `{command}`."
        ),
    }
}
