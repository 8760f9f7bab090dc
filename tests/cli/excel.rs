//! Excel: `export --format xlsx`, `kpi --format xlsx` and CSV's `--bom`, read back by openpyxl
//! (the workbooks) and Python's csv module (the BOM), as a spreadsheet user's tools read them.

use std::path::Path;

use serde_json::Value;

use crate::escapes::{copy, record, run};
use crate::external;
use crate::support::*;

/// Reads a workbook with openpyxl: for each sheet its name, frozen pane, autofilter range,
/// size, header, and every row as `[value, is_date, number_format]` cells (dates as ISO text).
fn read_book(dir: &Path, file: &str) -> Value {
    let script = r#"
import json, sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = v.isoformat()
            cells.append([v, c.is_date, c.number_format])
        rows.append(cells)
    out.append({"name": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                "rows": rows})
print(json.dumps(out, ensure_ascii=False))
"#;
    let text = external::python(dir, script, &[file]);
    serde_json::from_str(&text).unwrap()
}

/// The row of a sheet whose first cell is `id`, as `{header: [value, is_date, format]}`.
fn row_of(sheet: &Value, id: &str) -> serde_json::Map<String, Value> {
    let rows = sheet["rows"].as_array().unwrap();
    let header: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c[0].as_str().unwrap())
        .collect();
    let row = rows.iter().find(|r| r[0][0] == id).unwrap();
    header
        .iter()
        .zip(row.as_array().unwrap())
        .map(|(h, c)| (h.to_string(), c.clone()))
        .collect()
}

