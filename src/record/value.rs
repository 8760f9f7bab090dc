//! The value tree every record, `itc.toml` and `rules.toml` is read into: TOML and YAML alike,
//! with the source position of every key and value, so that any check can point at a line.

/// A position in a source file: 1-based line, 1-based column in characters, and the width of the
/// caret to draw (at least 1, never past the end of the line).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub line: u32,
    pub col: u32,
    pub width: u32,
}

impl Span {
    pub const START: Span = Span {
        line: 1,
        col: 1,
        width: 1,
    };
}

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
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The line of the last span: the parsers ask for positions mostly in order, so the next
    /// one is nearly always on that line or the next, and found without a search.
    last: std::cell::Cell<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        let mut from = 0;
        while let Some(i) = text[from..].find('\n') {
            from += i + 1;
            starts.push(from);
        }
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new(0),
        }
    }

    /// The source text of a byte range (empty when it is not one).
    pub fn text(&self, range: std::ops::Range<usize>) -> &'a str {
        self.text.get(range).unwrap_or("")
    }

    fn line_of(&self, offset: usize) -> usize {
        let on = |line: usize| {
            self.starts.get(line).is_some_and(|&s| s <= offset)
                && self.starts.get(line + 1).is_none_or(|&next| offset < next)
        };
        let last = self.last.get();
        let line = if on(last) {
            last
        } else if on(last + 1) {
            last + 1
        } else {
            match self.starts.binary_search(&offset) {
                Ok(i) => i,
                Err(i) => i.saturating_sub(1),
            }
        };
        self.last.set(line);
        line
    }

    /// The span of the byte range `start..end`, clipped to the line `start` is on.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let start = start.min(self.text.len());
        let line = self.line_of(start);
        let line_start = self.starts[line];
        let line_end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |s| s.saturating_sub(1));
        let end = end.clamp(start, line_end.max(start));
        // Where the line is ASCII up to the end, a column is a byte count.
        let ascii = self
            .text
            .as_bytes()
            .get(line_start..end)
            .is_some_and(<[u8]>::is_ascii);
        let (col, width) = if ascii {
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

fn char_count(text: &str, start: usize, end: usize) -> usize {
    text.get(start..end).map_or(end.saturating_sub(start), |s| {
        s.chars().filter(|&c| c != '\r').count()
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
    fn suggestions_are_close_words_only() {
        assert_eq!(
            did_you_mean("severty", ["severity", "system"]),
            Some("severity")
        );
        assert_eq!(did_you_mean("xyz", ["severity", "system"]), None);
    }
}
