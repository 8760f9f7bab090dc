//! `itc fmt`: the demo is kept formatted; formatting is idempotent and never changes a value.

use std::path::Path;

use crate::support::*;

fn records(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            records(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("toml" | "yaml")
        ) && p.file_name().unwrap() != "itc.toml"
        {
            out.push(p);
        }
    }
}

#[test]
fn the_demo_is_formatted() {
    let out = itc(&demo(), &["fmt", "--check"]);
    assert_eq!(
        code(&out),
        0,
        "run `itc -C examples/demo fmt`:\n{}",
        stdout(&out)
    );
}

#[test]
fn fmt_is_idempotent_and_meaning_preserving_on_every_demo_record() {
    let rules = itc::rules::Rules::builtin().unwrap();
    let tz = itc::config::CHINA_STANDARD_TIME;
    let mut files = Vec::new();
    records(&demo(), &mut files);
    assert!(files.len() >= 75);
    for path in files {
        let folder = path
            .strip_prefix(demo())
            .unwrap()
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        let kind = rules.kinds.iter().find(|k| k.folder == folder).unwrap();
        let format = itc::record::Format::from_path(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let once = itc::record::format::format(&text, format, &rules, kind, tz).unwrap();
        let twice = itc::record::format::format(&once, format, &rules, kind, tz).unwrap();
        assert_eq!(once, twice, "{path:?} is not idempotent");
        let parse = |t: &str| {
            let mut d = Vec::new();
            let table =
                itc::record::parse(t, format, "", itc::diag::Check::Syntax, &mut d).unwrap();
            itc::record::format::meaning(
                &itc::record::literal::node(itc::record::value::Value::Table(table)),
                tz,
            )
        };
        assert_eq!(parse(&text), parse(&once), "{path:?} changed meaning");
    }
}

#[test]
fn fmt_reorders_normalises_and_keeps_comments() {
    let dir = temp_copy(&fixture("extended"));
    let path = dir.path().join("incidents/INC-2026-0001.yaml");
    std::fs::write(
        &path,
        "# 手工录入\nreport:\n  symptom: 登录超时   # 用户反映\n  at: \"2026-03-14 09:12\"\n  by: li.wei\n  occurred_at: 2026-03-14T09:05:00+08:00\ntitle: ERP 登录缓慢\nid: INC-2026-0001\nstage: report\nowner: li.wei\nsystem: erp\nseverity: P3\ncategory: software\nticket: OPS-1\n",
    )
    .unwrap();
    let out = itc(dir.path(), &["--lang", "en", "fmt", "--check"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        "not formatted: incidents/INC-2026-0001.yaml\n"
    );
    let out = itc(dir.path(), &["fmt"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "id: INC-2026-0001\ntitle: ERP 登录缓慢\nstage: report\nowner: li.wei\nsystem: erp\nseverity: P3\ncategory: software\nticket: OPS-1\n\n# 手工录入\nreport:\n  at: 2026-03-14T09:12:00+08:00\n  by: li.wei\n  symptom: 登录超时  # 用户反映\n  occurred_at: 2026-03-14T09:05:00+08:00\n"
    );
    assert_eq!(code(&itc(dir.path(), &["fmt", "--check"])), 0);
    assert_eq!(code(&itc(dir.path(), &["check"])), 0);
}
