//! The effective rules written out: as a rules file (`itc rules`, which reads back to the same
//! model) and as Mermaid state diagrams (`itc rules --format mermaid`).

use std::fmt::Write;

use super::{Cond, Field, Kind, Rules, Stage, Test, Type};
use crate::Lang;
use crate::time::Duration;

fn quote(s: &str) -> String {
    // serde_json's string escaping is also valid TOML basic-string escaping.
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

fn quote_list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", inner.join(", "))
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn conds(cs: &[Cond]) -> String {
    let parts: Vec<String> = cs
        .iter()
        .map(|c| match &c.test {
            Test::Is(v) => {
                let value = if v == "true" || v == "false" {
                    v.clone()
                } else {
                    quote(v)
                };
                format!("{{ field = {}, is = {value} }}", quote(&c.field))
            }
            Test::In(vs) => format!("{{ field = {}, in = {} }}", quote(&c.field), quote_list(vs)),
            Test::Present => format!("{{ field = {}, present = true }}", quote(&c.field)),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

fn scalar_attrs(ty: &Type, out: &mut Vec<String>) {
    match ty {
        Type::Enum(values) => out.push(format!("values = {}", quote_list(values))),
        Type::Record(Some(kind)) => out.push(format!("kind = {}", quote(kind))),
        _ => {}
    }
}

fn field(f: &Field, indent: &str, out: &mut String) {
    let mut attrs = vec![format!("name = {}", quote(&f.name))];
    attrs.push(format!("type = {}", quote(f.ty.name())));
    if let Type::List(of) | Type::Map(of) = &f.ty {
        attrs.push(format!("of = {}", quote(of.name())));
        scalar_attrs(of, &mut attrs);
    }
    scalar_attrs(&f.ty, &mut attrs);
    if f.required {
        attrs.push("required = true".into());
    }
    if !f.when.is_empty() {
        attrs.push(format!("when = {}", conds(&f.when)));
    }
    if let Some(m) = f.min {
        attrs.push(format!("min = {}", number(m)));
    }
    if f.min_exclusive {
        attrs.push("min_exclusive = true".into());
    }
    if let Some(m) = f.max {
        attrs.push(format!("max = {}", number(m)));
    }
    if f.min_items > 0 {
        attrs.push(format!("min_items = {}", f.min_items));
    }
    if f.warn_items > 0 {
        attrs.push(format!("warn_items = {}", f.warn_items));
    }
    if f.allow_date {
        attrs.push("allow_date = true".into());
    }
    if let Some(d) = &f.default {
        attrs.push(format!("default = {}", quote(d)));
    }
    if f.future {
        attrs.push("future = true".into());
    }
    if f.entry {
        attrs.push("entry = true".into());
    }
    if !f.labels.is_empty() {
        let pairs: Vec<String> = f
            .labels
            .iter()
            .map(|(v, l)| format!("{} = [{}, {}]", quote(v), quote(&l.zh), quote(&l.en)))
            .collect();
        attrs.push(format!("labels = {{ {} }}", pairs.join(", ")));
    }
    if let Some(list) = &f.changes {
        attrs.push(format!("changes = {}", quote(list)));
    }
    attrs.push(format!("zh = {}", quote(&f.label.zh)));
    attrs.push(format!("en = {}", quote(&f.label.en)));
    let _ = write!(out, "{indent}{{ {}", attrs.join(", "));
    if let Type::TableList(items) | Type::Table(items) = &f.ty {
        out.push_str(", items = [\n");
        let inner = format!("{indent}  ");
        for item in items {
            field(item, &inner, out);
        }
        let _ = write!(out, "{indent}] ");
    } else {
        out.push(' ');
    }
    out.push_str("},\n");
}

fn fields(fs: &[Field], out: &mut String) {
    if fs.is_empty() {
        out.push_str("fields = []\n");
        return;
    }
    out.push_str("fields = [\n");
    for f in fs {
        field(f, "  ", out);
    }
    out.push_str("]\n");
}

fn stage(s: &Stage, out: &mut String) {
    let _ = writeln!(out, "\n[[kind.stage]]\nkey = {}", quote(&s.key));
    let _ = writeln!(
        out,
        "zh = {}\nen = {}",
        quote(&s.label.zh),
        quote(&s.label.en)
    );
    if s.start {
        out.push_str("start = true\n");
    }
    if s.optional {
        out.push_str("optional = true\n");
    }
    if let Some(limit) = s.time_limit {
        let _ = writeln!(out, "time_limit = {}", quote(&limit.to_string()));
    }
    fields(&s.fields, out);
    if !s.requires.is_empty() {
        let parts: Vec<String> = s
            .requires
            .iter()
            .map(|r| {
                let entry = match r.entry {
                    true => ", entry = true",
                    false => "",
                };
                if r.when.is_empty() {
                    format!("{{ field = {}{entry} }}", quote(&r.field))
                } else {
                    format!(
                        "{{ field = {}, when = {}{entry} }}",
                        quote(&r.field),
                        conds(&r.when)
                    )
                }
            })
            .collect();
        let _ = writeln!(out, "requires = [{}]", parts.join(", "));
    }
}

fn kind(k: &Kind, out: &mut String) {
    let _ = writeln!(out, "\n[[kind]]\nkey = {}", quote(&k.key));
    let _ = writeln!(
        out,
        "folder = {}\nprefix = {}",
        quote(&k.folder),
        quote(&k.prefix)
    );
    let _ = writeln!(
        out,
        "zh = {}\nen = {}",
        quote(&k.label.zh),
        quote(&k.label.en)
    );
    fields(&k.fields, out);
    if !k.order.is_empty() {
        let pairs: Vec<String> = k
            .order
            .iter()
            .map(|(a, b)| format!("[{}, {}]", quote(a), quote(b)))
            .collect();
        let _ = writeln!(out, "order = [{}]", pairs.join(", "));
    }
    for s in &k.stages {
        stage(s, out);
    }
}

/// The rules as a complete rules file (`mode = "replace"`), readable back by `load`, opened by
/// the comment `header` (without its `# `).
pub fn to_toml(rules: &Rules, header: &str) -> String {
    let mut out = format!("# {header}\nversion = 1\nmode = \"replace\"\n\n[common]\n");
    fields(&rules.common, &mut out);
    out.push_str("\n[stage_common]\n");
    fields(&rules.stage_common, &mut out);
    for k in &rules.kinds {
        kind(k, &mut out);
    }
    out
}

/// One Mermaid `stateDiagram-v2` per kind: start stages from `[*]`, each stage to the next and,
/// past optional stages, to the one after; the final stage to `[*]`. A stage's time limit is
/// worded by `limit_text` (the output layer's words for a duration).
pub fn to_mermaid(rules: &Rules, lang: Lang, limit_text: impl Fn(Duration) -> String) -> String {
    let mut out = String::new();
    for k in &rules.kinds {
        let _ = writeln!(out, "%% {} ({})\nstateDiagram-v2", k.label.get(lang), k.key);
        for s in &k.stages {
            let mut label = s.label.get(lang).to_string();
            if let Some(limit) = s.time_limit {
                let _ = write!(label, " ≤ {}", limit_text(limit));
            }
            let _ = writeln!(
                out,
                "    {}_{} : {}",
                k.key,
                s.key,
                label.replace(':', "：")
            );
        }
        for s in k.start_stages() {
            let _ = writeln!(out, "    [*] --> {}_{}", k.key, s.key);
        }
        for (i, s) in k.stages.iter().enumerate() {
            for next in k.stages[i + 1..].iter() {
                let _ = writeln!(out, "    {}_{} --> {}_{}", k.key, s.key, k.key, next.key);
                if !next.optional {
                    break;
                }
            }
        }
        if let Some(last) = k.stages.last() {
            let _ = writeln!(out, "    {}_{} --> [*]", k.key, last.key);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load::parse_rules;

    #[test]
    fn written_rules_read_back_to_the_same_model() {
        let rules = Rules::builtin().unwrap();
        let text = to_toml(&rules, "rules");
        let again =
            parse_rules(&text, "out.toml", None).unwrap_or_else(|d| panic!("{d:?}\n{text}"));
        assert_eq!(again, rules);
    }

    #[test]
    fn mermaid_draws_both_incident_starts() {
        let rules = Rules::builtin().unwrap();
        let m = to_mermaid(&rules, Lang::Zh, |d| d.to_string());
        assert!(m.contains("[*] --> incident_alert"));
        assert!(m.contains("[*] --> incident_report"));
        assert!(m.contains("incident_alert --> incident_report"));
        assert!(m.contains("incident_archived --> [*]"));
    }
}
