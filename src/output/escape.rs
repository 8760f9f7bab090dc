//! The one door of each text format: every value that comes from a record (or a file name) passes
//! through the function of the format it is printed in, and nowhere else is escaping done.
//! - `terminal`: control characters (C0, DEL, C1) shown as `\u{1b}`, so that no value can move
//!   the cursor, clear the screen or open a hyperlink;
//! - `csv_cell`: quoting, and formulas neutralised for spreadsheets;
//! - `markdown_cell`: a value that cannot break a table row, start markup, mention anyone or
//!   become a link;
//! - `xml`: text and attribute values that are well formed XML 1.0 for any input;
//! - `json_str`: a JSON string, byte for byte as `serde_json` writes it.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is a control character that must never reach a terminal or a report raw: C0
/// (U+0000–U+001F), DEL and C1 (U+0080–U+009F). Tab and line ends are judged by the callers.
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Appends `s` to `out` as a JSON string with its quotes, with exactly the bytes `serde_json`
/// gives: `"` and `\\` escaped, `\b`, `\t`, `\n`, `\f` and `\r` short, every other control
/// character below U+0020 as `\u00xx` (lowercase hex); everything else, DEL and non-ASCII
/// included, as it is.
pub fn json_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // Every byte escaped here is ASCII, so `i` is always at a character boundary.
        out.push_str(&s[start..i]);
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(short);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// A character as Rust writes it in a string: `\u{1b}`.
fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Escapes control characters, keeping those that `keep` accepts.
fn escape_controls<'a>(s: &'a str, keep: impl Fn(char, Option<char>) -> bool) -> Cow<'a, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if is_control(c) && !keep(c, chars.peek().copied()) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for a terminal: tab and line ends (`\n`, `\r\n`) stay, every other control character is
/// written as `\u{..}`. A lone `\r`, which would let a value overwrite what was printed before
/// it on its line, is escaped too.
pub fn terminal(s: &str) -> Cow<'_, str> {
    escape_controls(s, |c, next| {
        c == '\t' || c == '\n' || (c == '\r' && next == Some('\n'))
    })
}

/// Text for one line of a terminal (a table cell, a source excerpt): line ends are escaped too.
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    escape_controls(s, |c, _| c == '\t')
}

