//! The layers of `src/` (drawn in `lib.rs`'s module docs) point down: a module may use the
//! modules of its own layer and those below, never one above. The test reads every `crate::`
//! path in the sources (unit-test modules aside), as rust-analyzer's and cargo's "tidy" tests
//! read theirs.
//!
//! `DEBTS` lists the upward uses that remain from before the layers were drawn. A new upward use
//! fails the test; so does a debt that has been paid, until it is struck from the list, so the
//! list only shrinks.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{root, sources};

/// The layers, bottom first. Every top-level module of `src/` is in exactly one.
const LAYERS: &[&[&str]] = &[
    &["git", "time", "diag", "templates"],
    &["record"],
    &["rules"],
    &["config"],
    &["repo", "snapshot", "leftovers"],
    &["facts", "filter", "status", "acting", "agenda"],
    &["check", "kpi", "score"],
    &["output"],
    &["diff", "entry", "export", "report", "workflow"],
    &["cmd", "cli"],
];

/// Upward uses still to remove: (from, to).
const DEBTS: &[(&str, &str)] = &[];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level modules of `src/` and, for each, the other top-level modules its files name
/// with a `crate::` path.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut modules = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" || name == "main" {
            continue;
        }
        if path.is_dir() || path.extension().is_some_and(|e| e == "rs") {
            modules.insert(name, path);
        }
    }
    let mut uses = BTreeMap::new();
    for (name, path) in &modules {
        let mut files = Vec::new();
        if path.is_dir() {
            sources(path, &mut files);
        } else {
            files.push(path.clone());
        }
        let mut used = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            // A module's unit tests may reach up: they test it in use.
            let text = text
                .find("\n#[cfg(test)]\nmod ")
                .map_or(text.as_str(), |end| &text[..end]);
            for (at, _) in text.match_indices("crate::") {
                let rest = &text[at + "crate::".len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                let target = &rest[..end];
                if target != name && modules.contains_key(target) {
                    used.insert(target.to_string());
                }
            }
        }
        uses.insert(name.clone(), used);
    }
    uses
}

#[test]
fn every_module_has_a_layer() {
    for module in uses().keys() {
        assert!(
            layer_of(module).is_some(),
            "src/{module} has no layer: add it to LAYERS here and to lib.rs's drawing"
        );
    }
}

#[test]
fn modules_use_only_their_layer_and_those_below() {
    let mut upward = BTreeSet::new();
    for (from, used) in uses() {
        let Some(low) = layer_of(&from) else {
            continue;
        };
        for to in used {
            if layer_of(&to).is_some_and(|high| high > low) {
                upward.insert((from.clone(), to));
            }
        }
    }
    let debts: BTreeSet<(String, String)> = DEBTS
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<_> = upward.difference(&debts).collect();
    assert!(
        new.is_empty(),
        "these modules use a module of a higher layer (see lib.rs): {new:?}"
    );
    let paid: Vec<_> = debts.difference(&upward).collect();
    assert!(
        paid.is_empty(),
        "these upward uses are gone: strike them from DEBTS: {paid:?}"
    );
}

#[test]
fn lib_rs_draws_the_same_layers() {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    for layer in LAYERS {
        let line = format!("//! | {} |", layer.join(", "));
        assert!(lib.contains(&line), "lib.rs lacks the layer line `{line}`");
    }
}
