//! The machine outputs of `list`, `show` and `kpi` (JSON and CSV): the same keys, headers and
//! codes in every language, RFC 3339 times and seconds, each explanation with a stable code, and
//! every output valid against its schema in schema/output/ (checked by Python's jsonschema).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::external;
use crate::support::*;

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = itc(dir, args);
    assert!(code(&out) <= 1, "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?} is not JSON ({e}): {}", stdout(&out)))
}

/// Every object key of a JSON value, as paths (`kpis[].explain[].code`): what must not change
/// with the language.
fn key_paths(v: &Value, at: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let path = format!("{at}.{k}");
                out.insert(path.clone());
                // `extra` and `by_level` hold data keys (systems, levels), not translated ones,
                // and are compared as they are.
                key_paths(v, &path, out);
            }
        }
        Value::Array(a) => {
            for v in a {
                key_paths(v, &format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    key_paths(v, "", &mut out);
    out
}

/// The values at `field` of every object in an array, at any depth below `items`.
fn codes(items: &Value, field: &str) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[field].as_str().unwrap().to_string())
        .collect()
}

fn list_args<'a>(lang: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "--lang", lang, "list", "--as-of", DEMO_NOW, "--format", "json",
    ];
    a.extend_from_slice(extra);
    a
}

#[test]
fn list_show_and_kpi_json_have_the_same_keys_and_codes_in_every_language() {
    let repo = demo();
    let zh = json(&repo, &list_args("zh", &["--overdue"]));
    let en = json(&repo, &list_args("en", &["--overdue"]));
    assert!(
        !zh.as_array().unwrap().is_empty(),
        "the demo has overdue records"
    );
    assert_eq!(keys(&zh), keys(&en));
    for (z, e) in zh.as_array().unwrap().iter().zip(en.as_array().unwrap()) {
        assert_eq!(z["id"], e["id"]);
        assert_eq!(z["kind"], e["kind"], "kind is the key in every language");
        assert_eq!(z["stage"], e["stage"]);
        assert_eq!(codes(&z["overdue"], "code"), codes(&e["overdue"], "code"));
        // The text beside the code is translated.
        assert_ne!(z["overdue"][0]["what"], e["overdue"][0]["what"]);
        let code = z["overdue"][0]["code"].as_str().unwrap();
        assert_eq!(z["overdue"][0]["key"], code);
    }

    for id in [
        "PRJ-2026-003",
        "INC-2026-0015",
        "PLN-2026-001",
        "DRL-2026-005",
    ] {
        let args = |lang| {
            vec![
                "--lang", lang, "show", id, "--as-of", DEMO_NOW, "--format", "json",
            ]
        };
        let (z, e) = (json(&repo, &args("zh")), json(&repo, &args("en")));
        assert_eq!(keys(&z), keys(&e), "{id}");
        assert_eq!(codes(&z["overdue"], "code"), codes(&e["overdue"], "code"));
        assert_eq!(codes(&z["needs"], "code"), codes(&e["needs"], "code"));
        assert!(z["entered"].as_str().unwrap().ends_with("+08:00"), "{z}");
        assert!(z["age_s"].is_i64(), "{z}");
    }

    let kpi = |lang| {
        json(
            &repo,
            &[
                "--lang",
                lang,
                "kpi",
                "--period",
                "2026",
                "--as-of",
                DEMO_NOW,
                "--explain",
                "--by",
                "month",
                "--format",
                "json",
            ],
        )
    };
    let (z, e) = (kpi("zh"), kpi("en"));
    assert_eq!(keys(&z), keys(&e));
    let mut seen = BTreeSet::new();
    for (zk, ek) in z["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .zip(e["kpis"].as_array().unwrap())
    {
        assert_eq!(zk["key"], ek["key"]);
        assert_eq!(zk["verdict"], ek["verdict"]);
        assert_eq!(zk["extra"], ek["extra"], "{}", zk["key"]);
        let (zc, ec) = (codes(&zk["explain"], "code"), codes(&ek["explain"], "code"));
        assert_eq!(zc, ec, "{}", zk["key"]);
        for (zi, ei) in zk["explain"]
            .as_array()
            .unwrap()
            .iter()
            .zip(ek["explain"].as_array().unwrap())
        {
            assert_ne!(
                zi["reason"], ei["reason"],
                "the reason beside the code is translated"
            );
        }
        seen.extend(zc);
    }
    // The demo exercises the common codes.
    for c in [
        "on_time",
        "late",
        "missed",
        "not_yet_due",
        "outside_period",
        "measured",
        "passed",
    ] {
        assert!(seen.contains(c), "{c} not in {seen:?}");
    }
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3; tests/run installs it"
)]
fn list_csv_has_one_header_in_every_language_and_machine_values() {
    let repo = demo();
    let csv = |lang: &str| {
        let out = itc(
            &repo,
            &[
                "--lang", lang, "list", "--as-of", DEMO_NOW, "--format", "csv",
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        stdout(&out)
    };
    let (zh, en) = (csv("zh"), csv("en"));
    let header =
        "id,kind,title,stage,stage_label,owner,entered,age_s,age,final,overdue,overdue_codes";
    assert_eq!(zh.lines().next(), Some(header));
    assert_eq!(en.lines().next(), Some(header));
    external::python_with(&["csv"]);
    // Python's csv reads it back, and its values agree with the JSON list.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("list.csv"), &zh).unwrap();
    let listed = json(&repo, &list_args("zh", &[]));
    std::fs::write(dir.path().join("list.json"), listed.to_string()).unwrap();
    let script = r#"
import csv, json, re
rows = list(csv.DictReader(open("list.csv", encoding="utf-8", newline="")))
listed = json.load(open("list.json", encoding="utf-8"))
assert len(rows) == len(listed), (len(rows), len(listed))
rfc3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
for r, j in zip(rows, listed):
    assert r["id"] == j["id"] and r["kind"] == j["kind"] and r["stage"] == j["stage"], (r, j)
    assert (int(r["age_s"]) if r["age_s"] else None) == j["age_s"], (r, j)
    assert r["entered"] == (j["entered"] or ""), (r, j)
    assert not r["entered"] or rfc3339.match(r["entered"]), r
    assert r["final"] == ("true" if j["final"] else "false"), r
    assert r["overdue_codes"] == ";".join(o["code"] for o in j["overdue"]), (r, j)
print(len(rows), sum(1 for r in rows if r["overdue_codes"]))
"#;
    let out = external::python(dir.path(), script, &[]);
    let counts: Vec<usize> = out.split_whitespace().map(|n| n.parse().unwrap()).collect();
    assert!(counts[0] > 20 && counts[1] > 0, "{out}");
}

#[test]
fn people_read_labels_in_the_table_and_the_kpi_notes() {
    let repo = demo();
    let out = itc(
        &repo,
        &["--lang", "zh", "list", "incident", "--as-of", DEMO_NOW],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("故障"), "{text}");
    assert!(!text.contains("incident"), "{text}");
    let out = itc(
        &repo,
        &[
            "--lang",
            "zh",
            "kpi",
            "availability",
            "--period",
            "2026",
            "--as-of",
            DEMO_NOW,
        ],
    );
    let text = stdout(&out);
    let notes: Vec<&str> = text.lines().filter(|l| l.starts_with("· ")).collect();
    assert!(notes.len() > 1, "{text}");
    for n in &notes {
        assert!(n.contains("达标"), "{n}");
        assert!(!n.contains("met") && !n.contains("missed"), "{n}");
    }
    let out = itc(
        &repo,
        &[
            "--lang",
            "en",
            "kpi",
            "availability",
            "--period",
            "2026",
            "--as-of",
            DEMO_NOW,
        ],
    );
    assert!(stdout(&out).contains(", met)"), "{}", stdout(&out));
}

#[test]
#[cfg_attr(
    not(consumer = "jsonschema"),
    ignore = "needs jsonschema for Python (python3 -m pip install jsonschema); tests/run installs it"
)]
fn list_show_and_kpi_outputs_validate_against_their_schemas() {
    external::python_with(&["jsonschema"]);
    let schemas = root().join("schema/output");
    let (mut lists, mut shows, mut kpis) = (Vec::new(), Vec::new(), Vec::new());
    for repo in [
        demo(),
        fixture("extended"),
        fixture("kpi"),
        fixture("invalid"),
    ] {
        for (i, lang) in ["zh", "en"].into_iter().enumerate() {
            let all = json(&repo, &list_args(lang, &[]));
            lists.push(all.clone());
            lists.push(json(&repo, &list_args(lang, &["--overdue"])));
            // Every record shown once, in one language or the other.
            for (n, row) in all.as_array().unwrap().iter().enumerate() {
                if n % 2 != i {
                    continue;
                }
                let id = row["id"].as_str().unwrap();
                let out = itc(
                    &repo,
                    &[
                        "--lang", lang, "show", id, "--as-of", DEMO_NOW, "--format", "json",
                    ],
                );
                if code(&out) == 0 {
                    shows.push(serde_json::from_slice(&out.stdout).unwrap());
                }
            }
            for extra in [
                &["--period", "2026"][..],
                &["--period", "2026-H1", "--explain", "--by", "system"],
            ] {
                let mut args = vec![
                    "--lang", lang, "kpi", "--as-of", DEMO_NOW, "--format", "json",
                ];
                args.extend_from_slice(extra);
                let out = itc(&repo, &args);
                if out.stdout.is_empty() {
                    // A repository whose itc.toml kpi refuses: no output to validate.
                    assert_eq!(code(&out), 2, "{}", stderr(&out));
                    continue;
                }
                kpis.push(serde_json::from_slice(&out.stdout).unwrap());
            }
        }
    }
    assert!(
        shows.len() > 40 && kpis.len() >= 4,
        "{} {}",
        shows.len(),
        kpis.len()
    );
    external::validate(&schemas.join("list.json"), &lists);
    external::validate(&schemas.join("show.json"), &shows);
    external::validate(&schemas.join("kpi.json"), &kpis);
}

#[test]
fn kpi_csv_has_one_header_in_every_language() {
    let csv = |lang: &str| {
        let out = itc(
            &demo(),
            &[
                "--lang", lang, "kpi", "--period", "2026", "--as-of", DEMO_NOW, "--by", "system",
                "--format", "csv",
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        stdout(&out)
    };
    let (zh, en) = (csv("zh"), csv("en"));
    let header = "key,name,group,value,numerator,denominator,target,verdict";
    assert_eq!(zh.lines().next(), Some(header));
    assert_eq!(en.lines().next(), Some(header));
    // Only the KPI's name is translated: every other cell is the same in both languages.
    let strip = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| {
                let mut cells: Vec<&str> = l.split(',').collect();
                cells.remove(1);
                cells.join(",")
            })
            .collect()
    };
    assert_eq!(strip(&zh), strip(&en));
    assert_ne!(zh, en);
}
