//! Reading a rules file (the built-in one, or a repository's `rules.toml`) into the model, with a
//! diagnostic at the line of every mistake. With a base, the file extends it: kinds, stages and
//! fields with a known key are updated attribute by attribute, new ones are appended.

use super::{Cond, Field, Kind, Label, Requirement, Rules, Stage, Test, Type};
use crate::diag::{Check, Code, Diag};
use crate::record::value::{Node, Span, Table, did_you_mean};
use crate::time::parse_duration;

struct Reader<'a> {
    file: &'a str,
    diags: Vec<Diag>,
}

const FIELD_KEYS: &[&str] = &[
    "name",
    "type",
    "zh",
    "en",
    "required",
    "when",
    "min",
    "max",
    "min_exclusive",
    "min_items",
    "warn_items",
    "of",
    "values",
    "kind",
    "items",
    "allow_date",
    "default",
    "future",
    "entry",
    "changes",
    "labels",
];
const STAGE_KEYS: &[&str] = &[
    "key",
    "zh",
    "en",
    "start",
    "optional",
    "fields",
    "requires",
    "time_limit",
];
const KIND_KEYS: &[&str] = &[
    "key", "folder", "prefix", "zh", "en", "fields", "stage", "order",
];
const TYPES: &[&str] = &[
    "text",
    "int",
    "number",
    "bool",
    "date",
    "datetime",
    "duration",
    "enum",
    "person",
    "system",
    "record",
    "period",
    "hours",
    "timezone",
    "list",
    "table_list",
    "table",
    "map",
];

