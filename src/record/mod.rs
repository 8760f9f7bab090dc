//! A record file: its bytes checked (UTF-8, BOM, merge-conflict markers, size), parsed from TOML
//! or YAML into the value tree, and the few things every check needs from it (id, stage sections).

pub mod assign;
pub mod edit;
pub mod format;
pub mod literal;
pub mod toml;
pub mod value;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::diag::{Check, Diag};
use value::{Node, Span, Table, Value};

/// Records are small; anything past this is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

impl Format {
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            "toml" => Some(Format::Toml),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

/// A loaded record. `kind` indexes `Rules::kinds`.
#[derive(Debug)]
pub struct Record {
    pub path: PathBuf,
    /// Relative to the repository root, `/`-separated.
    pub rel: String,
    pub kind: usize,
    pub format: Format,
    pub root: Table,
}

impl Record {
    pub fn stem(&self) -> &str {
        self.path.file_stem().and_then(|s| s.to_str()).unwrap_or("")
    }

    pub fn id(&self) -> Option<&str> {
        self.root.str("id")
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.root.get(key)
    }

    /// The section of a stage, if the record has entered it.
    pub fn section(&self, stage: &str) -> Option<&Table> {
        self.root.get(stage).and_then(Node::as_table)
    }

    /// A field of a stage section.
    pub fn stage_field(&self, stage: &str, field: &str) -> Option<&Node> {
        self.section(stage).and_then(|t| t.get(field))
    }
}

/// Decodes a file's bytes, reporting what makes them unreadable as text. A BOM is reported but
/// skipped, so the rest of the file is still checked.
pub fn decode<'a>(bytes: &'a [u8], rel: &str, diags: &mut Vec<Diag>) -> Option<&'a str> {
    let (bytes, had_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if had_bom {
        diags.push(Diag::new("E0103", Check::Syntax, rel, Span::START));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            let span = Span {
                line: line as u32,
                col: col as u32,
                width: 1,
            };
            diags.push(
                Diag::new("E0102", Check::Syntax, rel, span)
                    .arg("byte", format!("0x{:02X}", bytes[e.valid_up_to()])),
            );
            None
        }
    }
}

/// The first line that is a git merge-conflict marker, if any.
pub fn conflict_marker(text: &str) -> Option<(u32, &str)> {
    // One pass over the line starts; a line is looked at only when it starts as a marker does.
    text.split('\n').enumerate().find_map(|(i, line)| {
        if !matches!(line.as_bytes().first(), Some(b'<' | b'=' | b'>' | b'|')) {
            return None;
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let marker = ["<<<<<<< ", ">>>>>>> ", "||||||| "]
            .iter()
            .any(|m| line.starts_with(m) || line == m.trim_end())
            || line == "=======";
        marker.then_some(((i + 1) as u32, line))
    })
}

/// Parses a record's text into its top-level table, or reports why it cannot.
pub fn parse(
    text: &str,
    format: Format,
    rel: &str,
    check: Check,
    diags: &mut Vec<Diag>,
) -> Option<Table> {
    if let Some((line, _)) = conflict_marker(text) {
        let span = Span {
            line,
            col: 1,
            width: 7,
        };
        diags.push(Diag::new("E0104", check, rel, span));
        return None;
    }
    let parsed = match format {
        Format::Toml => toml::parse(text),
        Format::Yaml => yaml::parse(text),
    };
    match parsed {
        Ok(Node {
            value: Value::Table(t),
            ..
        }) => Some(t),
        Ok(node) => {
            diags.push(Diag::new("E0106", check, rel, node.span).arg("found", node.type_name()));
            None
        }
        Err(e) => {
            diags.push(Diag::new("E0101", check, rel, e.span).arg("message", e.message));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_markers_are_found_on_their_line() {
        let text =
            "id = \"A\"\n<<<<<<< HEAD\ntitle = \"x\"\n=======\ntitle = \"y\"\n>>>>>>> other\n";
        assert_eq!(conflict_marker(text).map(|(l, _)| l), Some(2));
        assert_eq!(conflict_marker("a = \"=======x\"\n"), None);
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let mut diags = Vec::new();
        assert!(decode(b"id = 1\nt = \"\xff\"\n", "x.toml", &mut diags).is_none());
        assert_eq!(diags[0].code, "E0102");
        assert_eq!((diags[0].span.line, diags[0].span.col), (2, 6));
    }
}
