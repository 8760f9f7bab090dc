//! The value tree every record, `itc.toml` and `rules.toml` is read into: TOML and YAML alike,
//! with the source position of every key and value, so that any check can point at a line.

pub use crate::diag::Span;

#[derive(Clone, Debug)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Clone, Debug)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A native TOML date, time or date-time, as written (`2026-03-14T09:05:00+08:00`).
    Datetime(String),
    /// YAML `null` or `~` or an empty value.
    Null,
    Array(Vec<Node>),
    Table(Table),
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub node: Node,
}

impl Table {
    /// Linear lookup: record tables hold a few dozen keys at most, where a scan beats hashing.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.node)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }
}

impl Node {
    pub fn new(span: Span, value: Value) -> Node {
        Node { span, value }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) | Value::Datetime(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_table(&self) -> Option<&Table> {
        match &self.value {
            Value::Table(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }

    /// Integers and floats both read as a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The value as one would compare it against a rule (`severity == "P1"`, `complex == true`).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) | Value::Datetime(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The type name shown in diagnostics (`string`, `integer`, `table` …), TOML's words for both
    /// formats.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Str(_) => "string",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::Bool(_) => "boolean",
            Value::Datetime(_) => "datetime",
            Value::Null => "null",
            Value::Array(_) => "array",
            Value::Table(_) => "table",
        }
    }
}

/// Maps byte offsets of one source text to line and column, for the TOML parser, which gives
/// byte ranges.
///
/// The parser asks for positions nearly always in the order of the text, so lines are found one
/// after the other as the positions move down: each line end is searched for once, and no list
/// of lines is kept. Only a step back to an earlier line (a table continued further down) builds
/// that list, once; from then on long steps are looked up in it, so no position costs more than
/// a search.
pub struct LineIndex<'a> {
    text: &'a str,
    /// The line of the last position: its number (0-based), where it starts, and where it ends
    /// (its LF, or the end of the text).
    line: std::cell::Cell<(usize, usize, usize)>,
    /// Where every line starts, built at the first step back.
    starts: std::cell::OnceCell<Vec<usize>>,
}

/// Once the list of lines exists, steps forward longer than this are looked up in it.
const WALKED: usize = 256;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            line: std::cell::Cell::new((0, 0, line_end(text.as_bytes(), 0))),
            starts: std::cell::OnceCell::new(),
        }
    }

    /// The source text of a byte range (empty when it is not one).
    pub fn text(&self, range: std::ops::Range<usize>) -> &'a str {
        self.text.get(range).unwrap_or("")
    }

    /// The line of a byte offset: its number (0-based), where it starts and where it ends.
    fn line_of(&self, offset: usize) -> (usize, usize, usize) {
        let b = self.text.as_bytes();
        let (mut line, mut start, mut end) = self.line.get();
        if start <= offset && offset <= end {
            return (line, start, end);
        }
        if start <= offset && (offset - end <= WALKED || self.starts.get().is_none()) {
            while end < offset {
                line += 1;
                start = end + 1;
                end = line_end(b, start);
            }
        } else {
            let starts = self.starts.get_or_init(|| {
                let mut starts = vec![0];
                starts.extend(
                    b.iter()
                        .enumerate()
                        .filter(|&(_, &c)| c == b'\n')
                        .map(|(i, _)| i + 1),
                );
                starts
            });
            line = match starts.binary_search(&offset) {
                Ok(i) => i,
                Err(i) => i.saturating_sub(1),
            };
            start = starts.get(line).copied().unwrap_or(0);
            end = line_end(b, start);
        }
        self.line.set((line, start, end));
        (line, start, end)
    }

    /// The span of the byte range `start..end`, clipped to the line `start` is on.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let b = self.text.as_bytes();
        let start = start.min(b.len());
        let (line, line_start, line_end) = self.line_of(start);
        let end = end.clamp(start, line_end.max(start));
        let (col, width) = if b[line_start..end].is_ascii() && !b[start..end].ends_with(b"\r") {
            // Where the line is ASCII up to the end, a column is a byte count.
            (start - line_start + 1, (end - start).max(1))
        } else {
            (
                char_count(self.text, line_start, start) + 1,
                char_count(self.text, start, end).max(1),
            )
        };
        Span {
            line: (line + 1) as u32,
            col: col as u32,
            width: width as u32,
        }
    }
}