impl Reader<'_> {
    fn diag(&mut self, code: Code, span: Span) -> &mut Diag {
        self.diags.push(Diag::new(code, self.file, span));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn unknown_keys(&mut self, t: &Table, allowed: &[&str]) {
        for e in &t.entries {
            if !allowed.contains(&e.key.as_str()) {
                let d = self.diag(Code::E0903, e.key_span);
                d.args.push(("key", e.key.as_str().into()));
                if let Some(s) = did_you_mean(&e.key, allowed.iter().copied()) {
                    d.args.push(("suggestion", s.into()));
                    d.hint = Some("did_you_mean");
                }
            }
        }
    }

    fn wrong(&mut self, node: &Node, key: &str, expected: &str) {
        let d = self.diag(Code::E0904, node.span);
        d.args.push(("key", key.into()));
        d.args.push(("expected", expected.into()));
    }

    fn missing(&mut self, span: Span, key: &str) {
        let d = self.diag(Code::E0902, span);
        d.args.push(("key", key.into()));
    }

    fn string(&mut self, t: &Table, key: &str) -> Option<String> {
        let node = t.get(key)?;
        match node.as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.to_string()),
            _ => {
                self.wrong(node, key, "non-empty string");
                None
            }
        }
    }

    fn bool(&mut self, t: &Table, key: &str) -> Option<bool> {
        let node = t.get(key)?;
        let b = node.as_bool();
        if b.is_none() {
            self.wrong(node, key, "true or false");
        }
        b
    }

    fn number(&mut self, t: &Table, key: &str) -> Option<f64> {
        let node = t.get(key)?;
        let n = node.as_f64();
        if n.is_none() {
            self.wrong(node, key, "number");
        }
        n
    }

    fn count(&mut self, t: &Table, key: &str) -> Option<usize> {
        let node = t.get(key)?;
        match node.as_i64().and_then(|i| usize::try_from(i).ok()) {
            Some(n) => Some(n),
            None => {
                self.wrong(node, key, "integer ≥ 0");
                None
            }
        }
    }

    fn strings(&mut self, t: &Table, key: &str) -> Option<Vec<String>> {
        let node = t.get(key)?;
        let items: Option<Vec<String>> = node
            .as_array()
            .and_then(|a| a.iter().map(|n| n.as_str().map(str::to_string)).collect());
        if items.is_none() {
            self.wrong(node, key, "array of strings");
        }
        items
    }

    /// Tables of an array (`fields = [...]`, `[[kind]]`), each with its node for positions.
    fn tables<'n>(&mut self, t: &'n Table, key: &str) -> Vec<(&'n Table, Span)> {
        let Some(node) = t.get(key) else {
            return Vec::new();
        };
        let Some(items) = node.as_array() else {
            self.wrong(node, key, "array of tables");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.as_table() {
                Some(tt) => out.push((tt, item.span)),
                None => self.wrong(item, key, "table"),
            }
        }
        out
    }

    fn label(&mut self, t: &Table, base: Option<&Label>, span: Span) -> Label {
        let mut get = |key: &str, fallback: Option<&String>| -> String {
            match (self.string(t, key), fallback) {
                (Some(s), _) => s,
                (None, Some(f)) => f.clone(),
                (None, None) => {
                    self.missing(span, key);
                    String::new()
                }
            }
        };
        Label {
            zh: get("zh", base.map(|b| &b.zh)),
            en: get("en", base.map(|b| &b.en)),
        }
    }

    fn conds(&mut self, t: &Table, key: &str) -> Option<Vec<Cond>> {
        t.get(key)?;
        let mut out = Vec::new();
        for (ct, span) in self.tables(t, key) {
            self.unknown_keys(ct, &["field", "is", "in", "present"]);
            let Some(field) = self.string(ct, "field") else {
                self.missing(span, "field");
                continue;
            };
            let test = if let Some(n) = ct.get("is") {
                match n.scalar_text() {
                    Some(s) => Test::Is(s),
                    None => {
                        self.wrong(n, "is", "string, number or boolean");
                        continue;
                    }
                }
            } else if let Some(values) = self.strings(ct, "in") {
                Test::In(values)
            } else if self.bool(ct, "present") == Some(true) {
                Test::Present
            } else {
                self.missing(span, "is");
                continue;
            };
            out.push(Cond { field, test });
        }
        Some(out)
    }

    fn scalar_type(
        &mut self,
        name: &str,
        t: &Table,
        node: &Node,
        base: Option<&Type>,
    ) -> Option<Type> {
        Some(match name {
            "text" => Type::Text,
            "int" => Type::Int,
            "number" => Type::Number,
            "bool" => Type::Bool,
            "date" => Type::Date,
            "datetime" => Type::DateTime,
            "duration" => Type::Duration,
            "person" => Type::Person,
            "system" => Type::System,
            "period" => Type::Period,
            "hours" => Type::Hours,
            "timezone" => Type::Timezone,
            "record" => Type::Record(self.string(t, "kind")),
            "enum" => {
                let values = self.strings(t, "values").or_else(|| match base {
                    Some(Type::Enum(v)) => Some(v.clone()),
                    _ => None,
                });
                match values {
                    Some(v) if !v.is_empty() => Type::Enum(v),
                    _ => {
                        self.missing(node.span, "values");
                        return None;
                    }
                }
            }
            other => {
                let d = self.diag(Code::E0904, node.span);
                d.args.push(("key", "type".into()));
                d.args.push(("expected", TYPES.join(", ").into()));
                if let Some(s) = did_you_mean(other, TYPES.iter().copied()) {
                    d.args.push(("suggestion", s.into()));
                    d.hint = Some("did_you_mean");
                }
                return None;
            }
        })
    }

    fn field_type(&mut self, t: &Table, span: Span, base: Option<&Field>) -> Option<Type> {
        let base_ty = base.map(|b| &b.ty);
        let Some(type_node) = t.get("type") else {
            if let Some(b) = base_ty {
                return Some(b.clone());
            }
            self.missing(span, "type");
            return None;
        };
        let name = type_node.as_str().unwrap_or("");
        let items = |r: &mut Self, base_items: Option<&Vec<Field>>| -> Option<Vec<Field>> {
            if t.get("items").is_none() {
                return match base_items {
                    Some(b) => Some(b.clone()),
                    None => {
                        r.missing(span, "items");
                        None
                    }
                };
            }
            Some(r.fields(t, "items", base_items.map_or(&[][..], |v| v.as_slice())))
        };
        Some(match name {
            "list" | "map" => {
                let inner_base = match base_ty {
                    Some(Type::List(i) | Type::Map(i)) => Some(i.as_ref()),
                    _ => None,
                };
                let of = match t.get("of") {
                    Some(n) => {
                        let of_name = n.as_str().unwrap_or("").to_string();
                        self.scalar_type(&of_name, t, n, inner_base)?
                    }
                    None => inner_base.cloned().unwrap_or(Type::Text),
                };
                if name == "list" {
                    Type::List(Box::new(of))
                } else {
                    Type::Map(Box::new(of))
                }
            }
            "table_list" | "table" => {
                let base_items = match base_ty {
                    Some(Type::TableList(i) | Type::Table(i)) => Some(i),
                    _ => None,
                };
                let fields = items(self, base_items)?;
                if name == "table" {
                    Type::Table(fields)
                } else {
                    Type::TableList(fields)
                }
            }
            _ => self.scalar_type(name, t, type_node, base_ty)?,
        })
    }

    fn field(&mut self, t: &Table, span: Span, base: Option<&Field>) -> Option<Field> {
        self.unknown_keys(t, FIELD_KEYS);
        let name = self.string(t, "name")?;
        let ty = self.field_type(t, span, base)?;
        let label = self.label(t, base.map(|b| &b.label), span);
        let mut f = base
            .cloned()
            .unwrap_or_else(|| Field::new(&name, ty.clone()));
        f.ty = ty;
        f.label = label;
        if let Some(v) = self.bool(t, "required") {
            f.required = v;
        }
        if let Some(v) = self.conds(t, "when") {
            f.when = v;
        }
        if let Some(v) = self.number(t, "min") {
            f.min = Some(v);
        }
        if let Some(v) = self.number(t, "max") {
            f.max = Some(v);
        }
        if let Some(v) = self.bool(t, "min_exclusive") {
            f.min_exclusive = v;
        }
        if let Some(v) = self.count(t, "min_items") {
            f.min_items = v;
        }
        if let Some(v) = self.count(t, "warn_items") {
            f.warn_items = v;
        }
        if let Some(v) = self.bool(t, "allow_date") {
            f.allow_date = v;
        }
        if let Some(n) = t.get("default") {
            f.default = n.scalar_text();
        }
        if let Some(v) = self.bool(t, "future") {
            f.future = v;
        }
        if let Some(v) = self.bool(t, "entry") {
            f.entry = v;
        }
        if t.get("changes").is_some() {
            f.changes = self.string(t, "changes");
        }
        if let Some(node) = t.get("labels") {
            f.labels = self.value_labels(node);
        }
        Some(f)
    }

    /// The words of enum values: `labels = { good = [ZH, "good"] }`, each value's Chinese
    /// and English label.
    fn value_labels(&mut self, node: &Node) -> Vec<(String, Label)> {
        let Some(table) = node.as_table() else {
            self.wrong(node, "labels", "table");
            return Vec::new();
        };
        let mut out = Vec::new();
        for e in &table.entries {
            let pair: Option<Vec<&str>> = e
                .node
                .as_array()
                .and_then(|a| a.iter().map(Node::as_str).collect());
            match pair.as_deref() {
                Some([zh, en]) => out.push((
                    e.key.clone(),
                    Label {
                        zh: (*zh).to_string(),
                        en: (*en).to_string(),
                    },
                )),
                _ => self.wrong(&e.node, "labels", "array of two strings (zh, en)"),
            }
        }
        out
    }

    /// A field array merged onto `base` by name.
    fn fields(&mut self, t: &Table, key: &str, base: &[Field]) -> Vec<Field> {
        let mut out = base.to_vec();
        for (ft, span) in self.tables(t, key) {
            let name = ft.str("name").unwrap_or("");
            let existing = out.iter().position(|f| f.name == name);
            let Some(field) = self.field(ft, span, existing.map(|i| &out[i])) else {
                if ft.get("name").is_none() {
                    self.missing(span, "name");
                }
                continue;
            };
            match existing {
                Some(i) => out[i] = field,
                None => out.push(field),
            }
        }
        out
    }

    fn stage(&mut self, t: &Table, span: Span, base: Option<&Stage>) -> Option<Stage> {
        self.unknown_keys(t, STAGE_KEYS);
        let key = self.string(t, "key")?;
        let label = self.label(t, base.map(|b| &b.label), span);
        let mut s = base.cloned().unwrap_or(Stage {
            key,
            label: label.clone(),
            start: false,
            optional: false,
            fields: Vec::new(),
            requires: Vec::new(),
            time_limit: None,
        });
        s.label = label;
        if let Some(v) = self.bool(t, "start") {
            s.start = v;
        }
        if let Some(v) = self.bool(t, "optional") {
            s.optional = v;
        }
        s.fields = self.fields(t, "fields", &s.fields);
        for (rt, rspan) in self.tables(t, "requires") {
            self.unknown_keys(rt, &["field", "when", "entry"]);
            let Some(field) = self.string(rt, "field") else {
                self.missing(rspan, "field");
                continue;
            };
            let when = self.conds(rt, "when").unwrap_or_default();
            let entry = self.bool(rt, "entry").unwrap_or(false);
            s.requires.retain(|r| r.field != field);
            s.requires.push(Requirement { field, when, entry });
        }
        if let Some(n) = t.get("time_limit") {
            match n.as_str().and_then(parse_duration) {
                Some(d) => s.time_limit = Some(d),
                None => self.wrong(n, "time_limit", "duration such as \"2d\" or \"4h\""),
            }
        }
        Some(s)
    }

    /// `order = [["a", "b"], …]`: pairs of paths, the first never after the second.
    fn order_pairs(&mut self, node: &Node) -> Vec<(String, String)> {
        let Some(items) = node.as_array() else {
            self.wrong(node, "order", "array of [earlier, later] pairs");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let pair = item.as_array().and_then(|a| match a {
                [x, y] => Some((x.as_str()?.to_string(), y.as_str()?.to_string())),
                _ => None,
            });
            match pair {
                Some(p) => out.push(p),
                None => self.wrong(item, "order", "[earlier, later] pair of field paths"),
            }
        }
        out
    }

    fn kind(&mut self, t: &Table, span: Span, base: Option<&Kind>) -> Option<Kind> {
        self.unknown_keys(t, KIND_KEYS);
        let key = self.string(t, "key")?;
        let text = |r: &mut Self, name: &str, fallback: Option<&String>| match (
            r.string(t, name),
            fallback,
        ) {
            (Some(s), _) => Some(s),
            (None, Some(f)) => Some(f.clone()),
            (None, None) => {
                r.missing(span, name);
                None
            }
        };
        // A folder must stay inside the repository: checks walk it and `new` writes into it.
        let folder = match t.get("folder").map(|n| (n, n.as_str())) {
            Some((_, Some(f))) if folder_ok(f) => Some(f.to_string()),
            Some((node, Some(f))) => {
                let d = self.diag(Code::E0908, node.span);
                d.args.push(("folder", f.into()));
                None
            }
            Some((node, None)) => {
                self.wrong(node, "folder", "relative path such as \"changes\"");
                None
            }
            None => text(self, "folder", base.map(|b| &b.folder)),
        };
        let prefix = text(self, "prefix", base.map(|b| &b.prefix));
        let label = self.label(t, base.map(|b| &b.label), span);
        let fields = self.fields(t, "fields", base.map_or(&[][..], |b| &b.fields));
        let mut stages = base.map(|b| b.stages.clone()).unwrap_or_default();
        for (st, sspan) in self.tables(t, "stage") {
            let skey = st.str("key").unwrap_or("");
            let existing = stages.iter().position(|s| s.key == skey);
            let Some(stage) = self.stage(st, sspan, existing.map(|i| &stages[i])) else {
                if st.get("key").is_none() {
                    self.missing(sspan, "key");
                }
                continue;
            };
            match existing {
                Some(i) => stages[i] = stage,
                None => stages.push(stage),
            }
        }
        let mut order = base.map(|b| b.order.clone()).unwrap_or_default();
        if let Some(node) = t.get("order") {
            for pair in self.order_pairs(node) {
                if !order.contains(&pair) {
                    order.push(pair);
                }
            }
        }
        Some(Kind {
            key,
            folder: folder?,
            prefix: prefix?,
            label,
            fields,
            stages,
            order,
        })
    }

    /// What no single entry can say wrong: duplicates, kinds without a start stage, conditions
    /// and references naming what does not exist.
    fn validate(&mut self, rules: &Rules, root: &Table) {
        let span_of_kind = |key: &str| -> Span {
            root.get("kind")
                .and_then(Node::as_array)
                .and_then(|a| {
                    a.iter()
                        .find(|k| k.as_table().and_then(|t| t.str("key")) == Some(key))
                })
                .map_or(Span::START, |n| n.span)
        };
        for (i, k) in rules.kinds.iter().enumerate() {
            let span = span_of_kind(&k.key);
            for (what, value) in [
                ("kind", &k.key),
                ("folder", &k.folder),
                ("prefix", &k.prefix),
            ] {
                let clash = rules.kinds[..i].iter().any(|o| match what {
                    "kind" => o.key == *value,
                    "folder" => o.folder == *value,
                    _ => o.prefix == *value,
                });
                if clash {
                    let d = self.diag(Code::E0905, span);
                    d.args.push(("what", what.into()));
                    d.args.push(("name", value.as_str().into()));
                }
            }
            if k.stages.is_empty() || !k.stages.iter().any(|s| s.start) {
                let d = self.diag(Code::E0907, span);
                d.args.push(("kind", k.key.as_str().into()));
            }
            let mut names: Vec<&str> = rules.common.iter().map(|f| f.name.as_str()).collect();
            for f in &k.fields {
                if names.contains(&f.name.as_str()) && rules.common.iter().all(|c| c.name != f.name)
                {
                    let d = self.diag(Code::E0905, span);
                    d.args.push(("what", "field".into()));
                    d.args.push(("name", f.name.as_str().into()));
                }
                names.push(&f.name);
            }
            let top: Vec<&str> = names.clone();
            let check_ref = |r: &mut Self, name: &str, what: &str| {
                if !top.contains(&name) {
                    let d = r.diag(Code::E0906, span);
                    d.args.push(("what", what.into()));
                    d.args.push(("name", name.into()));
                }
            };
            let all_fields = k
                .fields
                .iter()
                .chain(k.stages.iter().flat_map(|s| s.fields.iter()));
            for f in all_fields {
                for c in &f.when {
                    check_ref(self, &c.field, "field");
                }
                let kind_ref = match &f.ty {
                    Type::Record(Some(kind)) => Some(kind),
                    Type::List(inner) => match inner.as_ref() {
                        Type::Record(Some(kind)) => Some(kind),
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(kind) = kind_ref
                    && rules.kind(kind).is_none()
                {
                    let d = self.diag(Code::E0906, span);
                    d.args.push(("what", "kind".into()));
                    d.args.push(("name", kind.as_str().into()));
                }
            }
            self.commitments(&k.fields, span);
            for s in &k.stages {
                self.commitments(&s.fields, span);
            }
            for (a, b) in &k.order {
                for path in [a, b] {
                    match order_path_type(rules, k, path) {
                        Some(Type::Date | Type::DateTime) => {}
                        Some(_) => {
                            let d = self.diag(Code::E0904, span);
                            d.args.push(("key", format!("order: {path}").into()));
                            d.args.push(("expected", "date or datetime field".into()));
                        }
                        None => check_ref(self, path, "field"),
                    }
                }
            }
            for (si, s) in k.stages.iter().enumerate() {
                if k.stages[..si].iter().any(|o| o.key == s.key) || names.contains(&s.key.as_str())
                {
                    let d = self.diag(Code::E0905, span);
                    d.args.push(("what", "stage".into()));
                    d.args.push(("name", s.key.as_str().into()));
                }
                for r in &s.requires {
                    check_ref(self, &r.field, "field");
                    for c in &r.when {
                        check_ref(self, &c.field, "field");
                    }
                }
            }
        }
    }
}

impl Reader<'_> {
    /// Each commitment of a field list (`changes = "list"`) names a sibling table list of the
    /// change shape: `date` (a date), `from` and `to` (of the commitment's type), `reason` and
    /// `approved_by`. Table lists' items are searched too (a finding's `due`).
    fn commitments(&mut self, fields: &[Field], span: Span) {
        for f in fields {
            if let Type::TableList(items) | Type::Table(items) = &f.ty {
                self.commitments(items, span);
            }
            let Some(list) = &f.changes else {
                continue;
            };
            let Some(target) = fields.iter().find(|x| &x.name == list) else {
                let d = self.diag(Code::E0906, span);
                d.args.push(("what", "field".into()));
                d.args.push(("name", list.as_str().into()));
                continue;
            };
            let shaped = match &target.ty {
                Type::TableList(items) => {
                    let ty = |name: &str| items.iter().find(|i| i.name == name).map(|i| &i.ty);
                    let same = |x: Option<&Type>| x.is_some_and(|t| t.name() == f.ty.name());
                    ty("date") == Some(&Type::Date)
                        && same(ty("from"))
                        && same(ty("to"))
                        && ty("reason").is_some()
                        && ty("approved_by").is_some()
                }
                _ => false,
            };
            if !shaped {
                let d = self.diag(Code::E0904, span);
                d.args.push(("key", format!("changes: {list}").into()));
                d.args.push((
                    "expected",
                    format!(
                        "table_list of date, from, to ({}), reason, approved_by",
                        f.ty.name()
                    )
                    .into(),
                ));
            }
        }
    }
}

