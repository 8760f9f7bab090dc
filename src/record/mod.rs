//! A record file: its bytes checked (UTF-8, BOM, merge-conflict markers, size), parsed from TOML
//! or YAML into the value tree, and the few things every check needs from it (id, stage sections).

pub mod comment;
pub mod edit;
pub mod literal;
pub mod path;
pub mod toml;
pub mod value;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::diag::{Check, Code, Diag};
pub use path::FieldPath;
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
        Format::from_name(file_name(path))
    }

    /// The format of a file name's extension, as `Path::extension` reads it (after the last
    /// dot, a leading dot not counting): `toml`, `yaml` or `yml`.
    pub fn from_name(name: &[u8]) -> Option<Format> {
        let dot = name.iter().rposition(|&b| b == b'.').filter(|&i| i > 0)?;
        match &name[dot + 1..] {
            b"toml" => Some(Format::Toml),
            b"yaml" | b"yml" => Some(Format::Yaml),
            _ => None,
        }
    }
}

/// The last component of a path, as bytes: what `Path::file_name` gives for the paths the walk
/// builds, found without parsing every component.
pub fn file_name(path: &Path) -> &[u8] {
    #[cfg(unix)]
    if let Some(name) = path
        .as_os_str()
        .as_encoded_bytes()
        .rsplit(|&b| b == b'/')
        .next()
        && !name.is_empty()
        && name != b"."
        && name != b".."
    {
        return name;
    }
    path.file_name().map_or(&[][..], |n| n.as_encoded_bytes())
}

#[derive(Debug)]
pub struct ParseError {
    /// In English: the parsers' own words, or itc's.
    pub message: String,
    /// The message as the catalog words it, when itc has its words (the parsers speak English
    /// only).
    pub phrase: Option<crate::diag::Phrase>,
    pub span: Span,
}

impl ParseError {
    /// The message as a finding's argument: in both languages where itc has both.
    pub fn message_arg(self) -> crate::diag::Arg {
        match self.phrase {
            Some(phrase) => phrase.into(),
            None => self.message.into(),
        }
    }
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
}

/// Decodes a file's bytes, reporting what makes them unreadable as text. A BOM is reported but
/// skipped, so the rest of the file is still checked.
pub fn decode<'a>(bytes: &'a [u8], rel: &str, diags: &mut Vec<Diag>) -> Option<&'a str> {
    let (bytes, had_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if had_bom {
        diags.push(Diag::within(Code::E0103, Check::Syntax, rel, Span::START));
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
                Diag::within(Code::E0102, Check::Syntax, rel, span)
                    .arg("byte", format!("0x{:02X}", bytes[e.valid_up_to()])),
            );
            None
        }
    }
}

/// The first line that is a git merge-conflict marker, if any.
pub fn conflict_marker(text: &str) -> Option<(u32, &str)> {
    if !may_start_a_line_with_a_marker(text.as_bytes()) {
        return None;
    }
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

/// Whether some line starts with a byte a conflict marker starts with (`<`, `=`, `>`, `|`), as
/// almost no record's line does. Compares each byte with the one before it, in blocks the
/// compiler turns into vector instructions: a few times faster than finding each line.
fn may_start_a_line_with_a_marker(b: &[u8]) -> bool {
    let starts = |c: u8| matches!(c, b'<' | b'=' | b'>' | b'|');
    if b.first().is_some_and(|&c| starts(c)) {
        return true;
    }
    const BLOCK: usize = 256;
    let pairs = b.len().saturating_sub(1);
    (0..pairs).step_by(BLOCK).any(|at| {
        let end = (at + BLOCK).min(pairs);
        b[at..end]
            .iter()
            .zip(&b[at + 1..=end])
            .fold(false, |hit, (&before, &c)| {
                hit | ((before == b'\n') & starts(c))
            })
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
        diags.push(Diag::within(Code::E0104, check, rel, span));
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
            diags.push(
                Diag::within(Code::E0106, check, rel, node.span).arg("found", node.type_name()),
            );
            None
        }
        Err(e) => {
            let span = e.span;
            diags.push(Diag::within(Code::E0101, check, rel, span).arg("message", e.message_arg()));
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
    fn the_quick_filter_never_hides_a_conflict_marker() {
        // Every text of up to six bytes over an alphabet of marker bytes, line ends and others,
        // and longer ones around the block edges: the filter passes every text whose lines
        // start with a marker's first byte.
        let alphabet = [b'\n', b'<', b'=', b'>', b'|', b'a', b' ', b'\r'];
        let exact = |b: &[u8]| {
            b.split(|&c| c == b'\n')
                .any(|line| matches!(line.first(), Some(b'<' | b'=' | b'>' | b'|')))
        };
        let mut text = Vec::new();
        for n in 0..=6u32 {
            for mut code in 0..alphabet.len().pow(n) {
                text.clear();
                for _ in 0..n {
                    text.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                assert_eq!(
                    may_start_a_line_with_a_marker(&text),
                    exact(&text),
                    "{text:?}"
                );
            }
        }
        for at in [0, 1, 254, 255, 256, 257, 511, 512, 700] {
            let mut text = vec![b'a'; 800];
            text[at] = b'\n';
            assert!(!may_start_a_line_with_a_marker(&text), "{at}");
            text[at + 1] = b'<';
            assert!(may_start_a_line_with_a_marker(&text), "{at}");
            let s = std::str::from_utf8(&text)
                .unwrap_or_default()
                .replace("\n<", "\n<<<<<<< ");
            assert_eq!(conflict_marker(&s).map(|(l, _)| l), Some(2), "{at}");
        }
    }

    #[test]
    fn names_and_formats_read_as_the_standard_library_reads_them() {
        for path in [
            "a.toml",
            "dir/a.toml",
            "dir/a.yaml",
            "a.yml",
            "a.TOML",
            ".toml",
            "dir/.yaml",
            "..",
            "dir/..",
            ".",
            "a.",
            "a.b.toml",
            "toml",
            "dir/",
            "/",
            "",
            "dir//a.yaml",
            "dir/./a",
            "a/b.toml/",
            "é.toml",
        ] {
            let p = Path::new(path);
            let expected = p.file_name().map_or(&[][..], |n| n.as_encoded_bytes());
            assert_eq!(file_name(p), expected, "{path}");
            let by_std = match p.extension().and_then(|e| e.to_str()) {
                Some("toml") => Some(Format::Toml),
                Some("yaml" | "yml") => Some(Format::Yaml),
                _ => None,
            };
            assert_eq!(Format::from_path(p), by_std, "{path}");
        }
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let mut diags = Vec::new();
        assert!(decode(b"id = 1\nt = \"\xff\"\n", "x.toml", &mut diags).is_none());
        assert_eq!(diags[0].code, Code::E0102);
        assert_eq!((diags[0].span.line, diags[0].span.col), (2, 6));
    }
}
