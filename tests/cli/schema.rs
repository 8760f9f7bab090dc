//! The committed JSON Schemas are what `itc schema` generates from the built-in rules.

use crate::support::*;

#[test]
fn committed_schemas_match_itc_schema() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let run = itc(&root(), &["schema", "--builtin", "--out", dir]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let mut generated: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    generated.sort();
    let committed = root().join("schema");
    for name in &generated {
        let fresh = std::fs::read_to_string(out.path().join(name)).unwrap();
        expect_file(&committed.join(name), &fresh);
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&committed)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(
        on_disk, generated,
        "schema/ holds exactly the generated files"
    );
    assert_eq!(generated.len(), 10, "nine kinds and itc.toml");
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