/// The type of the value an `order` path names: `field`, `stage.field`, `stage.at`, or a table
/// list's item field `[stage.]list[].field`. `None` when the path names nothing.
pub fn order_path_type(rules: &Rules, kind: &Kind, path: &str) -> Option<Type> {
    let (head, item) = match path.split_once("[].") {
        Some((h, i)) => (h, Some(i)),
        None => (path, None),
    };
    let field = match head.split_once('.') {
        Some((stage, name)) => {
            let s = &kind.stages[kind.stage_index(stage)?];
            rules.stage_fields(s).find(|f| f.name == name)?
        }
        None => kind
            .fields
            .iter()
            .chain(rules.common.iter())
            .find(|f| f.name == head)?,
    };
    match (item, &field.ty) {
        (None, ty) => Some(ty.clone()),
        (Some(sub), Type::TableList(items)) => {
            items.iter().find(|f| f.name == sub).map(|f| f.ty.clone())
        }
        (Some(_), _) => None,
    }
}

/// Whether a kind folder stays inside the repository: a relative, `/`-separated path whose every
/// part is a plain name (no `..`, no `.`, no empty part, no drive or backslash).
pub fn folder_ok(folder: &str) -> bool {
    !folder.is_empty()
        && !folder.contains(['\\', ':', '\0'])
        && folder
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

fn parse_doc(text: &str, file: &str) -> Result<Node, Vec<Diag>> {
    crate::record::toml::parse(text).map_err(|e| {
        vec![Diag::within(Code::E0101, Check::Rules, file, e.span).arg("message", e.message_arg())]
    })
}

/// Reads a rules file. With `base`, a file whose `mode` is `extend` (the default) is merged onto
/// it; `mode = "replace"` ignores the base.
pub fn parse_rules(text: &str, file: &str, base: Option<&Rules>) -> Result<Rules, Vec<Diag>> {
    let doc = parse_doc(text, file)?;
    let empty = Table::default();
    let root = doc.as_table().unwrap_or(&empty);
    let mut r = Reader {
        file,
        diags: Vec::new(),
    };
    r.unknown_keys(root, &["version", "mode", "common", "stage_common", "kind"]);
    if let Some(v) = root.get("version")
        && v.as_i64() != Some(1)
    {
        r.wrong(v, "version", "1");
    }
    let base = match root.get("mode") {
        None => base,
        Some(n) => match n.as_str() {
            Some("extend") => base,
            Some("replace") => None,
            _ => {
                r.wrong(n, "mode", "\"extend\" or \"replace\"");
                base
            }
        },
    };
    let section = |r: &mut Reader, key: &str, base: &[Field]| -> Vec<Field> {
        match root.get(key) {
            None => base.to_vec(),
            Some(node) => match node.as_table() {
                Some(t) => {
                    r.unknown_keys(t, &["fields"]);
                    r.fields(t, "fields", base)
                }
                None => {
                    r.wrong(node, key, "table");
                    base.to_vec()
                }
            },
        }
    };
    let common = section(&mut r, "common", base.map_or(&[][..], |b| &b.common));
    let stage_common = section(
        &mut r,
        "stage_common",
        base.map_or(&[][..], |b| &b.stage_common),
    );
    let mut kinds = base.map(|b| b.kinds.clone()).unwrap_or_default();
    for (kt, span) in r.tables(root, "kind") {
        let key = kt.str("key").unwrap_or("");
        let existing = kinds.iter().position(|k| k.key == key);
        let Some(kind) = r.kind(kt, span, existing.map(|i| &kinds[i])) else {
            if kt.get("key").is_none() {
                r.missing(span, "key");
            }
            continue;
        };
        match existing {
            Some(i) => kinds[i] = kind,
            None => kinds.push(kind),
        }
    }
    let rules = Rules {
        common,
        stage_common,
        kinds,
    };
    r.validate(&rules, root);
    if r.diags.is_empty() {
        Ok(rules)
    } else {
        r.diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        crate::diag::cap(&mut r.diags);
        Err(r.diags)
    }
}

/// Reads a bare field list (`fields = [...]`), the form of the itc.toml schema.
pub fn parse_field_list(text: &str, file: &str) -> Result<Vec<Field>, Vec<Diag>> {
    let doc = parse_doc(text, file)?;
    let empty = Table::default();
    let root = doc.as_table().unwrap_or(&empty);
    let mut r = Reader {
        file,
        diags: Vec::new(),
    };
    let fields = r.fields(root, "fields", &[]);
    if r.diags.is_empty() {
        Ok(fields)
    } else {
        Err(r.diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Rules {
        Rules::builtin().unwrap()
    }

    #[test]
    fn extend_adds_a_kind_a_field_and_a_time_limit() {
        let text = r#"
[[kind]]
key = "incident"
fields = [{ name = "ticket", type = "text", required = true, zh = "工单号", en = "Ticket" }]
[[kind.stage]]
key = "diagnosis"
time_limit = "2h"

[[kind]]
key = "change"
folder = "changes"
prefix = "CHG"
zh = "变更"
en = "Change"
[[kind.stage]]
key = "requested"
zh = "申请"
en = "Requested"
start = true
"#;
        let base = builtin();
        let rules = parse_rules(text, "rules.toml", Some(&base)).unwrap();
        let inc = rules.kind("incident").unwrap();
        assert!(inc.field("ticket").is_some_and(|f| f.required));
        assert!(inc.field("severity").is_some());
        let diag = &inc.stages[inc.stage_index("diagnosis").unwrap_or(0)];
        assert_eq!(diag.time_limit.map(|d| d.0), Some(7200));
        assert_eq!(diag.fields.len(), 3, "existing fields kept");
        assert!(rules.kind("change").is_some());
        assert_eq!(rules.kinds.len(), 10);
    }

    #[test]
    fn entry_fields_and_order_pairs_are_rules_data_and_read_back() {
        let text = r#"
[[kind]]
key = "change"
folder = "changes"
prefix = "CHG"
zh = "变更"
en = "Change"
fields = [{ name = "window_end", type = "datetime", zh = "窗口结束", en = "Window end" }]
order = [["requested.at", "window_end"], ["requested.planned_on", "requested.steps[].done_on"]]
[[kind.stage]]
key = "requested"
zh = "申请"
en = "Requested"
start = true
fields = [
  { name = "planned_on", type = "date", required = true, entry = true, zh = "计划日期", en = "Planned on" },
  { name = "steps", type = "table_list", zh = "步骤", en = "Steps", items = [
    { name = "done_on", type = "date", zh = "完成日期", en = "Done on" },
  ] },
]
requires = [{ field = "window_end", entry = true }]
"#;
        let rules = parse_rules(text, "rules.toml", Some(&builtin())).unwrap();
        let change = rules.kind("change").unwrap();
        assert!(change.stages[0].fields[0].entry);
        assert!(change.stages[0].requires[0].entry);
        assert_eq!(change.order.len(), 2);
        assert_eq!(
            order_path_type(&rules, change, "requested.steps[].done_on"),
            Some(Type::Date)
        );
        // `itc rules` prints them back, and what it prints reads back to the same rules.
        let written = crate::rules::write::to_toml(&rules, "rules");
        assert_eq!(parse_rules(&written, "x", None).unwrap(), rules);
        let incident = builtin();
        let incident = incident.kind("incident").unwrap();
        assert!(
            incident
                .order
                .contains(&("outage_start".into(), "outage_end".into()))
        );
    }

    #[test]
    fn order_paths_must_name_dates_of_the_kind() {
        let text = r#"
[[kind]]
key = "incident"
order = [["report.occured_at", "report.at"], ["report.symptom", "report.at"], ["x[].y", "outage_end"]]
"#;
        let diags = parse_rules(text, "rules.toml", Some(&builtin()))
            .err()
            .unwrap_or_default();
        let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
        // An unknown field (twice: the misspelt one and the list that is not there), and a text.
        assert_eq!(codes, [Code::E0904, Code::E0906, Code::E0906], "{diags:?}");
    }

    #[test]
    fn folders_must_stay_inside_the_repository() {
        for good in ["incidents", "records/changes", "变更", "a.b"] {
            assert!(folder_ok(good), "{good}");
        }
        for bad in [
            "",
            ".",
            "..",
            "../outside",
            "/",
            "/etc",
            "a/../b",
            "a/",
            "a//b",
            "./a",
            "C:\\x",
            "a\\..\\b",
        ] {
            assert!(!folder_ok(bad), "{bad}");
        }
    }

    #[test]
    fn mistakes_are_reported_at_their_line() {
        let text = "[[kind]]\nkey = \"x\"\nfolder = \"xs\"\nprefix = \"X\"\nzh = \"x\"\nen = \"x\"\nfields = [{ name = \"a\", type = \"txet\", zh = \"a\", en = \"a\" }]\ncolour = 1\n";
        let diags = parse_rules(text, "rules.toml", None)
            .err()
            .unwrap_or_default();
        let found: Vec<(Code, u32)> = diags.iter().map(|d| (d.code, d.span.line)).collect();
        assert!(found.contains(&(Code::E0904, 7)), "{found:?}");
        assert!(found.contains(&(Code::E0903, 8)), "{found:?}");
        assert!(found.contains(&(Code::E0907, 1)), "{found:?}");
    }
}