/// Where the line starting at `start` ends: its LF, or the end of the text. Eight bytes are
/// looked at in one step (a word holds a zero byte where it equalled LF), as lines are short and
/// a call of `memchr` costs more than the search.
fn line_end(b: &[u8], start: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const LFS: u64 = u64::from_ne_bytes([b'\n'; 8]);
    let mut at = start.min(b.len());
    while let Some(word) = b.get(at..at + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let x = u64::from_ne_bytes(eight) ^ LFS;
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            break;
        }
        at += 8;
    }
    b[at..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |i| at + i)
}

/// The characters of `text[start..end]`, CR not counted: its bytes that start a character (not
/// UTF-8's continuation bytes, `10xxxxxx`), counted in a way the compiler turns into vector
/// instructions.
fn char_count(text: &str, start: usize, end: usize) -> usize {
    text.as_bytes().get(start..end).map_or(0, |s| {
        s.iter()
            .map(|&c| usize::from((c as i8) >= -0x40 && c != b'\r'))
            .sum()
    })
}

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate within a third of the word's length, if any.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let text = "a = 1\n标题 = \"x\"\n";
        let idx = LineIndex::new(text);
        let off = text.find("\"x\"").unwrap_or(0);
        assert_eq!(
            idx.span(off, off + 3),
            Span {
                line: 2,
                col: 6,
                width: 3
            }
        );
    }

    #[test]
    fn line_index_finds_every_offset_in_any_order() {
        // Against a plain count from the start, for offsets visited forward, backward and in
        // long and short jumps (the list of lines is built at the first step back).
        let text = "a = 1\n\n标题 = \"x\"\r\nb = [\n  1,\n]\n".repeat(40);
        let reference = |start: usize, end: usize| {
            let before = &text[..start];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let end = text[start..end].find('\n').map_or(end, |i| start + i);
            let chars = |s: &str| s.chars().filter(|&c| c != '\r').count() as u32;
            Span {
                line: before.matches('\n').count() as u32 + 1,
                col: chars(&text[line_start..start]) + 1,
                width: chars(&text[start..end]).max(1),
            }
        };
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut orders = vec![bounds.clone(), bounds.iter().rev().copied().collect()];
        orders.push(
            bounds
                .iter()
                .step_by(7)
                .chain(bounds.iter().step_by(3))
                .copied()
                .collect(),
        );
        orders.push(
            (0..bounds.len())
                .map(|i| bounds[i * 613 % bounds.len()])
                .collect(),
        );
        for order in orders {
            let idx = LineIndex::new(&text);
            for &start in &order {
                let end = bounds[bounds
                    .partition_point(|&b| b < start + 5)
                    .min(bounds.len() - 1)];
                assert_eq!(
                    idx.span(start, end),
                    reference(start, end),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn a_caret_clipped_at_a_crlf_line_end_leaves_the_cr_out() {
        // On ASCII and other lines alike: the CR is part of the line end, not of the value.
        for text in [
            "s = \"\"\"\r\nhuge\"\"\"\r\n",
            "标 = \"\"\"\r\nhuge\"\"\"\r\n",
        ] {
            let start = text.find('"').unwrap_or(0);
            let idx = LineIndex::new(text);
            assert_eq!(idx.span(start, text.len()).width, 3, "{text:?}");
        }
    }

    #[test]
    fn line_ends_are_found_eight_bytes_at_a_time() {
        let text: String = (0..24).map(|n| "x".repeat(n) + "\n").collect::<String>() + "tail";
        let b = text.as_bytes();
        for start in 0..=b.len() + 1 {
            let naive = b
                .iter()
                .enumerate()
                .skip(start)
                .find(|&(_, &c)| c == b'\n')
                .map_or(b.len(), |(i, _)| i);
            assert_eq!(line_end(b, start), naive, "{start}");
        }
    }

    #[test]
    fn suggestions_are_close_words_only() {
        assert_eq!(
            did_you_mean("severty", ["severity", "system"]),
            Some("severity")
        );
        assert_eq!(did_you_mean("xyz", ["severity", "system"]), None);
    }
}
