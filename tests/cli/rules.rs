//! `itc rules`: the effective rules as a rules file and as Mermaid diagrams.

use crate::support::*;

#[test]
fn builtin_rules_print_and_read_back() {
    let out = itc(&root(), &["rules", "--builtin"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("mode = \"replace\""));
    // Written out as a repository's rules.toml, they are accepted and change nothing.
    let dir = temp_copy(&demo());
    std::fs::write(dir.path().join("rules.toml"), &text).unwrap();
    let check = itc(dir.path(), &["check"]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
}

#[test]
fn effective_rules_include_the_repository_extension() {
    let out = itc(&fixture("extended"), &["rules"]);
    let text = stdout(&out);
    assert!(text.contains("key = \"change\""), "{text}");
    assert!(text.contains("time_limit = \"2h\""), "{text}");
    assert!(text.contains("name = \"ticket\""), "{text}");
}

#[test]
fn mermaid_draws_every_workflow_in_the_chosen_language() {
    let out = itc(&demo(), &["rules", "--format", "mermaid"]);
    let text = stdout(&out);
    assert_eq!(text.matches("stateDiagram-v2").count(), 9);
    assert!(text.contains("incident_report : 故障报告"));
    assert!(text.contains("[*] --> incident_alert"));
    let en = stdout(&itc(
        &demo(),
        &["--lang", "en", "rules", "--format", "mermaid"],
    ));
    assert!(en.contains("incident_report : Report"));
    let ext = stdout(&itc(
        &fixture("extended"),
        &["--lang", "en", "rules", "--format", "mermaid"],
    ));
    assert!(ext.contains("incident_diagnosis : Diagnosis ≤ 2h"), "{ext}");
    // In Chinese the limit is worded too, and the file's values stay as the file writes them.
    let zh = stdout(&itc(
        &fixture("extended"),
        &["--lang", "zh", "rules", "--format", "mermaid"],
    ));
    assert!(
        zh.contains("incident_diagnosis : 故障诊断 ≤ 2 小时"),
        "{zh}"
    );
    let file = stdout(&itc(&fixture("extended"), &["--lang", "zh", "rules"]));
    assert!(file.starts_with("# 生效的 itc 规则"), "{file}");
    assert!(file.contains("time_limit = \"2h\""), "{file}");
}
