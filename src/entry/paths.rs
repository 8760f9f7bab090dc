//! The paths `--set` takes for a kind, and the field a path names: what shell completion offers
//! before and after the `=` (`assign` decides where a path's value goes and reads it).

use crate::rules::{Field, Kind, Rules, Type};

/// A record's id, kind and stage are itc's to write (`new`, `advance`), not `--set`'s.
const WRITTEN_BY_ITC: [&str; 3] = ["id", "kind", "stage"];

/// The paths `--set` takes, each with its field: the record's own fields (but those itc
/// writes); the fields of one stage alone by name (those of `first` first); every stage's
/// fields as `stage.field`. A path ends in `=`, a table list's item fields are `name[].field=`
/// (a new item), and a map's keys are free (`name.`).
pub fn keys<'r>(rules: &'r Rules, kind: &'r Kind, first: Option<&str>) -> Vec<(String, &'r Field)> {
    let mut out: Vec<(String, &Field)> = Vec::new();
    let mut push = |path: String, f: &'r Field| {
        let paths = match &f.ty {
            Type::TableList(items) => items
                .iter()
                .map(|i| format!("{path}[].{}=", i.name))
                .collect(),
            Type::Map(_) => vec![format!("{path}.")],
            _ => vec![format!("{path}=")],
        };
        for p in paths {
            if !out.iter().any(|(v, _)| *v == p) {
                out.push((p, f));
            }
        }
    };
    let own = rules
        .common
        .iter()
        .filter(|f| !WRITTEN_BY_ITC.contains(&f.name.as_str()));
    for f in own.chain(kind.fields.iter()) {
        push(f.name.clone(), f);
    }
    let mut stages: Vec<_> = kind.stages.iter().collect();
    stages.sort_by_key(|s| Some(s.key.as_str()) != first);
    for s in &stages {
        for f in &s.fields {
            let owners = kind
                .stages
                .iter()
                .filter(|o| o.fields.iter().any(|g| g.name == f.name));
            if owners.count() == 1 {
                push(f.name.clone(), f);
            }
        }
    }
    for s in &stages {
        for f in rules.stage_fields(s) {
            push(format!("{}.{}", s.key, f.name), f);
        }
    }
    out
}

/// The paths `list --where` takes: a kind's own fields and `stage.field`, each with `=`; those
/// holding a table, which `--where` does not compare, left out.
pub fn where_keys<'r>(rules: &'r Rules, kind: &'r Kind) -> Vec<(String, &'r Field)> {
    let flat = |f: &Field| !matches!(f.ty, Type::TableList(_) | Type::Table(_) | Type::Map(_));
    let own = rules.common.iter().chain(kind.fields.iter());
    let mut out: Vec<(String, &Field)> = own
        .filter(|f| flat(f))
        .map(|f| (format!("{}=", f.name), f))
        .collect();
    for s in &kind.stages {
        let fields = rules.stage_fields(s).filter(|f| flat(f));
        out.extend(fields.map(|f| (format!("{}.{}=", s.key, f.name), f)));
    }
    out
}

/// The field a `--set` path names, and the type of what follows its `=` (a table list item's
/// field's, a map value's).
pub fn field_at<'r>(rules: &'r Rules, kind: &'r Kind, path: &str) -> Option<(&'r Field, &'r Type)> {
    fn name_of(p: &str) -> &str {
        p.split_once('[').map_or(p, |(n, _)| n)
    }
    let parts: Vec<&str> = path.split('.').collect();
    let mut top = rules.common.iter().chain(kind.fields.iter());
    // `stage.field…` when the first part is a stage key and not a field of its own.
    let stage = match parts.as_slice() {
        [first, _, ..] if !top.any(|f| f.name == *first) => {
            kind.stages.iter().find(|s| s.key == name_of(first))
        }
        _ => None,
    };
    let rest = match stage {
        Some(_) => &parts[1..],
        None => &parts[..],
    };
    let name = name_of(rest.first()?);
    let field = match stage {
        Some(s) => rules.stage_fields(s).find(|f| f.name == name)?,
        None => rules
            .common
            .iter()
            .chain(kind.fields.iter())
            .chain(kind.stages.iter().flat_map(|s| s.fields.iter()))
            .chain(rules.stage_common.iter())
            .find(|f| f.name == name)?,
    };
    match (&field.ty, rest.get(1)) {
        (Type::TableList(items), Some(sub)) => {
            let item = items.iter().find(|i| i.name == *sub)?;
            Some((item, &item.ty))
        }
        (Type::Map(of), Some(_)) => Some((field, of)),
        (ty, None) => Some((field, ty)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incidents_paths_and_the_fields_they_name() {
        let rules = Rules::builtin().unwrap();
        let kind = rules.kind("incident").unwrap();
        let keys: Vec<String> = keys(&rules, kind, Some("handling"))
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        // Own fields first (title, the first common field itc does not write), then the
        // handling stage's own fields by name, before any other stage's.
        assert_eq!(keys[0], "title=");
        let at = |p: &str| keys.iter().position(|k| k == p).unwrap();
        assert!(at("system=") < at("actions="));
        assert!(at("actions=") < at("symptom="));
        assert!(at("symptom=") < at("handling.actions="));
        assert!(at("handling.at=") < at("report.symptom="));
        assert!(keys.contains(&"severity_changes[].reason=".to_string()));
        for own in ["id=", "kind=", "stage="] {
            assert!(!keys.contains(&own.to_string()), "{own}");
        }
        let ty = |p: &str| field_at(&rules, kind, p).map(|(_, t)| t.name());
        assert_eq!(ty("severity"), Some("enum"));
        assert_eq!(ty("report.occurred_at"), Some("datetime"));
        assert_eq!(ty("occurred_at"), Some("datetime"));
        assert_eq!(ty("handling.by"), Some("person"));
        assert_eq!(ty("severity_changes[].approved_by"), Some("person"));
        assert_eq!(ty("severity_changes[0].to"), Some("enum"));
        assert_eq!(ty("report.nothing"), None);
        assert_eq!(ty("nothing"), None);
        // --where: top-level fields and stage fields by `stage.field` alone, no table lists.
        let keys: Vec<String> = where_keys(&rules, kind)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert!(keys.contains(&"system=".to_string()));
        assert!(keys.contains(&"report.symptom=".to_string()));
        assert!(!keys.contains(&"symptom=".to_string()));
        assert!(!keys.iter().any(|k| k.starts_with("severity_changes")));
    }
}