#[test]
#[cfg_attr(
    not(consumer = "openpyxl"),
    ignore = "needs openpyxl (python3 -m pip install openpyxl); tests/run installs it"
)]
fn the_export_workbook_has_a_sheet_per_kind_with_the_csv_columns_and_dates_as_dates() {
    external::python_with(&["openpyxl", "csv"]);
    let repo = copy();
    // A date-time written in UTC: the workbook shows it in the org time zone (+08:00), as
    // 02:40Z + 8 h = 10:40.
    replace_in(
        &record(repo.path(), "INC-2026-0001"),
        "outage_end = 2026-01-14T10:40:00+08:00",
        "outage_end = 2026-01-14T02:40:00Z",
    );
    let out = tempfile::tempdir().unwrap();
    let book = out.path().join("records.xlsx");
    let csv = out.path().join("csv");
    let o = run(
        repo.path(),
        &["export", "--format", "xlsx", "-o", book.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "the workbook goes to the file only");
    let o = run(
        repo.path(),
        &["export", "--format", "csv", "-o", csv.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let sheets = read_book(out.path(), "records.xlsx");
    let sheets = sheets.as_array().unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s["name"].as_str().unwrap()).collect();
    // The demo's nine kinds, in the rules' order.
    assert_eq!(
        names,
        [
            "incident",
            "project",
            "drill",
            "appraisal",
            "plan",
            "data",
            "security",
            "survey",
            "backup"
        ]
    );
    for sheet in sheets {
        let name = sheet["name"].as_str().unwrap();
        let rows = sheet["rows"].as_array().unwrap();
        // The same header and as many rows as the kind's CSV.
        let text = std::fs::read_to_string(csv.join(format!("{name}.csv"))).unwrap();
        let csv_header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let header: Vec<&str> = rows[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c[0].as_str().unwrap())
            .collect();
        assert_eq!(header, csv_header, "{name}");
        let csv_rows = external::python(
            out.path(),
            "import csv, sys\nprint(sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8'))) - 1)",
            &[csv.join(format!("{name}.csv")).to_str().unwrap()],
        );
        assert_eq!(
            rows.len() - 1,
            csv_rows.trim().parse::<usize>().unwrap(),
            "{name}"
        );
        // The header row frozen, the filter over the header and every row: A1 to the last
        // column's letter and the last row's number.
        assert_eq!(sheet["freeze"], "A2", "{name}");
        let last = column_letters(header.len());
        assert_eq!(
            sheet["filter"],
            format!("A1:{last}{}", rows.len()).as_str(),
            "{name}"
        );
    }
    let incident = &sheets[0];
    let row = row_of(incident, "INC-2026-0001");
    assert_eq!(row["title"][0], "ERP 数据库连接池耗尽");
    assert_eq!(row["title"][1], false);
    // Date-times: Excel dates with a date-time format, in the org time zone.
    for (col, at) in [
        ("outage_start", "2026-01-14T09:05:00"),
        ("outage_end", "2026-01-14T10:40:00"),
        ("report.at", "2026-01-14T09:12:00"),
    ] {
        assert_eq!(row[col][0], at, "{col}");
        assert_eq!(row[col][1], true, "{col} is a date cell");
        assert_eq!(row[col][2], "yyyy-mm-dd hh:mm:ss", "{col}");
    }
    // A list of people: the CSV's `;`-joined text.
    assert_eq!(row["diagnosis.consultation"][0], "wang.wu;zhao.liu");
    // A number stays a number: the plan's year.
    let plan = sheets.iter().find(|s| s["name"] == "plan").unwrap();
    let year = row_of(plan, "PLN-2025-001");
    assert_eq!(year["year"][0], 2025);
    assert_eq!(year["year"][1], false);
}

/// The letters of the `n`th column (1 = A, 27 = AA).
fn column_letters(mut n: usize) -> String {
    let mut s = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        s.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

#[test]
fn column_letters_are_excels() {
    assert_eq!(column_letters(1), "A");
    assert_eq!(column_letters(26), "Z");
    assert_eq!(column_letters(27), "AA");
    assert_eq!(column_letters(38), "AL");
}

#[test]
#[cfg_attr(
    not(consumer = "openpyxl"),
    ignore = "needs openpyxl (python3 -m pip install openpyxl); tests/run installs it"
)]
fn a_date_field_is_a_date_cell() {
    external::python_with(&["openpyxl"]);
    let repo = copy();
    let out = tempfile::tempdir().unwrap();
    let o = run(
        repo.path(),
        &["export", "backup", "--format", "xlsx", "-o", "b.xlsx"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    std::fs::rename(repo.path().join("b.xlsx"), out.path().join("b.xlsx")).unwrap();
    let sheets = read_book(out.path(), "b.xlsx");
    assert_eq!(
        sheets.as_array().unwrap().len(),
        1,
        "only the kind asked for"
    );
    let sheet = &sheets[0];
    assert_eq!(sheet["name"], "backup");
    let text = std::fs::read_to_string(record(repo.path(), "BAK-2026-001")).unwrap();
    // Every `YYYY-MM-DD` the record holds as a date field is a date cell, not text.
    let row = row_of(sheet, "BAK-2026-001");
    let dates: Vec<(&String, &Value)> = row.iter().filter(|(_, c)| c[2] == "yyyy-mm-dd").collect();
    assert!(!dates.is_empty(), "{row:?}\n{text}");
    for (col, cell) in dates {
        assert_eq!(cell[1], true, "{col}");
        let day = &cell[0].as_str().unwrap()[..10];
        assert!(text.contains(day), "{col}: {day} is the record's");
    }
}

#[test]
#[cfg_attr(
    not(consumer = "openpyxl"),
    ignore = "needs openpyxl (python3 -m pip install openpyxl); tests/run installs it"
)]
fn the_kpi_workbook_holds_the_table_in_the_output_language() {
    external::python_with(&["openpyxl"]);
    let out = tempfile::tempdir().unwrap();
    for lang in ["en", "zh"] {
        let file = out.path().join(format!("kpi-{lang}.xlsx"));
        let o = Itc::new(&demo())
            .today("2026-12-31")
            .args(["--lang", lang, "kpi", "availability", "--period", "2026"])
            .args(["--by", "system", "--format", "xlsx", "-o"])
            .args([file.to_str().unwrap()])
            .run();
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(stdout(&o), "");
    }
    let en = read_book(out.path(), "kpi-en.xlsx");
    let sheet = &en[0];
    assert_eq!(sheet["name"], "KPIs");
    assert_eq!(sheet["freeze"], "A2");
    let rows = sheet["rows"].as_array().unwrap();
    let header: Vec<&Value> = rows[0].as_array().unwrap().iter().map(|c| &c[0]).collect();
    assert_eq!(
        header,
        [
            "KPI",
            "key",
            "period",
            "group",
            "value",
            "numerator",
            "denominator",
            "n/d",
            "target",
            "verdict"
        ]
    );
    // The table says 99.92% (48221.96h/48260h, target ≥ 99.90%, met): 48221.97 / 48260 =
    // 0.999212…, truncated to hundredths of a percent, 0.9992, formatted as a percentage; the
    // hours are numbers.
    let total = rows[1].as_array().unwrap();
    assert_eq!(total[0][0], "System availability");
    assert_eq!(total[1][0], "availability");
    assert_eq!(total[2][0], "2026");
    assert_eq!(total[3][0], Value::Null);
    assert_eq!(total[4][0], 0.9992);
    assert_eq!(total[4][2], "0.00%");
    assert_eq!(total[6][0], 48260);
    assert_eq!(total[7][0], "48221.96h/48260h");
    assert_eq!(total[8][0], "≥ 99.90%");
    assert_eq!(total[9][0], "met");
    // The groups of --by follow, one row per system: erp 99.88% (8750.25h of 8760h).
    let erp = rows.iter().find(|r| r[3][0] == "erp").unwrap();
    assert_eq!(erp[4][0], 0.9988);
    assert_eq!(erp[6][0], 8760);
    assert_eq!(
        sheet["filter"],
        format!("A1:J{}", rows.len()).as_str(),
        "ten columns"
    );
    let zh = read_book(out.path(), "kpi-zh.xlsx");
    assert_eq!(zh[0]["name"], "指标");
    let zh_rows = zh[0]["rows"].as_array().unwrap();
    assert_eq!(zh_rows[0][0][0], "指标");
    assert!(has_cjk(zh_rows[1][0][0].as_str().unwrap()));
    assert_eq!(zh_rows[1][9][0], "达标");
}

#[test]
#[cfg_attr(
    not(consumer = "openpyxl"),
    ignore = "needs openpyxl (python3 -m pip install openpyxl); tests/run installs it"
)]
fn the_score_workbook_holds_the_items_the_subtotals_and_the_total() {
    external::python_with(&["openpyxl"]);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("score.xlsx");
    let o = Itc::new(&demo())
        .today("2026-12-31")
        .args([
            "--lang", "en", "score", "--period", "2026", "--format", "xlsx", "-o",
        ])
        .args([file.to_str().unwrap()])
        .run();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let book = read_book(out.path(), "score.xlsx");
    let items = &book[0];
    assert_eq!(items["name"], "Items");
    assert_eq!(items["freeze"], "A2");
    let rows = items["rows"].as_array().unwrap();
    // The demo's card: 21 items under the header (docs/scorecard.md's worked example).
    assert_eq!(rows.len(), 22);
    let header: Vec<&Value> = rows[0].as_array().unwrap().iter().map(|c| &c[0]).collect();
    assert_eq!(
        header,
        [
            "Category", "Item", "KPI", "Weight", "Value", "Target", "Floor", "Points", "Evidence"
        ]
    );
    // availability 99.92 % against ≥ 99.90 % with the floor 99.5 %, weight 6: all 6 points; the
    // value and floor are percentages, the points a number.
    let avail = rows.iter().find(|r| r[2][0] == "availability").unwrap();
    assert_eq!(avail[3][0], 6);
    assert_eq!(avail[4][0], 0.9992);
    assert_eq!(avail[4][2], "0.00%");
    assert_eq!(avail[5][0], "≥ 99.90%");
    assert_eq!(avail[6][0], 0.995);
    assert_eq!(avail[7][0], 6);
    // 创新能力, a manual item: 10 × 55 / 100 = 5.5, from the manager's appraisal.
    let innovation = rows.iter().find(|r| r[1][0] == "创新能力").unwrap();
    assert_eq!(innovation[7][0], 5.5);
    assert!(
        innovation[8][0].as_str().unwrap().contains("APR-2026-010"),
        "{innovation:?}"
    );
    // The subtotals, then the total: 37.4668 of 100 weights scored (as `score` says).
    let subtotals = book[1]["rows"].as_array().unwrap();
    assert_eq!(book[1]["name"], "Subtotals by category");
    assert_eq!(subtotals.len(), 6, "header, four categories, the total");
    assert_eq!(subtotals[3][0][0], "Communication");
    assert_eq!(subtotals[3][1][0], 7);
    let total = &subtotals[5];
    assert_eq!(total[0][0], "Total");
    assert!((total[1][0].as_f64().unwrap() - 37.466_754_591_428_7).abs() < 1e-9);
    assert_eq!(total[2][0], 100);
}