/// One CSV cell, quoted when needed. A cell that a spreadsheet would read as a formula gets a
/// leading `'`: one starting with `=`, `+`, `-` or `@`, or with a tab, CR or LF (which
/// spreadsheets skip before reading a formula), or with spaces before any of these. Other
/// control characters are written as `\u{..}`.
pub fn csv_cell(s: &str) -> String {
    let first = s.trim_start_matches(' ').chars().next();
    let formula = matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n'));
    let s = escape_controls(s, |c, _| c == '\t' || c == '\n' || c == '\r');
    let s = if formula {
        format!("'{s}")
    } else {
        s.into_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// One CSV line of cells.
pub fn csv_row<S: AsRef<str>>(cells: &[S]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| csv_cell(c.as_ref())).collect();
    cells.join(",") + "\n"
}

/// U+2060 WORD JOINER: invisible, and no letter, digit or punctuation, so that what it splits
/// is no longer a mention, an issue reference or a link to GitHub or GitLab.
const WORD_JOINER: char = '\u{2060}';

/// A value inside a Markdown table cell (or a list item): `|` and the characters that start
/// markup are backslash-escaped, a line end becomes `<br>`, control characters `\u{..}`. The
/// result is one line that renders as the literal text, and makes nothing live where GitHub or
/// GitLab render it (a pull-request comment, a step summary): a word joiner (U+2060) follows
/// every `@` (no mention of a person or team, no e-mail link) and every `#` before a digit (no
/// issue reference), and splits every `://` and `www.` (`https:` U+2060 `//`), so that no bare
/// URL is linked. Backslashes do not stop mentions or autolinks: GitHub finds them in the
/// rendered text.
pub fn markdown_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            '#' if chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push_str("\\#");
                out.push(WORD_JOINER);
            }
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '#' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '@' => {
                out.push(c);
                out.push(WORD_JOINER);
            }
            ':' if chars.clone().take(2).eq("//".chars()) => {
                out.push(c);
                out.push(WORD_JOINER);
            }
            '.' if out.len() >= 3
                && out.is_char_boundary(out.len() - 3)
                && out[out.len() - 3..].eq_ignore_ascii_case("www") =>
            {
                out.push(WORD_JOINER);
                out.push(c);
            }
            '\t' => out.push(' '),
            c if is_control(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Text or an attribute value in XML 1.0: the five markup characters as entities, tab and line
/// ends as character references (kept in attributes too), and every character that XML 1.0
/// forbids or discourages (the other C0 controls, DEL, C1, U+FFFE, U+FFFF) written as `\u{..}`.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{fffe}' | '\u{ffff}' => push_escaped(&mut out, c),
            c if is_control(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// The message of a GitHub Actions workflow command (`::error ...::MESSAGE`): one line, `%`, CR
/// and LF percent-encoded, other control characters `\u{..}`.
pub fn github_data(s: &str) -> String {
    escape_controls(s, |c, _| c == '\t' || c == '\n' || c == '\r')
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property of a GitHub Actions workflow command (`file=`, `title=`): as `github_data`, and
/// `:` and `,` percent-encoded.
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A relative path as a URI reference (SARIF's `artifactLocation.uri`): `/` kept, unreserved
/// ASCII kept, every other byte percent-encoded.
pub fn uri_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_every_control_but_tab_and_line_ends() {
        assert_eq!(terminal("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            terminal("\x1b]8;;http://x\x07link\x1b]8;;\x07"),
            "\\u{1b}]8;;http://x\\u{7}link\\u{1b}]8;;\\u{7}"
        );
        assert_eq!(terminal("a\tb\nc\r\nd"), "a\tb\nc\r\nd");
        assert_eq!(terminal("a\rb"), "a\\u{d}b");
        assert_eq!(terminal("\u{7f}\u{9b}\u{85}"), "\\u{7f}\\u{9b}\\u{85}");
        assert_eq!(terminal("综合 café"), "综合 café");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(terminal_line("a\nb"), "a\\u{a}b");
    }

    #[test]
    fn csv_cells_starting_with_tab_or_cr_and_a_formula_are_neutralised() {
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("\t=1+1"), "'\t=1+1");
        assert_eq!(csv_cell("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(csv_cell("\n=1+1"), "\"'\n=1+1\"");
        assert_eq!(csv_cell("  @cmd"), "'  @cmd");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("a\x1bb"), "a\\u{1b}b");
        assert_eq!(csv_cell("plain"), "plain");
    }

    #[test]
    fn markdown_cells_hold_one_line() {
        assert_eq!(markdown_cell("a|b"), "a\\|b");
        assert_eq!(markdown_cell("a\nb\r\nc"), "a<br>b<br>c");
        assert_eq!(markdown_cell("*x* <b>"), "\\*x\\* \\<b\\>");
        assert_eq!(markdown_cell("a\x1bb"), "a\\u{1b}b");
        assert!(!markdown_cell("x\n| y |\n").contains('\n'));
    }

    #[test]
    fn markdown_cells_make_no_mention_issue_reference_or_link() {
        let j = WORD_JOINER;
        assert_eq!(markdown_cell("@octocat"), format!("@{j}octocat"));
        assert_eq!(
            markdown_cell("@acme/security-team"),
            format!("@{j}acme/security-team")
        );
        assert_eq!(markdown_cell("a@b.cn"), format!("a@{j}b.cn"));
        assert_eq!(
            markdown_cell("HTTPS://x.cn/a"),
            format!("HTTPS:{j}//x.cn/a")
        );
        assert_eq!(markdown_cell("see WWW.x.cn"), format!("see WWW{j}.x.cn"));
        assert_eq!(
            markdown_cell("https://www.x.cn"),
            format!("https:{j}//www{j}.x.cn")
        );
        assert_eq!(markdown_cell("#12 #a"), format!("\\#{j}12 \\#a"));
        // What is not a link stays as it was.
        assert_eq!(markdown_cell("a: b.www c:/d 综合"), "a: b.www c:/d 综合");
        assert_eq!(markdown_cell("综合www.x"), format!("综合www{j}.x"));
    }

    #[test]
    fn github_commands_cannot_be_split_or_forged() {
        assert_eq!(github_data("50%\n::error::x"), "50%25%0A::error::x");
        assert_eq!(github_property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(github_data("a\x1bb"), "a\\u{1b}b");
    }

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(uri_path("records/网 1.toml"), "records/%E7%BD%91%201.toml");
    }

    #[test]
    fn xml_is_well_formed_for_any_character() {
        assert_eq!(xml("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(xml("a\u{0}b\u{1b}c\u{fffe}"), "a\\u{0}b\\u{1b}c\\u{fffe}");
        assert_eq!(xml("a\tb\n"), "a&#9;b&#10;");
    }
}
