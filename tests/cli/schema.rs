//! The committed JSON Schemas are what `itc schema` generates from the built-in rules.

use crate::support::*;

/// The files under `dir`, as `/`-separated paths relative to it, sorted.
fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn committed_schemas_match_itc_schema() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let run = itc(&root(), &["schema", "--builtin", "--out", dir]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let generated = files_under(out.path());
    let committed = root().join("schema");
    for name in &generated {
        let fresh = std::fs::read_to_string(out.path().join(name)).unwrap();
        expect_file(&committed.join(name), &fresh);
    }
    assert_eq!(
        files_under(&committed),
        generated,
        "schema/ holds exactly the generated files"
    );
    assert_eq!(
        generated.len(),
        18,
        "nine kinds, itc.toml, and the outputs of agenda, check, diff, export, kpi, list, score and show"
    );
    assert!(generated.contains(&"output/export.json".to_string()));
}

#[test]
fn schemas_carry_both_languages_and_the_stage_requirements() {
    let out = itc(&root(), &["schema", "--builtin"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let inc = &v["incident.json"];
    assert_eq!(
        inc["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        inc["properties"]["severity"]["enum"],
        serde_json::json!(["P1", "P2", "P3", "P4"])
    );
    assert_eq!(
        inc["properties"]["severity"]["description"],
        "严重级别 / Severity"
    );
    assert_eq!(
        inc["properties"]["report"]["required"],
        serde_json::json!(["at"])
    );
    // Once past `report`, the report section must hold what the stage needs.
    let all_of = inc["allOf"].as_array().unwrap();
    assert!(
        all_of
            .iter()
            .any(|r| r["then"]["properties"]["report"]["required"]
                == serde_json::json!(["by", "symptom", "occurred_at"]))
    );
    // security_level is required when category = security.
    assert!(
        all_of
            .iter()
            .any(|r| r["if"]["properties"]["category"]["const"] == "security"
                && r["then"]["required"] == serde_json::json!(["security_level"]))
    );
}
