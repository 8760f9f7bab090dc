//! A field's path in a record: `title` (a top-level field) or `acceptance.date` (a field of a
//! stage section), and the one lookup that walks it through the value tree.

use super::Record;
use super::value::{Node, Table};

/// A parsed field path: a top-level field, or a field of a stage section. Borrowed from the text
/// it was parsed from, so a lookup costs no allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldPath<'a> {
    pub stage: Option<&'a str>,
    pub field: &'a str,
}

impl<'a> FieldPath<'a> {
    /// A top-level field (`stage` none) or a field of a stage section.
    pub fn new(stage: Option<&'a str>, field: &'a str) -> FieldPath<'a> {
        FieldPath { stage, field }
    }

    /// `field` or `stage.field`: the first dot parts the stage from its field.
    pub fn parse(text: &'a str) -> FieldPath<'a> {
        match text.split_once('.') {
            Some((stage, field)) => FieldPath::new(Some(stage), field),
            None => FieldPath::new(None, text),
        }
    }
}

impl Table {
    /// The node a field path names in this tree (a record's root), if it is there.
    pub fn lookup(&self, path: &FieldPath<'_>) -> Option<&Node> {
        match path.stage {
            Some(stage) => self.get(stage)?.as_table()?.get(path.field),
            None => self.get(path.field),
        }
    }
}

impl Record {
    /// The node a field path names in the record, if it is there.
    pub fn lookup(&self, path: &FieldPath<'_>) -> Option<&Node> {
        self.root.lookup(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Format, parse};

    #[test]
    fn a_path_names_a_top_level_field_or_a_field_of_a_stage() {
        let mut diags = Vec::new();
        let text = "id = \"X\"\n\"a.b\" = 1\n\n[report]\nat = 2026-03-14T09:05:00+08:00\n";
        let root = parse(
            text,
            Format::Toml,
            "",
            crate::diag::Check::Syntax,
            &mut diags,
        )
        .unwrap();
        assert_eq!(FieldPath::parse("id"), FieldPath::new(None, "id"));
        assert_eq!(
            FieldPath::parse("report.at"),
            FieldPath::new(Some("report"), "at")
        );
        assert!(root.lookup(&FieldPath::parse("id")).is_some());
        assert!(root.lookup(&FieldPath::parse("report.at")).is_some());
        assert!(root.lookup(&FieldPath::parse("report.by")).is_none());
        // `id` is not a section; a dotted top-level key is not found as one.
        assert!(root.lookup(&FieldPath::parse("id.x")).is_none());
        assert!(root.lookup(&FieldPath::parse("a.b")).is_none());
    }
}