#[test]
fn a_workbook_is_never_printed() {
    for args in [
        &["export", "--format", "xlsx"][..],
        &["kpi", "--format", "xlsx"][..],
        &["score", "--format", "xlsx"][..],
    ] {
        let o = run(&demo(), args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert_eq!(stdout(&o), "", "{args:?}");
        assert!(stderr(&o).contains("-o FILE.xlsx"), "{}", stderr(&o));
    }
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3; tests/run installs it"
)]
fn bom_starts_each_csv_with_the_utf8_byte_order_mark() {
    external::python_with(&["csv"]);
    let o = run(&demo(), &["export", "--format", "csv", "--bom", "incident"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(o.stdout.starts_with(b"\xEF\xBB\xBF"), "the BOM comes first");
    let plain = run(&demo(), &["export", "--format", "csv", "incident"]);
    assert_eq!(
        &o.stdout[3..],
        &plain.stdout[..],
        "and nothing else changes"
    );
    // Into a folder: every file starts with it; Python's utf-8-sig reads it as Excel does.
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        &demo(),
        &[
            "export",
            "--format",
            "csv",
            "--bom",
            "-o",
            dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let first = external::python(
        dir.path(),
        "import csv\nprint(next(csv.reader(open('backup.csv', encoding='utf-8-sig')))[0])",
        &[],
    );
    assert_eq!(first, "id\n");
    let raw = std::fs::read(dir.path().join("backup.csv")).unwrap();
    assert!(raw.starts_with(b"\xEF\xBB\xBFid,"));
    // Only CSV has a BOM.
    let o = run(&demo(), &["export", "--format", "json", "--bom"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--bom"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
#[cfg_attr(
    not(consumer = "script"),
    ignore = "needs script from util-linux (apt-get install bsdutils); tests/run installs it"
)]
fn a_workbook_is_not_written_to_a_terminal() {
    // Under `script`, /dev/stdout is a pseudo-terminal: the workbook is refused there (exit 2,
    // `script -e` passes it on), and with a file it is written.
    let run_on_a_terminal = |args: &str| {
        let line = format!("{} --lang en {args}", env!("CARGO_BIN_EXE_itc"));
        let mut cmd = std::process::Command::new("script");
        isolated(&mut cmd)
            .args(["-q", "-e", "-c", &line, "/dev/null"])
            .current_dir(demo());
        cmd.output().unwrap()
    };
    let o = run_on_a_terminal("export --format xlsx -o /dev/stdout");
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stdout(&o).contains("-o FILE.xlsx"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("PK"), "no zip on the terminal");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("k.xlsx");
    let o = run_on_a_terminal(&format!("kpi --format xlsx -o {}", file.display()));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        std::fs::read(&file).unwrap().starts_with(b"PK"),
        "a zip file"
    );
}
